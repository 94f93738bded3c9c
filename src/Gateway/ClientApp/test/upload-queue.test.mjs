import { webcrypto } from 'node:crypto';
globalThis.crypto ??= webcrypto; // node 18 (Debian 12's nodejs) has no global Web Crypto

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UploadQueue, ChunkState, chunkId } from '../src/core/upload-queue.js';
import { MemoryChunkStore } from '../src/core/memory-store.js';
import { ApiError } from '../src/core/api-error.js';
import { backoffDelay } from '../src/core/backoff.js';
import { FakeStorageApi } from './fake-storage-api.mjs';

const SESSION = 'sess0001aaaa';
const RETRY = { baseMs: 5, maxMs: 40, factor: 2, jitter: 0 };

function chunk(seq, bytes = 1000 + seq) {
  return { sessionId: SESSION, seq, tStartMs: seq * 5000, tEndMs: (seq + 1) * 5000, contentType: 'audio/webm;codecs=opus', blob: new Blob([new Uint8Array(bytes).fill(seq + 1)]) };
}

function makeQueue(api, store, extra = {}) {
  return new UploadQueue({ store, api, userId: 'alice', retry: RETRY, ...extra });
}

/** Records every state a chunk went through. */
function trackStates(queue) {
  const states = new Map();
  queue.subscribe((e) => {
    if (e.type === 'chunk') {
      const list = states.get(e.chunk.seq) ?? [];
      if (list.at(-1) !== e.chunk.state) {
        list.push(e.chunk.state);
      }
      states.set(e.chunk.seq, list);
    }
  });
  return states;
}

function withDeadline(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}

test('each chunk goes presign → PUT → complete, is synced, and leaves the store', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  const store = new MemoryChunkStore();
  const queue = makeQueue(api, store);
  const states = trackStates(queue);
  for (let seq = 0; seq < 3; seq++) {
    await queue.add(chunk(seq));
  }
  await withDeadline(queue.whenIdle(), 2000, 'uploads');
  assert.deepEqual([...api.sessions.get(SESSION).stored.keys()].sort(), [0, 1, 2]);
  assert.deepEqual(states.get(0), [ChunkState.Queued, ChunkState.Uploading, ChunkState.Synced]);
  assert.equal((await store.listChunks('alice')).length, 0);
  assert.ok(queue.items().every((i) => i.state === ChunkState.Synced && i.attempts === 1));
  // The complete carried the sha256 of the bytes.
  assert.match(api.sessions.get(SESSION).stored.get(1).sha256, /^[0-9a-f]{64}$/);
});

test('a chunk is in the store before its first upload attempt', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  const store = new MemoryChunkStore();
  let storedWhenPresigned = null;
  const original = api.presign.bind(api);
  api.presign = async (sessionId, body) => {
    storedWhenPresigned = await store.getChunk(chunkId(sessionId, body.seq));
    return original(sessionId, body);
  };
  const queue = makeQueue(api, store);
  await queue.add(chunk(0));
  await withDeadline(queue.whenIdle(), 2000, 'upload');
  assert.ok(storedWhenPresigned, 'the chunk was not persisted before presign');
  assert.equal(storedWhenPresigned.size, 1000);
  assert.ok(storedWhenPresigned.blob instanceof Blob);
});

test('network failures and server errors are retried with backoff until the chunk is synced', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  api.faults.put.push(new ApiError(0, 'network', 'Failed to fetch'), new ApiError(503, 'storage_unavailable', 'busy'));
  api.faults.complete.push(new ApiError(502, '', 'bad gateway'));
  const queue = makeQueue(api, new MemoryChunkStore());
  const states = trackStates(queue);
  const started = Date.now();
  await queue.add(chunk(0));
  await withDeadline(queue.whenIdle(), 3000, 'retries');
  const item = queue.items()[0];
  assert.equal(item.state, ChunkState.Synced);
  assert.equal(item.attempts, 4);
  assert.deepEqual(states.get(0), [ChunkState.Queued, ChunkState.Uploading, ChunkState.Failed, ChunkState.Uploading, ChunkState.Failed, ChunkState.Uploading, ChunkState.Failed, ChunkState.Uploading, ChunkState.Synced]);
  // Backoff: at least 5 + 10 + 20 ms of waiting between the four attempts.
  assert.ok(Date.now() - started >= 35, `finished after ${Date.now() - started} ms`);
  assert.equal(api.count('presign'), 4, 'every retry starts from a fresh presign');
});

