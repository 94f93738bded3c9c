import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameRing } from '../src/core/frame-ring.js';

const frame = (seq) => new Uint8Array([seq & 0xff, seq >> 8]);

test('replays every frame from the server\'s nextSeq, in order', () => {
  const ring = new FrameRing(100);
  for (let seq = 0; seq < 50; seq++) {
    ring.push(seq, frame(seq));
  }
  const replay = [...ring.from(37)].map((f) => f.seq);
  assert.deepEqual(replay, [37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
  assert.equal([...ring.from(50)].length, 0, 'nothing to replay when the server has everything');
});

test('keeps only the newest `capacity` frames; an older nextSeq replays from the oldest kept', () => {
  const ring = new FrameRing(10);
  for (let seq = 0; seq < 25; seq++) {
    ring.push(seq, frame(seq));
  }
  assert.equal(ring.oldestSeq, 15);
  assert.equal(ring.newestSeq, 24);
  assert.deepEqual([...ring.from(3)].map((f) => f.seq), [15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  assert.deepEqual([...ring.from(20)][0].pcm, frame(20));
});

test('a ring may start at any seq (a resumed session) but frames must stay in order', () => {
  const ring = new FrameRing(4);
  ring.push(700, frame(700));
  ring.push(701, frame(701));
  assert.deepEqual([...ring.from(0)].map((f) => f.seq), [700, 701]);
  assert.throws(() => ring.push(703, frame(703)), /in order/);
});
