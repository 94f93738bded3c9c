import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCode, errorText } from '../src/hub.js';

test('coded hub errors: the code is read from the message, with or without SignalR\'s wrapper', () => {
  assert.equal(errorCode(new Error('capacity_exhausted: all 4 speech recognition streams on this node are busy; retry after 5 s')), 'capacity_exhausted');
  const wrapped = new Error("An unexpected error occurred invoking 'StartSession' on the server. HubException: not_found: no such session");
  assert.equal(errorCode(wrapped), 'not_found');
  assert.equal(errorText(wrapped), 'not_found: no such session');
});

test('a dropped connection is a network error, anything else internal', () => {
  assert.equal(errorCode(new Error('Invocation canceled due to the underlying connection being closed.')), 'network');
  assert.equal(errorCode(new Error('Something odd')), 'internal');
});