test('backoff grows exponentially and is capped', () => {
  const delays = [1, 2, 3, 4, 10].map((a) => backoffDelay(a, { baseMs: 500, maxMs: 4000, jitter: 0 }));
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 4000]);
  const jittered = backoffDelay(2, { baseMs: 500, jitter: 0.2 }, () => 1);
  assert.equal(jittered, 1200);
});

test('chunks survive a reload: a new queue on the same store uploads what the old one could not', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  api.offline = true;
  const store = new MemoryChunkStore();
  const first = makeQueue(api, store, { retry: { baseMs: 60000, maxMs: 60000, jitter: 0 } });
  await first.add(chunk(0));
  await first.add(chunk(1));
  await first.requestFinalize(SESSION);
  await withDeadline(
    new Promise((resolve) => {
      const check = () => first.items().every((i) => i.state === ChunkState.Failed) && resolve();
      first.subscribe(check);
      check();
    }),
    2000,
    'both chunks failed',
  );
  first.stop(); // the page goes away
  assert.equal((await store.listChunks('alice')).length, 2);
  assert.equal((await store.listMarkers('alice')).length, 1);
  assert.equal((await store.listChunks('bob')).length, 0, 'the store is per user');

  api.offline = false; // back online, after a reload and sign-in
  const second = makeQueue(api, store);
  const finalized = new Promise((resolve) => second.subscribe((e) => e.type === 'finalized' && resolve(e.sessionId)));
  assert.equal(await second.restore(), 2);
  await withDeadline(second.whenIdle(), 2000, 'restored uploads');
  assert.equal(await withDeadline(finalized, 2000, 'finalize'), SESSION);
  const server = api.sessions.get(SESSION);
  assert.deepEqual([...server.stored.keys()].sort(), [0, 1]);
  assert.equal(server.stored.get(1).bytes, 1001);
  assert.ok(server.finalized);
  assert.equal((await store.listChunks('alice')).length, 0);
  assert.equal((await store.listMarkers('alice')).length, 0);
});

test('resync: a chunk the server already holds (complete answer lost) is not uploaded again; a missing one uses the fresh URL', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  const store = new MemoryChunkStore();
  const first = makeQueue(api, store, { retry: { baseMs: 60000, maxMs: 60000, jitter: 0 } });
  api.loseCompleteAnswer = true; // chunk 0 is stored, but the client never hears it
  api.faults.put.push(undefined, new ApiError(0, 'network', 'offline')); // chunk 1's PUT fails after presign
  await first.add(chunk(0));
  await withDeadline(
    new Promise((resolve) => {
      const check = () => first.items()[0]?.state === ChunkState.Failed && resolve();
      first.subscribe(check);
      check();
    }),
    2000,
    'chunk 0 failed',
  );
  await first.add(chunk(1));
  await withDeadline(
    new Promise((resolve) => {
      const check = () => first.items()[1]?.state === ChunkState.Failed && resolve();
      first.subscribe(check);
      check();
    }),
    2000,
    'chunk 1 failed',
  );
  first.stop();
  assert.equal((await store.listChunks('alice')).length, 2);

  const putsBefore = api.count('put');
  const presignsBefore = api.count('presign');
  const second = makeQueue(api, store);
  await second.restore();
  await withDeadline(second.whenIdle(), 2000, 'resync');
  assert.ok(second.items().every((i) => i.state === ChunkState.Synced));
  assert.equal(api.count('put') - putsBefore, 1, 'only chunk 1 was uploaded again');
  assert.equal(api.count('presign') - presignsBefore, 0, "chunk 1 used missing-chunks' fresh URL");
  assert.ok(api.calls.filter((c) => c.kind === 'put').at(-1).url.includes('fresh=1'));
  assert.equal((await store.listChunks('alice')).length, 0);
});

