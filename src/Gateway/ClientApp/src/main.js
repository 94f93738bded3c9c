/**
 * The Hybrid web app: sign-in, recorder with live transcript, session library, file manager.
 * A tiny history-API router shows one view at a time; views are created once and kept, so a
 * recording goes on while the user looks at other pages.
 */
import { Auth } from './auth.js';
import { Api } from './api.js';
import { UploadQueue } from './core/upload-queue.js';
import { IdbChunkStore } from './core/idb-store.js';
import { MemoryChunkStore } from './core/memory-store.js';
import { RecorderView } from './ui/recorder-view.js';
import { SessionsView } from './ui/sessions-view.js';
import { SessionView } from './ui/session-view.js';
import { FilesView } from './ui/files-view.js';
import { SignInView } from './ui/signin-view.js';
import { h, toast } from './ui/dom.js';

/* global WORKLET_URL */
const workletUrl = typeof WORKLET_URL === 'string' ? WORKLET_URL : '/assets/capture-worklet.js';

const routes = [
  { pattern: /^\/$/, view: 'record' },
  { pattern: /^\/sessions\/?$/, view: 'sessions' },
  { pattern: /^\/sessions\/([A-Za-z0-9_-]{8,64})\/?$/, view: 'session' },
  { pattern: /^\/files\/?$/, view: 'files' },
];

class App {
  constructor() {
    this.auth = new Auth();
    this.api = new Api(this.auth);
    this.main = document.getElementById('main');
    this.queue = null;
    this.store = null;
    this.views = {};
    this.current = null;
    this.afterSignIn = null;
  }

  async start() {
    this._wireChrome();
    try {
      await this.auth.init();
    } catch (error) {
      if (error.code === 'config_unavailable' || error.status === 0) {
        this._fatal(`The app could not start: ${error.message}`);
        return;
      }
      // A failed return from the Hosted UI: say why on the sign-in page.
      this._signedOutReason = `Sign-in did not complete: ${error.message}`;
    }
    this.views.record = new RecorderView({ api: this.api, auth: this.auth, workletUrl, navigate: (p) => this.navigate(p) });
    this.views.sessions = new SessionsView({ api: this.api });
    this.views.session = new SessionView({ api: this.api, navigate: (p) => this.navigate(p) });
    this.views.files = new FilesView({ api: this.api });
    this.views.signin = new SignInView({ auth: this.auth, onSignedIn: () => this._afterSignIn() });
    this.auth.addEventListener('change', () => this._authChanged());
    window.addEventListener('popstate', () => this.route());
    document.addEventListener('click', (event) => {
      const link = event.target.closest?.('a[data-link]');
      if (link && link.origin === location.origin && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
        event.preventDefault();
        this.navigate(link.pathname + link.search);
      }
    });
    if (this.auth.signedIn) {
      await this._afterSignIn();
    } else {
      this.route();
    }
  }

  navigate(path) {
    if (path !== location.pathname + location.search) {
      history.pushState(null, '', path);
    }
    this.route();
  }

  route() {
    const path = location.pathname;
    if (!this.auth.signedIn) {
      this.afterSignIn = path === '/callback' ? '/' : path;
      this.views.signin.render(this._signedOutReason ?? '');
      this._show(this.views.signin);
      return;
    }
    const match = routes.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
    if (!match) {
      history.replaceState(null, '', '/');
      this.route();
      return;
    }
    const view = this.views[match.r.view];
    this._show(view);
    if (match.r.view === 'session') {
      view.show(match.m[1]);
    } else {
      view.onShow?.();
    }
    for (const a of document.querySelectorAll('#nav a')) {
      const active = a.getAttribute('href') === '/' ? path === '/' : path.startsWith(a.getAttribute('href'));
      if (active) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    }
  }

  _show(view) {
    if (this.current !== view) {
      if (this.current) {
        this.current.el.hidden = true;
      }
      if (!view.el.isConnected) {
        this.main.appendChild(view.el);
      }
      view.el.hidden = false;
      this.current = view;
    }
    document.title = `${view.title} · Hybrid`;
    // Move focus to the page heading so screen readers announce the new page.
    view.el.querySelector('h1')?.focus({ preventScroll: false });
  }

  async _afterSignIn() {
    this._signedOutReason = null;
    await this._openQueue();
    this._updateChrome();
    const target = this.afterSignIn && this.afterSignIn !== location.pathname ? this.afterSignIn : null;
    this.afterSignIn = null;
    if (target) {
      this.navigate(target);
    } else {
      this.route();
    }
  }

  async _openQueue() {
    const userId = this.auth.user?.id;
    if (this.queue && this.queue.userId === userId) {
      return;
    }
    this.queue?.stop();
    if (!this.store) {
      try {
        this.store = await IdbChunkStore.open();
      } catch (error) {
        this.store = new MemoryChunkStore();
        toast(`Unsent chunks cannot be kept on this device (${error.message}); keep this page open until they are uploaded.`, 'error');
      }
    }
    const queue = new UploadQueue({ store: this.store, api: this.api, userId });
    queue.userId = userId;
    this.queue = queue;
    this.views.record.attachQueue(queue);
    queue.subscribe((event) => {
      if (event.type === 'finalized') {
        document.body.dataset.lastFinalized = event.sessionId;
      }
    });
    queue.restore().then(
      (count) => count > 0 && toast(`${count} chunk(s) saved on this device are being uploaded.`),
      (error) => toast(`Could not restore unsent chunks: ${error.message}`, 'error'),
    );
  }

  _authChanged() {
    this._updateChrome();
    if (!this.auth.signedIn) {
      this._signedOutReason = 'You are signed out. Unsent chunks stay on this device and are uploaded after you sign in again.';
      this.queue?.stop();
      this.queue = null;
      this.views.record.attachQueue(null);
      this.route();
    }
  }

  _wireChrome() {
    document.getElementById('sign-out')?.addEventListener('click', () => {
      if (this.views.record?.busy) {
        toast('Stop the recording before signing out.', 'error');
        return;
      }
      this.auth.signOut();
    });
    const net = document.getElementById('net-status');
    const update = () => {
      if (net) {
        net.textContent = navigator.onLine ? 'Online' : 'Offline';
        net.dataset.state = navigator.onLine ? 'online' : 'offline';
      }
    };
    window.addEventListener('online', () => {
      update();
      this.queue?.retryNow();
      const sessionId = this.views.record?.sessionId;
      if (sessionId) {
        this.queue?.resync(sessionId).catch(() => {});
      }
    });
    window.addEventListener('offline', update);
    update();
  }

  _updateChrome() {
    const signedIn = this.auth.signedIn;
    document.getElementById('nav').hidden = !signedIn;
    document.getElementById('account').hidden = !signedIn;
    document.getElementById('account-name').textContent = signedIn ? this.auth.user?.name ?? '' : '';
  }

  _fatal(message) {
    this.main.replaceChildren(h('p', { class: 'banner banner-error', role: 'alert' }, message));
  }
}

new App().start();
