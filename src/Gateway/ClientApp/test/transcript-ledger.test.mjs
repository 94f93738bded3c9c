import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TranscriptLedger } from '../src/core/transcript-ledger.js';
import { final, partial } from './fake-hub-connection.mjs';

test('a final received again after a resume is a duplicate and not held twice', () => {
  const ledger = new TranscriptLedger();
  assert.equal(ledger.accept(final(0, 'one')), 'final');
  assert.equal(ledger.accept(final(1, 'two')), 'final');
  assert.equal(ledger.accept(final(1, 'two')), 'duplicate');
  assert.deepEqual(ledger.finals.map((f) => f.text), ['one', 'two']);
  assert.equal(ledger.duplicates, 1);
});

test('partials replace each other; a partial of a segment already final is stale', () => {
  const ledger = new TranscriptLedger();
  assert.equal(ledger.accept(partial(0, 'on')), 'partial');
  assert.equal(ledger.accept(partial(0, 'one tw')), 'partial');
  assert.equal(ledger.partial.text, 'one tw');
  assert.equal(ledger.accept(final(0, 'one two')), 'final');
  assert.equal(ledger.partial, null);
  assert.equal(ledger.accept(partial(0, 'one two')), 'stale');
  assert.equal(ledger.accept(partial(1, 'three')), 'partial');
});

test('lastSegmentId is null before the first final and stops before a missed final', () => {
  const ledger = new TranscriptLedger();
  assert.equal(ledger.lastSegmentId, null);
  ledger.accept(final(0, 'a'));
  ledger.accept(final(1, 'b'));
  ledger.accept(final(3, 'd')); // 2 was missed: the server must send it again
  assert.equal(ledger.lastSegmentId, 1);
  ledger.accept(final(2, 'c'));
  assert.equal(ledger.lastSegmentId, 3);
  assert.deepEqual(ledger.finals.map((f) => f.segmentId), [0, 1, 2, 3]);
});
