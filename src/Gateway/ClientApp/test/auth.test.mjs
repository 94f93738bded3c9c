import { webcrypto } from 'node:crypto';
globalThis.crypto ??= webcrypto; // node 18 (Debian 12's nodejs) has no global Web Crypto

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Auth } from '../src/auth.js';
import { codeChallenge } from '../src/core/pkce.js';

// A browser-like world: location, history, sessionStorage and fetch, recorded.
const cognito = { domain: 'https://login.example.test', clientId: 'client-1', redirectUri: 'http://app.test/callback', scopes: ['openid', 'email'] };
let requests;
let responses;
let storage;
let navigations;

function jwt(claims) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.sig`;
}

function setLocation(href) {
  const url = new URL(href);
  globalThis.location = { href, pathname: url.pathname, search: url.search, origin: url.origin, assign: (to) => navigations.push(to) };
}

beforeEach(() => {
  requests = [];
  responses = [];
  navigations = [];
  storage = new Map();
  globalThis.sessionStorage = { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, String(v)), removeItem: (k) => storage.delete(k) };
  globalThis.history = { replaceState: (_s, _t, url) => setLocation(new URL(url, 'http://app.test').toString()) };
  globalThis.fetch = async (url, init = {}) => {
    requests.push({ url: String(url), method: init.method ?? 'GET', body: init.body ? String(init.body) : null, headers: init.headers ?? {} });
    const next = responses.shift();
    if (!next) {
      throw new Error(`unexpected request ${url}`);
    }
    return new Response(JSON.stringify(next.body), { status: next.status ?? 200, headers: { 'Content-Type': 'application/json' } });
  };
  setLocation('http://app.test/');
});

function fakeTimers() {
  const timers = [];
  return { timers, setTimer: (fn, ms) => (timers.push({ fn, ms }), timers.length), clearTimer: () => {} };
}

test('Cognito: sign-in is the authorization-code flow with PKCE, and the code is traded with the verifier', async () => {
  const t = fakeTimers();
  const auth = new Auth(t);
  responses.push({ body: { authMode: 'Cognito', cognito } });
  await auth.init();
  await auth.beginCognito('/files');

  const authorize = new URL(navigations[0]);
  assert.equal(authorize.origin + authorize.pathname, 'https://login.example.test/oauth2/authorize');
  assert.equal(authorize.searchParams.get('response_type'), 'code', 'never the implicit flow');
  const saved = JSON.parse(storage.get('hybrid.pkce'));
  assert.equal(authorize.searchParams.get('code_challenge'), await codeChallenge(saved.verifier));
  assert.equal(authorize.searchParams.get('state'), saved.state);

  // The Hosted UI sends the browser back with a code; a new page load finishes the sign-in.
  setLocation(`http://app.test/callback?code=the-code&state=${saved.state}`);
  const fresh = new Auth(t);
  responses.push({ body: { authMode: 'Cognito', cognito } });
  responses.push({ body: { access_token: jwt({ sub: 'u-1', username: 'ada' }), id_token: 'id', refresh_token: 'refresh-1', expires_in: 3600 } });
  await fresh.init();
  const exchange = requests.at(-1);
  assert.equal(exchange.url, 'https://login.example.test/oauth2/token');
  const body = new URLSearchParams(exchange.body);
  assert.equal(body.get('grant_type'), 'authorization_code');
  assert.equal(body.get('code'), 'the-code');
  assert.equal(body.get('code_verifier'), saved.verifier);
  assert.ok(fresh.signedIn);
  assert.deepEqual(fresh.user, { id: 'u-1', name: 'ada' });
  assert.equal(location.pathname, '/files', 'back where the user started, without the code in the URL');
  assert.equal(storage.size, 0, 'nothing of the sign-in stays in storage; tokens live in memory');

  // Silent refresh two minutes before expiry, with the refresh token.
  const refresh = t.timers.at(-1);
  assert.equal(refresh.ms, 3600_000 - 120_000);
  responses.push({ body: { access_token: jwt({ sub: 'u-1', username: 'ada' }), expires_in: 3600 } });
  await refresh.fn();
  const renewal = new URLSearchParams(requests.at(-1).body);
  assert.equal(renewal.get('grant_type'), 'refresh_token');
  assert.equal(renewal.get('refresh_token'), 'refresh-1');

  fresh.signOut();
  assert.ok(!fresh.signedIn);
  assert.match(navigations.at(-1), /^https:\/\/login\.example\.test\/logout\?client_id=client-1/);
});

test('Cognito: an answer whose state does not match is refused and no code is traded', async () => {
  const auth = new Auth(fakeTimers());
  storage.set('hybrid.pkce', JSON.stringify({ verifier: 'v', state: 'expected', returnPath: '/' }));
  setLocation('http://app.test/callback?code=stolen&state=forged');
  responses.push({ body: { authMode: 'Cognito', cognito } });
  await assert.rejects(auth.init(), (e) => e.code === 'invalid_state');
  assert.equal(requests.length, 1, 'only the config was fetched');
  assert.ok(!auth.signedIn);
});

test('Dev: sign-in mints a dev token and renews it silently before it expires', async () => {
  const t = fakeTimers();
  const auth = new Auth(t);
  responses.push({ body: { authMode: 'Dev' } });
  await auth.init();
  responses.push({ body: { access_token: jwt({ sub: 'alice', username: 'alice' }), expires_in: 600 } });
  await auth.signInDev(' alice ');
  assert.deepEqual(JSON.parse(requests.at(-1).body), { user: 'alice' });
  assert.equal(t.timers.at(-1).ms, 600_000 - 120_000);
  responses.push({ body: { access_token: jwt({ sub: 'alice', username: 'alice' }), expires_in: 600 } });
  await t.timers.at(-1).fn();
  assert.equal(requests.at(-1).url, '/api/dev/token');
  assert.ok(auth.signedIn);
  auth.signOut();
});
