/**
 * The upload state of every chunk: one `chunk-status` row per chunk with data-state =
 * queued|uploading|synced|failed, a progress bar while uploading, and Retry / Save for failures.
 */
import { formatBytes, formatSeconds, h, replaceChildren, saveBlob } from './dom.js';
import { extensionFor } from '../core/media-types.js';

const LABELS = {
  queued: { icon: '○', text: 'Queued' },
  uploading: { icon: '⬆', text: 'Uploading' },
  synced: { icon: '✓', text: 'Synced' },
  failed: { icon: '✗', text: 'Failed' },
};

export class ChunkList {
  constructor() {
    this._list = h('ol', { class: 'chunk-list', 'aria-label': 'Recorded chunks' });
    this._summary = h('p', { class: 'chunk-summary', 'data-testid': 'chunk-summary', 'aria-live': 'polite' });
    this.el = h('div', { class: 'chunks' }, this._summary, this._list);
    this._rows = new Map();
    this._queue = null;
    this._unsubscribe = null;
    this.currentSession = null;
  }

  /** Shows the chunks of `queue` (null to detach). */
  attach(queue) {
    this._unsubscribe?.();
    this._rows.clear();
    replaceChildren(this._list);
    this._queue = queue;
    if (!queue) {
      this._updateSummary();
      return;
    }
    for (const item of queue.items()) {
      this._render(item);
    }
    this._unsubscribe = queue.subscribe((event) => {
      if (event.type === 'chunk') {
        this._render(event.chunk);
      }
    });
    this._updateSummary();
  }

  /** Hides synced chunks of earlier sessions when a new recording starts. */
  startSession(sessionId) {
    this.currentSession = sessionId;
    for (const [id, row] of this._rows) {
      if (row.dataset.session !== sessionId && row.dataset.state === 'synced') {
        row.remove();
        this._rows.delete(id);
      }
    }
    this._updateSummary();
  }

  _render(chunk) {
    const label = LABELS[chunk.state] ?? { icon: '?', text: chunk.state };
    let row = this._rows.get(chunk.id);
    if (!row) {
      row = h('li', { class: 'chunk', 'data-testid': 'chunk-status' });
      this._rows.set(chunk.id, row);
      this._list.appendChild(row);
    }
    row.dataset.state = chunk.state;
    row.dataset.seq = String(chunk.seq);
    row.dataset.session = chunk.sessionId;
    row.dataset.attempts = String(chunk.attempts);
    const other = this.currentSession && chunk.sessionId !== this.currentSession ? ` (session ${chunk.sessionId.slice(0, 8)})` : '';
    const detail = [];
    detail.push(`${formatSeconds(chunk.tStartMs)}–${formatSeconds(chunk.tEndMs)}`, formatBytes(chunk.size));
    if (chunk.attempts > 1) {
      detail.push(`attempt ${chunk.attempts}`);
    }
    const actions = [];
    if (chunk.state === 'failed') {
      actions.push(h('button', { type: 'button', class: 'small', onclick: () => this._queue?.retry(chunk.id), 'aria-label': `Retry chunk ${chunk.seq}` }, 'Retry'));
      const blob = this._queue?.blobOf(chunk.id);
      if (blob) {
        actions.push(
          h('button', {
            type: 'button',
            class: 'small',
            onclick: () => saveBlob(blob, `${chunk.sessionId}-chunk-${String(chunk.seq).padStart(5, '0')}.${extensionFor(chunk.contentType)}`),
            'aria-label': `Save chunk ${chunk.seq} to this device`,
          }, 'Save'),
        );
      }
    }
    replaceChildren(
      row,
      h('span', { class: `chunk-state state-${chunk.state}`, 'aria-hidden': 'true' }, label.icon),
      h('span', { class: 'chunk-name' }, `Chunk ${chunk.seq}${other}`),
      h('span', { class: 'chunk-detail' }, detail.join(' · ')),
      h('span', { class: 'chunk-label' }, label.text, chunk.state === 'failed' && chunk.lastError ? h('span', { class: 'chunk-error' }, ` — ${chunk.lastError}`) : null),
      chunk.state === 'uploading' ? h('progress', { max: '1', value: String(chunk.progress ?? 0), 'aria-label': `Upload of chunk ${chunk.seq}` }) : null,
      actions.length ? h('span', { class: 'chunk-actions' }, ...actions) : null,
    );
    this._updateSummary();
  }

  _updateSummary() {
    const counts = { queued: 0, uploading: 0, synced: 0, failed: 0 };
    for (const row of this._rows.values()) {
      counts[row.dataset.state] = (counts[row.dataset.state] ?? 0) + 1;
    }
    const total = this._rows.size;
    this._summary.textContent =
      total === 0 ? 'No chunks yet.' : `${counts.synced} of ${total} chunks synced` + (counts.failed ? `, ${counts.failed} failed (retrying)` : '') + (counts.uploading + counts.queued ? `, ${counts.uploading + counts.queued} in progress` : '') + '.';
  }
}
