/**
 * The storage path's upload queue: every MediaRecorder chunk goes presign → PUT → complete.
 *
 *  - A chunk is written to the store (IndexedDB in the browser) before its first attempt and removed
 *    only after the server confirmed it (complete), so a reload, a crash or a network loss loses nothing.
 *  - Each chunk is `queued`, `uploading`, `synced` or `failed`. A transient failure (network, 5xx,
 *    429, an expired URL, an object the server could not find) is retried with exponential backoff;
 *    a permanent one (the session is finalized or gone, the quota is used up, the server refuses the
 *    data) stays `failed`, and the chunk stays in the store so it can still be saved locally.
 *  - restore() picks up a user's chunks after sign-in and resyncs each session with the server's
 *    missing-chunks report: chunks the server already holds (a complete whose answer was lost) are
 *    marked synced without uploading them again; the others are uploaded, with the report's fresh URLs.
 *  - requestFinalize() remembers (durably) that a session should be finalized once its last chunk is in.
 *
 * Plain ES module with injected dependencies (store, api, timers), so node's test runner covers it.
 *
 * The api object: presign(sessionId, body) → grant; putObject(url, headers, blob, onProgress) →
 * {etag}; complete(sessionId, body); missingChunks(sessionId) → {expected, stored, missing[]};
 * finalize(sessionId). Failures are thrown as ApiError (status 0 for the network).
 */
import { backoffDelay } from './backoff.js';

export const ChunkState = Object.freeze({
  Queued: 'queued',
  Uploading: 'uploading',
  Synced: 'synced',
  Failed: 'failed',
});

/** Codes after which retrying cannot help. */
const PERMANENT_CODES = new Set([
  'session_finalized',
  'not_found',
  'quota_exceeded',
  'payload_too_large',
  'invalid_argument',
  'forbidden',
]);

/** Codes that mean "upload the bytes again" (the server removed or never saw the object). */
const REUPLOAD_CODES = new Set(['upload_missing', 'size_mismatch', 'content_type_mismatch', 'checksum_mismatch', 'url_expired', 'signature_mismatch', 'length_mismatch']);

/** How often the server may refuse the same bytes before the chunk is given up as failed. */
const MAX_REFUSALS = 5;

export class UploadQueue {
  /**
   * @param {object} options
   * @param {object} options.store  IdbChunkStore or MemoryChunkStore
   * @param {object} options.api    see the module comment
   * @param {string} options.userId whose chunks these are (the store may hold other users' too)
   * @param {number} [options.concurrency=2]
   * @param {{baseMs?: number, maxMs?: number, factor?: number, jitter?: number}} [options.retry]
   * @param {(blob: Blob) => Promise<string|null>} [options.digest] sha256 hex of a blob
   * @param {{setTimeout: Function, clearTimeout: Function}} [options.timers]
   * @param {() => number} [options.now]
   * @param {() => number} [options.random]
   */
  constructor({ store, api, userId, concurrency = 2, retry = {}, digest = sha256Hex, timers = globalThis, now = Date.now, random = Math.random }) {
    this._store = store;
    this._api = api;
    this._userId = userId;
    this._concurrency = concurrency;
    this._retry = retry;
    this._digest = digest;
    this._timers = timers;
    this._now = now;
    this._random = random;
    /** @type {Map<string, object>} id → item (metadata + blob) */
    this._items = new Map();
    this._finalizing = new Map(); // sessionId → {attempts, timer, running}
    this._running = 0;
    this._timer = null;
    this._listeners = new Set();
    this._idleWaiters = [];
    this._stopped = false;
  }

