/**
 * Sign-in: a user name form in Dev mode, the Hosted UI button in Cognito mode.
 */
import { h } from './dom.js';

export class SignInView {
  /** @param {{auth: import('../auth.js').Auth, onSignedIn: () => void}} deps */
  constructor({ auth, onSignedIn }) {
    this._auth = auth;
    this._onSignedIn = onSignedIn;
    this._error = h('p', { class: 'banner banner-error', role: 'alert', hidden: true });
    this.el = h('section', { class: 'view signin', 'aria-labelledby': 'signin-title' });
  }

  get title() {
    return 'Sign in';
  }

  /** Renders for the current mode; `message` explains why (e.g. the session expired). */
  render(message = '') {
    const auth = this._auth;
    const body = [];
    if (auth.mode === 'Dev') {
      const input = h('input', { id: 'dev-user', name: 'user', type: 'text', required: true, autocomplete: 'username', pattern: '[A-Za-z0-9._@\\-]{1,64}', value: auth.lastDevUser || '', 'data-testid': 'dev-user' });
      const button = h('button', { type: 'submit', class: 'primary', 'data-testid': 'dev-signin' }, 'Sign in');
      const form = h(
        'form',
        { class: 'card', 'aria-describedby': 'dev-note' },
        h('p', { id: 'dev-note', class: 'muted' }, 'Development sign-in: any user name works, on this machine only.'),
        h('label', { class: 'field', for: 'dev-user' }, h('span', {}, 'User name'), input),
        button,
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        button.disabled = true;
        this._showError('');
        try {
          await auth.signInDev(input.value);
          this._onSignedIn();
        } catch (error) {
          this._showError(`Sign-in failed: ${error.message}`);
        } finally {
          button.disabled = false;
        }
      });
      body.push(form);
      queueMicrotask(() => input.focus());
    } else {
      const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'cognito-signin' }, 'Sign in');
      button.addEventListener('click', async () => {
        try {
          await auth.beginCognito(location.pathname === '/callback' ? '/' : location.pathname);
        } catch (error) {
          this._showError(`Sign-in is not available: ${error.message}`);
        }
      });
      body.push(h('div', { class: 'card' }, h('p', {}, 'Sign in with your account to record and manage your files.'), button));
    }
    this.el.replaceChildren(h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in'), message ? h('p', { class: 'banner', role: 'status' }, message) : '', this._error, ...body);
  }

  _showError(message) {
    this._error.textContent = message;
    this._error.hidden = !message;
  }
}
