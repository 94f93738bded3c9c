/**
 * The upload queue's store kept in memory: the same interface as IdbChunkStore (idb-store.js), for
 * node tests and for browsers without IndexedDB (private modes), where nothing survives a reload.
 */
export class MemoryChunkStore {
  constructor() {
    this._chunks = new Map();
    this._markers = new Map();
  }

  async putChunk(record) {
    this._chunks.set(record.id, { ...record });
  }

  async deleteChunk(id) {
    this._chunks.delete(id);
  }

  async getChunk(id) {
    const record = this._chunks.get(id);
    return record ? { ...record } : undefined;
  }

  async listChunks(userId) {
    return [...this._chunks.values()].filter((r) => r.userId === userId).map((r) => ({ ...r }));
  }

  async putMarker(marker) {
    this._markers.set(marker.sessionId, { ...marker });
  }

  async deleteMarker(sessionId) {
    this._markers.delete(sessionId);
  }

  async listMarkers(userId) {
    return [...this._markers.values()].filter((m) => m.userId === userId).map((m) => ({ ...m }));
  }

  /** True where data survives a reload (IndexedDB); false here. */
  get durable() {
    return false;
  }
}