  /** Calls listener(snapshot) whenever a chunk changes, and listener({type:'finalized', sessionId}) for sessions. */
  subscribe(listener) {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /** Snapshots of every chunk this queue knows (synced ones included), by session then seq. */
  items() {
    return [...this._items.values()].map(snapshot).sort((a, b) => (a.sessionId === b.sessionId ? a.seq - b.seq : a.createdAt - b.createdAt));
  }

  /** Chunks not yet confirmed by the server. */
  pending() {
    return this.items().filter((i) => i.state !== ChunkState.Synced);
  }

  /**
   * Adds a recorded chunk: persisted first, then uploaded.
   * @param {{sessionId: string, seq: number, tStartMs: number, tEndMs: number, contentType: string, blob: Blob}} chunk
   */
  async add(chunk) {
    const id = chunkId(chunk.sessionId, chunk.seq);
    const record = {
      id,
      userId: this._userId,
      sessionId: chunk.sessionId,
      seq: chunk.seq,
      tStartMs: Math.max(0, Math.round(chunk.tStartMs)),
      tEndMs: Math.max(Math.round(chunk.tStartMs) + 1, Math.round(chunk.tEndMs)),
      contentType: chunk.contentType,
      size: chunk.blob.size,
      sha256: await this._digest(chunk.blob).catch(() => null),
      blob: chunk.blob,
      createdAt: this._now(),
      attempts: 0,
      refusals: 0,
      permanent: false,
      lastError: null,
    };
    const item = { ...record, state: ChunkState.Queued, progress: 0, nextAttemptAt: 0, grant: null };
    this._items.set(id, item);
    this._emit(item);
    try {
      await this._store.putChunk(record);
    } catch (error) {
      // Upload anyway; it just would not survive a reload.
      item.lastError = `not saved on this device: ${error.message}`;
    }
    this._pump();
    return snapshot(item);
  }

  /** Loads this user's unconfirmed chunks and pending finalizations from the store, resyncs, and uploads. */
  async restore() {
    const records = await this._store.listChunks(this._userId);
    const sessions = new Set();
    for (const record of records) {
      if (this._items.has(record.id)) {
        continue;
      }
      const item = { ...record, state: record.permanent ? ChunkState.Failed : ChunkState.Queued, progress: 0, nextAttemptAt: 0, grant: null };
      this._items.set(record.id, item);
      sessions.add(record.sessionId);
      this._emit(item);
    }
    const markers = await this._store.listMarkers(this._userId);
    for (const marker of markers) {
      sessions.add(marker.sessionId);
      this._finalizing.set(marker.sessionId, this._finalizing.get(marker.sessionId) ?? { attempts: 0, timer: null, running: false });
    }
    for (const sessionId of sessions) {
      await this.resync(sessionId).catch(() => {
        // Offline or the like: the chunks are queued anyway and will find out on upload.
      });
    }
    this._pump();
    for (const sessionId of this._finalizing.keys()) {
      this._maybeFinalize(sessionId);
    }
    return records.length;
  }

  /**
   * Compares the server's view of a session with ours. Chunks the server already holds become synced
   * (and leave the store); missing ones we hold are uploaded now, with the report's fresh URL.
   * @returns {Promise<{stored: number[], missingElsewhere: number[]}>} missingElsewhere: missing on the
   *   server and not on this device (recorded elsewhere, or lost before it was saved)
   */
  async resync(sessionId) {
    const report = await this._api.missingChunks(sessionId);
    const stored = new Set(report.stored ?? []);
    const local = new Map([...this._items.values()].filter((i) => i.sessionId === sessionId).map((i) => [i.seq, i]));
    for (const item of local.values()) {
      if (item.state === ChunkState.Synced || item.state === ChunkState.Uploading) {
        continue;
      }
      if (stored.has(item.seq)) {
        await this._markSynced(item);
      }
    }
    const missingElsewhere = [];
    for (const missing of report.missing ?? []) {
      const item = local.get(missing.seq);
      if (!item) {
        missingElsewhere.push(missing.seq);
        continue;
      }
      if (item.state === ChunkState.Synced || item.state === ChunkState.Uploading || item.permanent) {
        continue;
      }
      if (missing.grant?.putUrl && !missing.grant.multipart) {
        item.grant = missing.grant;
      }
      item.nextAttemptAt = 0;
      if (item.state === ChunkState.Failed) {
        item.state = ChunkState.Queued;
        this._emit(item);
      }
    }
    this._pump();
    return { stored: [...stored], missingElsewhere };
  }

  /** Finalizes the session once every chunk of it is confirmed (remembered across reloads). */
  async requestFinalize(sessionId) {
    await this._store.putMarker({ sessionId, userId: this._userId, requestedAt: this._now() }).catch(() => {});
    if (!this._finalizing.has(sessionId)) {
      this._finalizing.set(sessionId, { attempts: 0, timer: null, running: false });
    }
    this._maybeFinalize(sessionId);
  }

  /** Retries every transiently failed chunk now (e.g. when the browser comes back online). */
  retryNow() {
    for (const item of this._items.values()) {
      if (item.state === ChunkState.Failed && !item.permanent) {
        item.nextAttemptAt = 0;
      }
    }
    for (const [sessionId, f] of this._finalizing) {
      if (f.timer) {
        this._timers.clearTimeout(f.timer);
        f.timer = null;
        this._maybeFinalize(sessionId);
      }
    }
    this._pump();
  }

  /** Retries one chunk, even one that failed permanently (the user asked). */
  retry(id) {
    const item = this._items.get(id);
    if (!item || item.state === ChunkState.Synced || item.state === ChunkState.Uploading) {
      return;
    }
    item.permanent = false;
    item.refusals = 0;
    item.nextAttemptAt = 0;
    item.state = ChunkState.Queued;
    this._emit(item);
    this._pump();
  }

  /** The stored bytes of a chunk not yet confirmed (to save it locally), or null. */
  blobOf(id) {
    return this._items.get(id)?.blob ?? null;
  }

  /** Resolves when nothing is queued, uploading, waiting for a retry or waiting to be finalized. */
  whenIdle() {
    if (this._isIdle()) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this._idleWaiters.push(resolve));
  }