test('resync reports chunks missing on the server that this device does not have', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  await api.presign(SESSION, { seq: 0, tStartMs: 0, tEndMs: 5000, contentType: 'audio/webm', sizeBytes: 10 });
  const queue = makeQueue(api, new MemoryChunkStore());
  const result = await queue.resync(SESSION);
  assert.deepEqual(result.missingElsewhere, [0]);
});

test('an expired upload URL (403) is presigned again and the chunk still gets through', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  api.faults.put.push(new ApiError(403, 'url_expired', 'the signed URL has expired'));
  const queue = makeQueue(api, new MemoryChunkStore());
  await queue.add(chunk(0));
  await withDeadline(queue.whenIdle(), 2000, 'upload');
  assert.equal(queue.items()[0].state, ChunkState.Synced);
  assert.equal(api.count('presign'), 2);
});

test('permanent refusals are not retried, the bytes stay on the device, and finalize goes ahead', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  const store = new MemoryChunkStore();
  const queue = makeQueue(api, store);
  api.faults.presign.push(new ApiError(413, 'quota_exceeded', 'your storage quota is used up'));
  await queue.add(chunk(0));
  await queue.add(chunk(1));
  await queue.requestFinalize(SESSION);
  await withDeadline(queue.whenIdle(), 2000, 'idle');
  const [first, second] = queue.items();
  assert.equal(first.state, ChunkState.Failed);
  assert.ok(first.permanent);
  assert.match(first.lastError, /quota_exceeded/);
  assert.equal(second.state, ChunkState.Synced);
  assert.equal(api.count('presign'), 2, 'the refused chunk was not tried again');
  assert.ok(queue.blobOf(first.id) instanceof Blob);
  assert.equal((await store.listChunks('alice')).length, 1);
  assert.ok(api.sessions.get(SESSION).finalized);

  // The user asks again; the quota is fine now (but the session is sealed): still a clear failure.
  queue.retry(first.id);
  await withDeadline(queue.whenIdle(), 2000, 'idle again');
  assert.match(queue.items()[0].lastError, /session_finalized/);
});

test('finalize waits until every chunk of the session is confirmed', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  api.faults.put.push(new ApiError(0, 'network', 'offline'), new ApiError(0, 'network', 'offline'));
  const queue = makeQueue(api, new MemoryChunkStore());
  let finalizedWhileUnsynced = false;
  const original = api.finalize.bind(api);
  api.finalize = async (id) => {
    finalizedWhileUnsynced = queue.items().some((i) => i.state !== ChunkState.Synced);
    return original(id);
  };
  await queue.add(chunk(0));
  await queue.requestFinalize(SESSION);
  await withDeadline(queue.whenIdle(), 2000, 'idle');
  assert.equal(api.count('finalize'), 1);
  assert.equal(finalizedWhileUnsynced, false);
});

test('a presign conflict for a chunk the server holds counts as synced', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  const queue = makeQueue(api, new MemoryChunkStore());
  // Stored by an earlier page whose record was not cleaned up.
  const grant = await api.presign(SESSION, { seq: 0, tStartMs: 0, tEndMs: 5000, contentType: 'audio/webm', sizeBytes: 1000 });
  await api.putObject(grant.putUrl, {}, chunk(0).blob);
  await api.complete(SESSION, { seq: 0, objectKey: grant.objectKey, bytes: 1000 });
  await queue.add(chunk(0));
  await withDeadline(queue.whenIdle(), 2000, 'idle');
  assert.equal(queue.items()[0].state, ChunkState.Synced);
  assert.equal(api.count('put'), 1);
});

test('concurrency is limited', async () => {
  const api = new FakeStorageApi();
  api.createSession(SESSION);
  let inFlight = 0;
  let most = 0;
  const put = api.putObject.bind(api);
  api.putObject = async (...args) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    return put(...args);
  };
  const queue = makeQueue(api, new MemoryChunkStore(), { concurrency: 2 });
  for (let seq = 0; seq < 6; seq++) {
    await queue.add(chunk(seq));
  }
  await withDeadline(queue.whenIdle(), 2000, 'idle');
  assert.equal(most, 2);
  assert.equal(api.sessions.get(SESSION).stored.size, 6);
});
