/**
 * Sign-in. The gateway says how (`GET /api/config`):
 *  - Dev: `POST /api/dev/token {user}` (only offered in Dev mode, only from this machine).
 *  - Cognito: the Hosted UI with the authorization-code flow and PKCE (never the implicit flow).
 *
 * Tokens live in memory only (never localStorage: an XSS could read that). Before a token expires it
 * is renewed silently (Cognito: the refresh token; Dev: a new dev token). A reload therefore asks to
 * sign in again — with Cognito that is a redirect the Hosted UI's own session answers at once.
 * Only the PKCE verifier and state survive the redirect, in sessionStorage, and are removed on return.
 */
import { authorizeUrl, codeChallenge, codeExchangeBody, jwtPayload, logoutUrl, randomString, refreshBody, tokenUrl } from './core/pkce.js';
import { ApiError } from './core/api-error.js';
import { backoffDelay } from './core/backoff.js';

const PKCE_KEY = 'hybrid.pkce';
const LAST_DEV_USER = 'hybrid.devUser';
/** Renew this long before expiry. */
const REFRESH_MARGIN_MS = 120_000;

export class Auth extends EventTarget {
  /** @param {{setTimer?: Function, clearTimer?: Function}} [timers] injectable for tests */
  constructor({ setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (t) => clearTimeout(t) } = {}) {
    super();
    this._setTimer = setTimer;
    this._clearTimer = clearTimer;
    this.config = { authMode: 'Dev' };
    this._token = null;
    this._refreshToken = null;
    this._expiresAt = 0;
    this._devUser = null;
    this._timer = null;
    this._refreshing = null;
    this.user = null; // {id, name}
  }

  get mode() {
    return this.config.authMode === 'Cognito' ? 'Cognito' : 'Dev';
  }

  get signedIn() {
    return this._token !== null;
  }

  /** The dev user name last used in this tab (a convenience; not a secret). */
  get lastDevUser() {
    try {
      return sessionStorage.getItem(LAST_DEV_USER) ?? '';
    } catch {
      return '';
    }
  }

