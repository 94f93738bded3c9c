/**
 * Exponential backoff with jitter: attempt 1 waits about baseMs, each further attempt `factor` times
 * longer, never more than maxMs.
 * @param {number} attempt 1-based number of the attempt that just failed
 * @param {{baseMs?: number, maxMs?: number, factor?: number, jitter?: number}} [options]
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, options = {}, random = Math.random) {
  const { baseMs = 500, maxMs = 30000, factor = 2, jitter = 0.2 } = options;
  const raw = Math.min(maxMs, baseMs * factor ** Math.max(0, attempt - 1));
  const spread = raw * jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(maxMs, raw + spread)));
}