  /** Stops uploading (in-flight requests finish; nothing new starts). */
  stop() {
    this._stopped = true;
    if (this._timer) {
      this._timers.clearTimeout(this._timer);
      this._timer = null;
    }
    for (const f of this._finalizing.values()) {
      if (f.timer) {
        this._timers.clearTimeout(f.timer);
      }
    }
  }

  _isIdle() {
    for (const item of this._items.values()) {
      if (item.state === ChunkState.Queued || item.state === ChunkState.Uploading || (item.state === ChunkState.Failed && !item.permanent)) {
        return false;
      }
    }
    return this._finalizing.size === 0;
  }

  _checkIdle() {
    if (this._idleWaiters.length > 0 && this._isIdle()) {
      const waiters = this._idleWaiters.splice(0);
      waiters.forEach((resolve) => resolve());
    }
  }

  _pump() {
    if (this._stopped) {
      return;
    }
    if (this._timer) {
      this._timers.clearTimeout(this._timer);
      this._timer = null;
    }
    const now = this._now();
    let soonest = Infinity;
    const ready = [...this._items.values()]
      .filter((i) => i.state === ChunkState.Queued || (i.state === ChunkState.Failed && !i.permanent))
      .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    for (const item of ready) {
      if (this._running >= this._concurrency) {
        break;
      }
      if (item.nextAttemptAt > now) {
        soonest = Math.min(soonest, item.nextAttemptAt);
        continue;
      }
      this._running++;
      this._upload(item).finally(() => {
        this._running--;
        this._pump();
        this._checkIdle();
      });
    }
    if (soonest !== Infinity && this._running < this._concurrency) {
      this._timer = this._timers.setTimeout(() => {
        this._timer = null;
        this._pump();
      }, Math.max(0, soonest - now));
    }
    this._checkIdle();
  }

  async _upload(item) {
    item.state = ChunkState.Uploading;
    item.attempts++;
    item.progress = 0;
    this._emit(item);
    let grant = item.grant;
    item.grant = null;
    try {
      if (!grant) {
        grant = await this._api.presign(item.sessionId, {
          seq: item.seq,
          tStartMs: item.tStartMs,
          tEndMs: item.tEndMs,
          contentType: item.contentType,
          sizeBytes: item.size,
        });
      }
      let parts = null;
      if (grant.multipart) {
        parts = await this._putParts(item, grant.multipart);
      } else {
        await this._api.putObject(grant.putUrl, grant.headers ?? {}, item.blob, (loaded) => {
          item.progress = item.size > 0 ? Math.min(1, loaded / item.size) : 1;
          this._emit(item);
        });
      }
      await this._api.complete(item.sessionId, {
        seq: item.seq,
        objectKey: grant.objectKey,
        bytes: item.size,
        sha256: item.sha256 ?? undefined,
        parts: parts ?? undefined,
      });
      await this._markSynced(item);
    } catch (error) {
      await this._failed(item, error);
    }
  }

  async _putParts(item, multipart) {
    const parts = [];
    let offset = 0;
    for (const part of multipart.parts) {
      const slice = item.blob.slice(offset, offset + part.sizeBytes);
      const base = offset;
      const { etag } = await this._api.putObject(part.url, part.headers ?? {}, slice, (loaded) => {
        item.progress = Math.min(1, (base + loaded) / item.size);
        this._emit(item);
      });
      parts.push({ partNumber: part.partNumber, eTag: etag });
      offset += part.sizeBytes;
    }
    return parts;
  }

