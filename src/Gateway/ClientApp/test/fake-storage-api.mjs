/**
 * An in-memory stand-in for the gateway's storage-path REST API and the presigned PUT, with the same
 * rules the real one enforces (presign before complete, exact size, idempotent complete, finalize
 * seals), plus switches to inject failures. Used by the upload-queue tests.
 */
import { ApiError } from '../src/core/api-error.js';

export class FakeStorageApi {
  constructor() {
    this.sessions = new Map(); // id → {issued: Map, stored: Map, finalized: bool}
    this.objects = new Map(); // key → Uint8Array
    this.calls = [];
    this.offline = false;
    /** Errors to throw on the next calls of a kind, in order: {presign: [...], put: [...], complete: [...], finalize: [...]} */
    this.faults = { presign: [], put: [], complete: [], finalize: [], missing: [] };
    /** When true, complete stores the chunk but the answer is "lost" (a network error is thrown). */
    this.loseCompleteAnswer = false;
  }

  createSession(id) {
    this.sessions.set(id, { issued: new Map(), stored: new Map(), finalized: false });
  }

  count(kind) {
    return this.calls.filter((c) => c.kind === kind).length;
  }

  _enter(kind, detail) {
    this.calls.push({ kind, ...detail });
    if (this.offline) {
      throw new ApiError(0, 'network', 'Failed to fetch');
    }
    const fault = this.faults[kind].shift();
    if (fault) {
      throw fault;
    }
  }

  _session(id) {
    const s = this.sessions.get(id);
    if (!s) {
      throw new ApiError(404, 'not_found', 'no such session');
    }
    return s;
  }

  async presign(sessionId, body) {
    this._enter('presign', { sessionId, seq: body.seq });
    const s = this._session(sessionId);
    if (s.finalized) {
      throw new ApiError(409, 'session_finalized', 'the session is finalized');
    }
    if (s.stored.has(body.seq)) {
      throw new ApiError(409, 'conflict', `chunk ${body.seq} is already stored`);
    }
    const objectKey = `users/u/audio/sessions/${sessionId}/chunks/${String(body.seq).padStart(5, '0')}.webm`;
    const grant = { seq: body.seq, objectKey, putUrl: `http://store/${objectKey}?sig=${this.calls.length}`, headers: { 'Content-Type': body.contentType }, expiresInSeconds: 900 };
    s.issued.set(body.seq, { ...body, objectKey, url: grant.putUrl });
    return grant;
  }

  async putObject(url, headers, blob, onProgress) {
    this._enter('put', { url });
    const key = new URL(url).pathname.slice(1);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    onProgress?.(bytes.length);
    this.objects.set(key, bytes);
    return { etag: `"${bytes.length}"` };
  }

  async complete(sessionId, body) {
    this._enter('complete', { sessionId, seq: body.seq });
    const s = this._session(sessionId);
    const stored = s.stored.get(body.seq);
    if (stored && stored.objectKey === body.objectKey) {
      return stored;
    }
    if (s.finalized) {
      throw new ApiError(409, 'session_finalized', 'the session is finalized');
    }
    const issued = s.issued.get(body.seq);
    if (!issued) {
      throw new ApiError(409, 'upload_missing', 'presign it first');
    }
    const object = this.objects.get(issued.objectKey);
    if (!object) {
      throw new ApiError(409, 'upload_missing', 'not in storage');
    }
    if (object.length !== issued.sizeBytes || body.bytes !== issued.sizeBytes) {
      this.objects.delete(issued.objectKey);
      throw new ApiError(400, 'size_mismatch', 'size differs');
    }
    const chunk = { seq: body.seq, objectKey: issued.objectKey, bytes: object.length, sha256: body.sha256 };
    s.stored.set(body.seq, chunk);
    s.issued.delete(body.seq);
    if (this.loseCompleteAnswer) {
      this.loseCompleteAnswer = false;
      throw new ApiError(0, 'network', 'connection reset');
    }
    return chunk;
  }

  async missingChunks(sessionId) {
    this._enter('missing', { sessionId });
    const s = this._session(sessionId);
    const stored = [...s.stored.keys()].sort((a, b) => a - b);
    const seqs = [...s.issued.keys(), ...stored];
    const max = seqs.length ? Math.max(...seqs) : -1;
    const expected = Array.from({ length: max + 1 }, (_, i) => i);
    const missing = expected
      .filter((seq) => !s.stored.has(seq))
      .map((seq) => {
        const issued = s.issued.get(seq);
        return { seq, grant: issued ? { seq, objectKey: issued.objectKey, putUrl: issued.url + '&fresh=1', headers: { 'Content-Type': issued.contentType }, expiresInSeconds: 900 } : null };
      });
    return { sessionId, expected, stored, missing };
  }

  async finalize(sessionId) {
    this._enter('finalize', { sessionId });
    const s = this._session(sessionId);
    s.finalized = true;
    return { sessionId, status: 'finalized', chunks: [...s.stored.values()] };
  }
}
