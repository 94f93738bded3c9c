import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRecordingFormat, describeMimeType, extensionFor } from '../src/core/media-types.js';

test('Chromium and Firefox record WebM/Opus', () => {
  const f = chooseRecordingFormat((m) => m.startsWith('audio/webm'));
  assert.equal(f.codec, 'webm/opus');
  assert.equal(f.extension, 'webm');
});

test('Safari records audio/mp4 and it is labelled honestly (not webm)', () => {
  const f = chooseRecordingFormat((m) => m.startsWith('audio/mp4'));
  assert.equal(f.codec, 'mp4/aac');
  assert.equal(f.extension, 'm4a');
  const actual = describeMimeType('audio/mp4; codecs="mp4a.40.2"');
  assert.equal(actual.codec, 'mp4/aac');
  assert.equal(extensionFor('audio/mp4'), 'm4a');
});

test('the type the recorder reports wins over the one asked for', () => {
  assert.equal(describeMimeType('video/webm;codecs=opus').contentType, 'audio/webm;codecs=opus');
  assert.equal(describeMimeType('audio/ogg;codecs=opus').codec, 'ogg/opus');
  assert.equal(describeMimeType('application/octet-stream'), null);
});