  async _markSynced(item) {
    item.state = ChunkState.Synced;
    item.progress = 1;
    item.lastError = null;
    item.permanent = false;
    item.blob = null; // the server has it; free the memory
    await this._store.deleteChunk(item.id).catch(() => {});
    this._emit(item);
    this._maybeFinalize(item.sessionId);
  }

  async _failed(item, error) {
    const code = error?.code ?? 'network';
    const status = error?.status ?? 0;
    item.lastError = describe(error);
    item.progress = 0;

    // The server already holds this chunk (a complete whose answer was lost): confirm and stop.
    if (code === 'conflict') {
      try {
        const report = await this._api.missingChunks(item.sessionId);
        if ((report.stored ?? []).includes(item.seq)) {
          await this._markSynced(item);
          return;
        }
      } catch {
        // fall through to a retry
      }
    }

    let permanent = PERMANENT_CODES.has(code) || (status >= 400 && status < 500 && status !== 408 && status !== 429 && !REUPLOAD_CODES.has(code) && code !== 'conflict' && status !== 401 && status !== 403);
    if (REUPLOAD_CODES.has(code) && status !== 0 && ++item.refusals >= MAX_REFUSALS) {
      permanent = true;
    }
    item.permanent = permanent;
    item.state = ChunkState.Failed;
    item.nextAttemptAt = permanent ? Infinity : this._now() + backoffDelay(item.attempts, this._retry, this._random);
    await this._store.putChunk(toRecord(item)).catch(() => {});
    this._emit(item);
    if (permanent) {
      // A finalize waiting for this chunk would wait forever: the chunk is kept on the device instead.
      this._maybeFinalize(item.sessionId);
    }
  }

  _maybeFinalize(sessionId) {
    const f = this._finalizing.get(sessionId);
    if (!f || f.running || f.timer || this._stopped) {
      return;
    }
    for (const item of this._items.values()) {
      if (item.sessionId === sessionId && item.state !== ChunkState.Synced && !(item.state === ChunkState.Failed && item.permanent)) {
        return;
      }
    }
    f.running = true;
    this._api.finalize(sessionId).then(
      async () => {
        this._finalizing.delete(sessionId);
        await this._store.deleteMarker(sessionId).catch(() => {});
        this._emitEvent({ type: 'finalized', sessionId });
        this._checkIdle();
      },
      async (error) => {
        f.running = false;
        f.attempts++;
        if (error?.transient ?? (error?.status ?? 0) === 0) {
          f.timer = this._timers.setTimeout(() => {
            f.timer = null;
            this._maybeFinalize(sessionId);
          }, backoffDelay(f.attempts, this._retry, this._random));
        } else {
          // Gone or not ours: nothing left to finalize.
          this._finalizing.delete(sessionId);
          await this._store.deleteMarker(sessionId).catch(() => {});
          this._emitEvent({ type: 'finalize-failed', sessionId, error: describe(error) });
          this._checkIdle();
        }
      },
    );
  }

  _emit(item) {
    this._emitEvent({ type: 'chunk', chunk: snapshot(item) });
  }

  _emitEvent(event) {
    for (const listener of this._listeners) {
      try {
        listener(event);
      } catch {
        // a listener's bug must not stop the queue
      }
    }
  }
}

/** The store key of a chunk. */
export function chunkId(sessionId, seq) {
  return `${sessionId}:${seq}`;
}

/** Fields that only matter while the page lives (URLs expire; the state is re-derived on restore). */
const TRANSIENT_FIELDS = new Set(['grant', 'state', 'progress', 'nextAttemptAt']);

/** The durable part of an item (what the store keeps across reloads). */
function toRecord(item) {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !TRANSIENT_FIELDS.has(key)));
}

function snapshot(item) {
  return {
    id: item.id,
    sessionId: item.sessionId,
    seq: item.seq,
    tStartMs: item.tStartMs,
    tEndMs: item.tEndMs,
    contentType: item.contentType,
    size: item.size,
    state: item.state,
    attempts: item.attempts,
    progress: item.progress,
    permanent: item.permanent,
    lastError: item.lastError,
    createdAt: item.createdAt,
  };
}

function describe(error) {
  if (!error) {
    return 'unknown error';
  }
  return error.code && error.message && !error.message.startsWith(error.code) ? `${error.code}: ${error.message}` : error.message || String(error);
}

/** sha256 of a blob as lower-case hex, or null where Web Crypto is unavailable (plain http on a LAN). */
export async function sha256Hex(blob) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || !blob) {
    return null;
  }
  const digest = await subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
