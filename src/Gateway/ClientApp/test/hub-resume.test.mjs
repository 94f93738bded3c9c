import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveClient } from '../src/hub.js';
import { FakeHubConnection, settle, final, partial } from './fake-hub-connection.mjs';

function setup() {
  const connection = new FakeHubConnection();
  const shown = [];
  const errors = [];
  const resumed = [];
  const client = new LiveClient({
    getToken: async () => 'token',
    connectionFactory: () => connection,
    onTranscript: (t) => shown.push(t),
    onError: (e) => errors.push(e),
    onResumed: (info) => resumed.push(info),
  });
  return { connection, client, shown, errors, resumed };
}

const pcm = () => new Uint8Array(3200);

async function startAndSend(connection, client, frames) {
  await client.start();
  for (let i = 0; i < frames; i++) {
    client.push(pcm());
  }
  await settle(() => connection.streams[0]?.frames.length === frames, 'the first frames sent');
}

test('resume_required as an Error event on a live connection: StartSession with lastSegmentId, resend from nextSeq', async () => {
  const { connection, client, shown, resumed } = setup();
  await startAndSend(connection, client, 5);
  connection.emit('Transcript', final(0, 'one'));
  connection.emit('Transcript', final(1, 'two'));
  connection.emit('Transcript', partial(2, 'thr'));

  connection.nextSeqAnswers.push(3);
  connection.emit('Error', { sessionId: 'session-1', code: 'resume_required', message: "the session's node was lost" });
  await settle(() => connection.streams.length === 2 && resumed.length === 1, 'the resumed stream');

  assert.equal(connection.streams[0].completed, true, 'the broken stream is ended');
  const again = connection.starts()[1];
  assert.equal(again.sessionId, 'session-1');
  assert.equal(again.lastSegmentId, 1);
  assert.deepEqual(connection.streams[1].frames, [3, 4]);
  client.push(pcm());
  assert.deepEqual(connection.streams[1].frames, [3, 4, 5], 'live frames follow the resent ones');

  // The server resends the finals after lastSegmentId; one the page has is not shown again.
  connection.emit('Transcript', final(1, 'two'));
  connection.emit('Transcript', final(2, 'three'));
  assert.deepEqual(shown.filter((t) => t.isFinal).map((t) => t.segmentId), [0, 1, 2]);
  assert.equal(client.stats.resumes, 1);
});

test('a refused upload (the call fails with resume_required) resumes the same way, and its late end changes nothing', async () => {
  const { connection, client, errors } = setup();
  await startAndSend(connection, client, 4);
  connection.emit('Transcript', final(0, 'one'));
  connection.nextSeqAnswers.push(2);

  connection.streams[0].fail(new Error("An unexpected error occurred invoking 'UploadAudio' on the server. HubException: resume_required: the session's node was lost"));
  await settle(() => connection.streams.length === 2, 'the resumed stream');
  assert.equal(connection.starts()[1].lastSegmentId, 0);
  assert.deepEqual(connection.streams[1].frames, [2, 3]);

  // The Error event of the same refusal arrives after the resume: one resume is enough.
  connection.emit('Error', { sessionId: 'session-1', code: 'resume_required', message: 'late' });
  await settle(() => connection.streams.length >= 2, 'nothing');
  assert.ok(connection.starts().length <= 3);
  assert.deepEqual(errors, []);
});

test('a dropped connection resumes once it is back, with the frames captured meanwhile', async () => {
  const { connection, client } = setup();
  await startAndSend(connection, client, 3);
  connection.emit('Transcript', final(0, 'one'));
  connection.drop();
  client.push(pcm());
  client.push(pcm());
  connection.nextSeqAnswers.push(2);

  connection.reconnect();
  await settle(() => connection.streams.length === 2, 'the resumed stream');
  assert.equal(connection.starts()[1].lastSegmentId, 0);
  assert.deepEqual(connection.streams[1].frames, [2, 3, 4]);
});

test('a resume code for another session, or another code, does not resume', async () => {
  const { connection, client, errors } = setup();
  await startAndSend(connection, client, 2);
  connection.emit('Error', { sessionId: 'someone-else', code: 'resume_required', message: 'not ours' });
  connection.emit('Error', { sessionId: 'session-1', code: 'frame_too_large', message: 'too big' });
  await settle(() => errors.length >= 1, 'the error reported');
  assert.equal(connection.starts().length, 1);
  assert.deepEqual(errors.map((e) => e.code), ['frame_too_large']);
});

test('a StopSession refused with resume_required resumes, resends and stops again', async () => {
  const { connection, client } = setup();
  await startAndSend(connection, client, 3);
  connection.stopFailures.push(new Error('resume_required: the session moved'));
  connection.nextSeqAnswers.push(1);

  const result = await client.stop(5_000);
  assert.equal(result.sessionId, 'session-1');
  const methods = connection.invocations.map((i) => i.method);
  assert.deepEqual(methods, ['StartSession', 'UploadAudio', 'StopSession', 'StartSession', 'UploadAudio', 'StopSession']);
  assert.deepEqual(connection.streams[1].frames, [1, 2]);
  assert.equal(connection.streams[1].completed, true);
});
