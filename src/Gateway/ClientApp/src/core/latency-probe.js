/**
 * Live latency: the time from sending the frame that completes the audio a transcript covers to
 * receiving that transcript. Remembers when each of the last `capacity` frames was sent.
 */
export class LatencyProbe {
  constructor(capacity, frameMs = 100) {
    this._sentAt = new Float64Array(capacity);
    this._frameMs = frameMs;
  }

  sent(seq, now = performance.now()) {
    this._sentAt[seq % this._sentAt.length] = now;
  }

  /** Milliseconds since the frame ending at `audioProcessedMs` was sent, or null when unknown. */
  measure(audioProcessedMs, nextSeq, now = performance.now()) {
    const seq = Math.ceil((audioProcessedMs ?? 0) / this._frameMs) - 1;
    if (seq < 0 || seq >= nextSeq || seq < nextSeq - this._sentAt.length) {
      return null;
    }
    const sent = this._sentAt[seq % this._sentAt.length];
    return sent > 0 ? Math.max(0, Math.round(now - sent)) : null;
  }
}
