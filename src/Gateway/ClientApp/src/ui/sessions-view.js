/**
 * The session library: the user's recordings, newest first, paged, with a link to each session's
 * page and delete.
 */
import { confirmDialog } from './dialog.js';
import { formatBytes, formatDate, formatDuration, h, replaceChildren, toast } from './dom.js';

export class SessionsView {
  /** @param {{api: import('../api.js').Api}} deps */
  constructor({ api }) {
    this._api = api;
    this._next = null;
    this._body = h('tbody');
    this._status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
    this._more = h('button', { type: 'button', hidden: true, onclick: () => this._load(true) }, 'Load more');
    this.el = h(
      'section',
      { class: 'view sessions', 'aria-labelledby': 'sessions-title' },
      h('div', { class: 'view-header' }, h('h1', { id: 'sessions-title', tabindex: '-1' }, 'Sessions'), h('button', { type: 'button', onclick: () => this._load(false) }, 'Refresh')),
      this._status,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', 'data-testid': 'sessions-table' },
          h('caption', { class: 'visually-hidden' }, 'Your recording sessions, newest first'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Recorded'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Chunks'), h('th', { scope: 'col' }, 'Duration'), h('th', { scope: 'col' }, 'Size'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          this._body,
        ),
      ),
      this._more,
    );
  }

  get title() {
    return 'Sessions';
  }

  onShow() {
    this._load(false);
  }

  async _load(more) {
    this._status.textContent = 'Loading…';
    try {
      const page = await this._api.listSessions(20, more ? this._next : null);
      if (!more) {
        replaceChildren(this._body);
      }
      for (const s of page.items ?? []) {
        this._body.appendChild(this._row(s));
      }
      this._next = page.next ?? null;
      this._more.hidden = !this._next;
      this._status.textContent = this._body.children.length === 0 ? 'No recordings yet. Record one on the Record page.' : '';
    } catch (error) {
      this._status.textContent = `Could not load your sessions: ${error.message}`;
    }
  }

  _row(s) {
    const row = h(
      'tr',
      { 'data-testid': 'session-row', dataset: { sessionId: s.sessionId } },
      h('td', {}, h('a', { href: `/sessions/${encodeURIComponent(s.sessionId)}`, 'data-link': true }, formatDate(s.createdUtc))),
      h('td', {}, h('span', { class: `pill status-${s.status}` }, s.status)),
      h('td', {}, String(s.chunks)),
      h('td', {}, formatDuration(s.durationMs)),
      h('td', {}, formatBytes(s.totalBytes)),
      h('td', {}, h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete the session of ${formatDate(s.createdUtc)}`, onclick: () => this._delete(s, row) }, 'Delete')),
    );
    return row;
  }

  async _delete(s, row) {
    if (!(await confirmDialog('Delete session?', `The recording of ${formatDate(s.createdUtc)}, its chunks and transcripts will be deleted for good.`))) {
      return;
    }
    try {
      await this._api.deleteSession(s.sessionId);
      row.remove();
      toast('Session deleted.');
    } catch (error) {
      toast(`Could not delete: ${error.message}`, 'error');
    }
  }
}
