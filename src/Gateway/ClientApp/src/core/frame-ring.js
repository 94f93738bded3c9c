/**
 * The live path's ring buffer of recent PCM frames, by sequence number. After a reconnect the
 * server answers StartSession with `nextSeq`; the client replays frames from there, so an outage
 * shorter than the ring's span loses no audio.
 */
export class FrameRing {
  /** @param {number} capacity frames kept (1,200 × 100 ms = 2 minutes) */
  constructor(capacity = 1200) {
    if (!(capacity > 0)) {
      throw new RangeError('capacity must be positive');
    }
    this.capacity = capacity;
    this._frames = new Array(capacity);
    this._newest = -1; // highest seq pushed
    this._count = 0;
  }

  /** Oldest seq still held (or -1 when empty). */
  get oldestSeq() {
    return this._count === 0 ? -1 : this._newest - this._count + 1;
  }

  /** Newest seq held (or -1 when empty). */
  get newestSeq() {
    return this._newest;
  }

  get size() {
    return this._count;
  }

  /**
   * Adds the frame with the next sequence number.
   * @param {number} seq must be newestSeq + 1 (or anything when empty)
   * @param {Uint8Array} pcm
   */
  push(seq, pcm) {
    if (this._count > 0 && seq !== this._newest + 1) {
      throw new RangeError(`frames must be pushed in order: expected ${this._newest + 1}, got ${seq}`);
    }
    this._frames[seq % this.capacity] = { seq, pcm };
    this._newest = seq;
    this._count = Math.min(this._count + 1, this.capacity);
  }

  /** Frames with seq ≥ from that are still held, oldest first. */
  *from(from) {
    const first = Math.max(from, this.oldestSeq);
    if (this._count === 0) {
      return;
    }
    for (let seq = first; seq <= this._newest; seq++) {
      yield this._frames[seq % this.capacity];
    }
  }
}
