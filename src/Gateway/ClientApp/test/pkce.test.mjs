import { webcrypto } from 'node:crypto';
globalThis.crypto ??= webcrypto; // node 18 (Debian 12's nodejs) has no global Web Crypto

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizeUrl, codeChallenge, codeExchangeBody, jwtPayload, randomString, refreshBody } from '../src/core/pkce.js';

const cognito = { domain: 'https://example.auth.us-east-2.amazoncognito.com', clientId: 'client123', redirectUri: 'https://app.example/callback', scopes: ['openid', 'email'] };

test('S256 challenge matches RFC 7636 appendix B', async () => {
  assert.equal(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('verifiers are 43+ URL-safe characters and differ', () => {
  const a = randomString();
  const b = randomString();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b);
});

test('the authorize URL asks for a code with PKCE, never a token (no implicit flow)', () => {
  const url = new URL(authorizeUrl(cognito, { state: 'st', challenge: 'ch' }));
  assert.equal(url.pathname, '/oauth2/authorize');
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(url.searchParams.get('code_challenge'), 'ch');
  assert.equal(url.searchParams.get('state'), 'st');
  assert.equal(url.searchParams.get('scope'), 'openid email');
  assert.equal(url.searchParams.get('redirect_uri'), cognito.redirectUri);
});

test('token request bodies', () => {
  const exchange = codeExchangeBody(cognito, 'the-code', 'the-verifier');
  assert.equal(exchange.get('grant_type'), 'authorization_code');
  assert.equal(exchange.get('code_verifier'), 'the-verifier');
  assert.equal(refreshBody(cognito, 'rt').get('grant_type'), 'refresh_token');
});

test('jwtPayload reads claims for display and tolerates garbage', () => {
  const payload = Buffer.from(JSON.stringify({ sub: 'alice', exp: 123 })).toString('base64url');
  assert.deepEqual(jwtPayload(`x.${payload}.y`), { sub: 'alice', exp: 123 });
  assert.deepEqual(jwtPayload('nonsense'), {});
});