  /** Loads the configuration; on the Hosted UI's redirect back, finishes the sign-in. */
  async init() {
    let response;
    try {
      response = await fetch('/api/config', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    } catch (error) {
      throw new ApiError(0, 'config_unavailable', `the server cannot be reached (${error.message})`);
    }
    if (response.status === 404) {
      this.config = { authMode: 'Dev' }; // an older gateway without /api/config
    } else if (!response.ok) {
      throw new ApiError(response.status, 'config_unavailable', 'could not load the app configuration');
    } else {
      this.config = await response.json();
    }
    const params = new URLSearchParams(location.search);
    if (location.pathname === '/callback' && (params.has('code') || params.has('error'))) {
      await this._finishCognito(params);
    }
  }

  /** Dev sign-in. */
  async signInDev(name) {
    const user = name.trim();
    const token = await this._devToken(user);
    this._devUser = user;
    try {
      sessionStorage.setItem(LAST_DEV_USER, user);
    } catch {
      // private mode: fine
    }
    this._accept(token.access_token, token.expires_in, null);
  }

  /** Cognito: goes to the Hosted UI (the page unloads). */
  async beginCognito(returnPath = '/') {
    const cognito = this._cognito();
    const verifier = randomString(48);
    const state = randomString(16);
    sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnPath }));
    location.assign(authorizeUrl(cognito, { state, challenge: await codeChallenge(verifier) }));
  }

  /** A valid access token, renewed first when it is about to expire. */
  async getToken() {
    if (!this._token) {
      throw new ApiError(401, 'unauthorized', 'not signed in');
    }
    if (Date.now() > this._expiresAt - REFRESH_MARGIN_MS / 2) {
      await this.refresh();
    }
    return this._token;
  }

  /** Renews the token now (single flight). Resolves false when that is not possible. */
  refresh() {
    if (!this._refreshing) {
      this._refreshing = this._doRefresh().finally(() => {
        this._refreshing = null;
      });
    }
    return this._refreshing;
  }

  /** Forgets the tokens; with Cognito also ends the Hosted UI session. */
  signOut() {
    const wasCognito = this.mode === 'Cognito' && this._token !== null;
    this._clear();
    this.dispatchEvent(new Event('change'));
    if (wasCognito) {
      location.assign(logoutUrl(this._cognito(), `${location.origin}/`));
    }
  }

  async _doRefresh() {
    try {
      if (this.mode === 'Dev' && this._devUser) {
        const token = await this._devToken(this._devUser);
        this._accept(token.access_token, token.expires_in, null);
        return true;
      }
      if (this.mode === 'Cognito' && this._refreshToken) {
        const tokens = await this._tokenRequest(refreshBody(this._cognito(), this._refreshToken));
        this._accept(tokens.access_token, tokens.expires_in, tokens.refresh_token ?? this._refreshToken);
        return true;
      }
      return false;
    } catch (error) {
      if (error instanceof ApiError && !error.transient) {
        // The refresh token was revoked or the user is gone: sign in again.
        this._clear();
        this.dispatchEvent(new Event('change'));
        return false;
      }
      throw error;
    }
  }

  async _devToken(user) {
    const response = await fetchOrNetworkError('/api/dev/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ user }),
    });
    if (!response.ok) {
      throw await problem(response);
    }
    return response.json();
  }

  async _finishCognito(params) {
    const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null');
    sessionStorage.removeItem(PKCE_KEY);
    history.replaceState(null, '', saved?.returnPath ?? '/');
    if (params.has('error')) {
      throw new ApiError(401, params.get('error'), params.get('error_description') ?? 'sign-in was refused');
    }
    if (!saved || saved.state !== params.get('state')) {
      throw new ApiError(400, 'invalid_state', 'the sign-in answer does not belong to this browser tab; sign in again');
    }
    const tokens = await this._tokenRequest(codeExchangeBody(this._cognito(), params.get('code'), saved.verifier));
    this._accept(tokens.access_token, tokens.expires_in, tokens.refresh_token ?? null);
  }

  async _tokenRequest(body) {
    const response = await fetchOrNetworkError(tokenUrl(this._cognito()), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
    });
    if (!response.ok) {
      const data = await response.json().catch(() => ({}));
      throw new ApiError(response.status, data.error ?? `http_${response.status}`, data.error_description ?? 'the token request failed');
    }
    return response.json();
  }

  _accept(token, expiresIn, refreshToken) {
    this._token = token;
    this._refreshToken = refreshToken ?? this._refreshToken;
    const lifetimeMs = Math.max(30, Number(expiresIn) || 3600) * 1000;
    this._expiresAt = Date.now() + lifetimeMs;
    const claims = jwtPayload(token);
    this.user = { id: claims.sub ?? '', name: claims.username ?? claims['cognito:username'] ?? claims.email ?? claims.sub ?? '' };
    this._schedule(Math.max(5_000, lifetimeMs - REFRESH_MARGIN_MS), 0);
    this.dispatchEvent(new Event('change'));
  }

  _schedule(delay, failures) {
    this._clearTimer(this._timer);
    this._timer = this._setTimer(async () => {
      try {
        await this.refresh();
      } catch {
        // Offline: try again soon while the token still lasts.
        if (this._token && Date.now() < this._expiresAt) {
          this._schedule(backoffDelay(failures + 1, { baseMs: 2000, maxMs: 30_000 }), failures + 1);
        }
      }
    }, delay);
  }

  _clear() {
    this._clearTimer(this._timer);
    this._token = null;
    this._refreshToken = null;
    this._expiresAt = 0;
    this._devUser = null;
    this.user = null;
  }

  _cognito() {
    const cognito = this.config.cognito;
    if (!cognito?.domain || !cognito.clientId || !cognito.redirectUri) {
      throw new ApiError(500, 'config_incomplete', 'Cognito sign-in is not configured (Auth:HostedUiDomain, Auth:ClientId, Auth:RedirectUri)');
    }
    return cognito;
  }
}

async function fetchOrNetworkError(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new ApiError(0, 'network', error?.message ?? 'network error');
  }
}

/** An ApiError from a problem+json response. */
export async function problem(response) {
  let code = '';
  let message = '';
  try {
    const data = await response.json();
    code = data.code ?? data.title ?? '';
    message = data.detail ?? data.title ?? '';
  } catch {
    // not JSON
  }
  return new ApiError(response.status, code, message || `${response.status} ${response.statusText}`);
}
