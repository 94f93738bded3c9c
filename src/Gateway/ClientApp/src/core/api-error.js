/**
 * A failed HTTP call: `status` is 0 for a network failure (offline, connection reset, aborted),
 * `code` is the problem's stable machine-readable code when the server sent one.
 */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code || (status === 0 ? 'network' : `http_${status}`);
  }

  /** Worth trying again later: network trouble, timeouts, rate limits, server errors. */
  get transient() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}
