/**
 * OAuth 2.0 authorization code flow with PKCE (RFC 7636) for the Cognito Hosted UI: helpers that
 * make the verifier, its S256 challenge, the authorize URL and the token request bodies.
 * Plain ES module on Web Crypto (browser and node).
 */

/** base64url without padding. */
export function base64Url(bytes) {
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random string of `bytes` random bytes, base64url (43 characters for 32 bytes). */
export function randomString(bytes = 32) {
  const data = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(data);
  return base64Url(data);
}

/** The S256 code challenge of a verifier. */
export async function codeChallenge(verifier) {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/**
 * The Hosted UI authorize URL.
 * @param {{domain: string, clientId: string, redirectUri: string, scopes?: string[]}} cognito
 */
export function authorizeUrl(cognito, { state, challenge }) {
  const url = new URL('/oauth2/authorize', normalizeDomain(cognito.domain));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', cognito.clientId);
  url.searchParams.set('redirect_uri', cognito.redirectUri);
  url.searchParams.set('scope', (cognito.scopes ?? ['openid']).join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/** The token endpoint. */
export function tokenUrl(cognito) {
  return new URL('/oauth2/token', normalizeDomain(cognito.domain)).toString();
}

/** The logout URL (ends the Hosted UI session too, not only the local tokens). */
export function logoutUrl(cognito, returnTo) {
  const url = new URL('/logout', normalizeDomain(cognito.domain));
  url.searchParams.set('client_id', cognito.clientId);
  url.searchParams.set('logout_uri', returnTo);
  return url.toString();
}

/** Form body that trades the code for tokens. */
export function codeExchangeBody(cognito, code, verifier) {
  return new URLSearchParams({ grant_type: 'authorization_code', client_id: cognito.clientId, code, redirect_uri: cognito.redirectUri, code_verifier: verifier });
}

/** Form body of a silent refresh. */
export function refreshBody(cognito, refreshToken) {
  return new URLSearchParams({ grant_type: 'refresh_token', client_id: cognito.clientId, refresh_token: refreshToken });
}

function normalizeDomain(domain) {
  return /^https?:\/\//.test(domain) ? domain : `https://${domain}`;
}

/** The payload of a JWT, for display only (the server verifies tokens; the client never trusts this). */
export function jwtPayload(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      [...atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '='))].map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
    );
    return JSON.parse(json);
  } catch {
    return {};
  }
}
