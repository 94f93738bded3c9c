/**
 * The live transcript as the client holds it across resumes. Finals are kept by `segmentId`: a
 * final the server sends again after a resume (it resends every stored final after the client's
 * `lastSegmentId`) is recognised and dropped, so the page shows each final once. A partial
 * replaces the previous partial; one for a segment that is already final is stale.
 */
export class TranscriptLedger {
  constructor() {
    this._finals = new Map(); // segmentId → final
    this._contiguous = -1; // every final 0..this is held
    this.partial = null;
    this.duplicates = 0;
  }

  /**
   * Records a Transcript event.
   * @returns {'final'|'partial'|'duplicate'|'stale'} what it means for the page
   */
  accept(t) {
    const id = Number(t?.segmentId);
    if (!Number.isInteger(id) || id < 0) {
      return 'stale';
    }
    if (t.isFinal) {
      if (this._finals.has(id)) {
        this.duplicates++;
        return 'duplicate';
      }
      this._finals.set(id, t);
      while (this._finals.has(this._contiguous + 1)) {
        this._contiguous++;
      }
      if (this.partial && this.partial.segmentId <= id) {
        this.partial = null;
      }
      return 'final';
    }
    if (this._finals.has(id)) {
      return 'stale';
    }
    this.partial = t;
    return 'partial';
  }

  /**
   * The resume cursor (`lastSegmentId`): the highest segment id up to which every final is held,
   * or null before the first. A final missed in the middle keeps the cursor before it, so the
   * server sends it again.
   */
  get lastSegmentId() {
    return this._contiguous >= 0 ? this._contiguous : null;
  }

  /** The finals held, by segment id. */
  get finals() {
    return [...this._finals.values()].sort((a, b) => a.segmentId - b.segmentId);
  }

  get size() {
    return this._finals.size;
  }
}
