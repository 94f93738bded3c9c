/**
 * The upload queue's durable store on IndexedDB: every chunk not yet confirmed by the server (its
 * bytes as a Blob and its metadata), and the sessions waiting to be finalized. A reload, a crash or
 * a network loss therefore loses nothing; on the next sign-in the queue picks them up again.
 * Same interface as MemoryChunkStore.
 */
const DB_NAME = 'hybrid-uploads';
const DB_VERSION = 1;

export class IdbChunkStore {
  /** @param {IDBFactory} [factory] */
  constructor(factory = globalThis.indexedDB) {
    this._factory = factory;
    this._db = null;
  }

  /** Opens the database, or rejects where IndexedDB is unavailable. */
  static async open(factory = globalThis.indexedDB) {
    const store = new IdbChunkStore(factory);
    await store._open();
    return store;
  }

  get durable() {
    return true;
  }

  _open() {
    if (this._db) {
      return Promise.resolve(this._db);
    }
    return new Promise((resolve, reject) => {
      if (!this._factory) {
        reject(new Error('IndexedDB is not available'));
        return;
      }
      const request = this._factory.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('chunks')) {
          db.createObjectStore('chunks', { keyPath: 'id' }).createIndex('userId', 'userId');
        }
        if (!db.objectStoreNames.contains('finalize')) {
          db.createObjectStore('finalize', { keyPath: 'sessionId' }).createIndex('userId', 'userId');
        }
      };
      request.onsuccess = () => {
        this._db = request.result;
        resolve(this._db);
      };
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'));
    });
  }

  async _run(storeName, mode, work) {
    const db = await this._open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const store = tx.objectStore(storeName);
      let result;
      const request = work(store);
      if (request) {
        request.onsuccess = () => {
          result = request.result;
        };
      }
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  }

  putChunk(record) {
    return this._run('chunks', 'readwrite', (s) => s.put(record));
  }

  deleteChunk(id) {
    return this._run('chunks', 'readwrite', (s) => s.delete(id));
  }

  getChunk(id) {
    return this._run('chunks', 'readonly', (s) => s.get(id));
  }

  async listChunks(userId) {
    return (await this._run('chunks', 'readonly', (s) => s.index('userId').getAll(userId))) ?? [];
  }

  putMarker(marker) {
    return this._run('finalize', 'readwrite', (s) => s.put(marker));
  }

  deleteMarker(sessionId) {
    return this._run('finalize', 'readwrite', (s) => s.delete(sessionId));
  }

  async listMarkers(userId) {
    return (await this._run('finalize', 'readonly', (s) => s.index('userId').getAll(userId))) ?? [];
  }
}
