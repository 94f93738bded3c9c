/**
 * One session: the manifest, every chunk playable on its own and the whole recording in order, the
 * live transcript with clickable word times that seek the audio, exports and delete.
 */
import { confirmDialog } from './dialog.js';
import { formatBytes, formatDate, formatDuration, formatSeconds, h, replaceChildren, saveBlob, toast } from './dom.js';
import { renderSegment } from './transcript-view.js';
import { extensionFor } from '../core/media-types.js';

export class SessionView {
  /** @param {{api: import('../api.js').Api, navigate: (path: string) => void}} deps */
  constructor({ api, navigate }) {
    this._api = api;
    this._navigate = navigate;
    this._manifest = null;
    this._current = null; // index into chunks being played
    this._playAll = false;
    this._title = h('h1', { id: 'session-title', tabindex: '-1' }, 'Session');
    this._facts = h('dl', { class: 'facts', 'data-testid': 'manifest' });
    this._status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
    this._audio = h('audio', { controls: true, preload: 'auto', 'data-testid': 'player', class: 'player' });
    this._nowPlaying = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'now-playing' });
    this._chunkBody = h('tbody');
    this._transcript = h('div', { class: 'transcript session-transcript', 'data-testid': 'session-transcript' });
    this._exports = h('div', { class: 'buttons' }, ...['txt', 'srt', 'vtt', 'json'].map((f) => h('button', { type: 'button', 'data-testid': `export-${f}`, onclick: () => this._export(f) }, f.toUpperCase())));
    this._audio.addEventListener('ended', () => this._next());
    this._audio.addEventListener('error', () => {
      if (this._current !== null) {
        this._nowPlaying.textContent = `Chunk ${this._chunks()[this._current]?.seq} could not be played.`;
      }
    });
    this.el = h(
      'section',
      { class: 'view session', 'aria-labelledby': 'session-title' },
      h('p', {}, h('a', { href: '/sessions', 'data-link': true }, '← All sessions')),
      this._title,
      this._status,
      this._facts,
      h('h2', {}, 'Playback'),
      h('div', { class: 'buttons' }, h('button', { type: 'button', 'data-testid': 'play-all', onclick: () => this._startAll() }, '▶ Play the whole recording')),
      this._audio,
      this._nowPlaying,
      h('h2', {}, 'Chunks'),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table' },
          h('caption', { class: 'visually-hidden' }, 'Stored chunks in order'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Size'), h('th', { scope: 'col' }, 'Words'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          this._chunkBody,
        ),
      ),
      h('h2', {}, 'Transcript'),
      h('p', { class: 'muted' }, 'Select a word to play the recording from there.'),
      this._transcript,
      h('h2', {}, 'Export'),
      this._exports,
      h('h2', {}, 'Delete'),
      h('button', { type: 'button', class: 'danger', 'data-testid': 'delete-session', onclick: () => this._delete() }, 'Delete this session'),
    );
  }

  get title() {
    return 'Session';
  }

  /** @param {string} sessionId */
  async show(sessionId) {
    this._sessionId = sessionId;
    this._audio.pause();
    this._audio.removeAttribute('src');
    this._current = null;
    this._title.textContent = `Session ${sessionId.slice(0, 8)}`;
    this._status.textContent = 'Loading…';
    replaceChildren(this._facts);
    replaceChildren(this._chunkBody);
    replaceChildren(this._transcript);
    this._nowPlaying.textContent = '';
    try {
      const [manifest, transcript] = await Promise.all([this._api.manifest(sessionId), this._api.transcript(sessionId, 'json').catch(() => null)]);
      if (this._sessionId !== sessionId) {
        return;
      }
      this._manifest = manifest;
      this._renderManifest(manifest);
      this._renderTranscript(transcript);
      this._status.textContent = '';
    } catch (error) {
      this._status.textContent = error.status === 404 ? 'This session does not exist (or is not yours).' : `Could not load the session: ${error.message}`;
    }
  }

  _chunks() {
    return [...(this._manifest?.chunks ?? [])].sort((a, b) => a.seq - b.seq);
  }

  _renderManifest(m) {
    const fact = (label, value, testid) => h('div', {}, h('dt', {}, label), h('dd', { 'data-testid': testid }, value));
    replaceChildren(
      this._facts,
      fact('Session', m.sessionId, 'manifest-session'),
      fact('Status', m.status, 'manifest-status'),
      fact('Recorded', formatDate(m.createdAt)),
      fact('Duration', formatDuration(m.durationMs)),
      fact('Chunks', String(m.chunks?.length ?? 0), 'manifest-chunks'),
      fact('Size', formatBytes(m.totalBytes)),
      fact('Format', `${m.codec}, chunks of ${m.chunkSeconds} s`),
      fact('Transcription', Object.entries(m.transcription ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ') || '–'),
    );
    const chunks = this._chunks();
    if (chunks.length === 0) {
      this._chunkBody.appendChild(h('tr', {}, h('td', { colspan: '6' }, 'No chunks stored.')));
    }
    chunks.forEach((c, index) => {
      this._chunkBody.appendChild(
        h(
          'tr',
          { 'data-testid': 'manifest-chunk', dataset: { seq: c.seq, tStartMs: c.tStartMs, tEndMs: c.tEndMs } },
          h('td', {}, String(c.seq)),
          h('td', {}, `${formatSeconds(c.tStartMs)}–${formatSeconds(c.tEndMs)}`),
          h('td', {}, c.contentType),
          h('td', {}, formatBytes(c.bytes)),
          h('td', {}, c.hasTranscription ? String(c.wordCount ?? '✓') : '–'),
          h(
            'td',
            { class: 'actions' },
            h('button', { type: 'button', class: 'small', 'data-testid': 'chunk-play', 'aria-label': `Play chunk ${c.seq}`, onclick: () => this._play(index, 0, false) }, '▶ Play'),
            h('button', { type: 'button', class: 'small', 'aria-label': `Download chunk ${c.seq}`, onclick: () => this._download(c) }, 'Download'),
          ),
        ),
      );
    });
  }

  _renderTranscript(transcript) {
    const segments = transcript?.segments ?? [];
    if (segments.length === 0) {
      this._transcript.appendChild(h('p', { class: 'placeholder' }, 'No transcript for this session.'));
      return;
    }
    for (const segment of segments) {
      this._transcript.appendChild(h('p', { class: 'segment-line' }, renderSegment(segment, { wordTag: 'button', onWord: (w) => this._seek(w.startMs) })));
    }
  }

  async _play(index, offsetSeconds, all) {
    const chunks = this._chunks();
    const chunk = chunks[index];
    if (!chunk) {
      this._current = null;
      this._playAll = false;
      this._nowPlaying.textContent = 'End of the recording.';
      return;
    }
    this._playAll = all;
    this._current = index;
    const token = (this._playToken = (this._playToken ?? 0) + 1);
    try {
      const { url } = await this._api.chunkUrl(this._sessionId, chunk.seq);
      const audio = this._audio;
      audio.src = url;
      if (offsetSeconds > 0) {
        // Seek before playing, so playback starts at the word (not a blip from 0).
        await waitFor(audio, 'loadedmetadata', 10_000);
        audio.currentTime = offsetSeconds;
        await waitFor(audio, 'seeked', 5_000);
      }
      if (token !== this._playToken) {
        return; // another play request came in meanwhile
      }
      this._nowPlaying.textContent = `Playing chunk ${chunk.seq} (${formatSeconds(chunk.tStartMs)}–${formatSeconds(chunk.tEndMs)})${all ? ` of ${chunks.length}` : ''}`;
      audio.dataset.seq = String(chunk.seq);
      await audio.play();
    } catch (error) {
      if (error?.name !== 'AbortError') {
        this._nowPlaying.textContent = `Could not play chunk ${chunk.seq}: ${error.message}`;
      }
    }
  }

  _startAll() {
    this._play(0, 0, true);
  }

  _next() {
    if (this._playAll && this._current !== null) {
      this._play(this._current + 1, 0, true);
    }
  }

  /** Plays from a word: the chunk that holds the time, at the offset inside it; then on in order. */
  _seek(ms) {
    const chunks = this._chunks();
    let index = chunks.findIndex((c) => ms >= c.tStartMs && ms < c.tEndMs);
    if (index < 0) {
      index = chunks.findIndex((c) => c.tStartMs > ms);
    }
    if (index < 0) {
      toast('That part of the recording is not stored.', 'error');
      return;
    }
    this._play(index, Math.max(0, (ms - chunks[index].tStartMs) / 1000), true);
  }

  async _download(chunk) {
    try {
      const { url } = await this._api.chunkUrl(this._sessionId, chunk.seq);
      const a = h('a', { href: url, download: `${this._sessionId}-chunk-${String(chunk.seq).padStart(5, '0')}.${extensionFor(chunk.contentType)}`, hidden: true });
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (error) {
      toast(`Could not download: ${error.message}`, 'error');
    }
  }

  async _export(format) {
    try {
      const body = await this._api.transcript(this._sessionId, format);
      const text = format === 'json' ? JSON.stringify(body, null, 2) : body;
      const types = { txt: 'text/plain', srt: 'application/x-subrip', vtt: 'text/vtt', json: 'application/json' };
      saveBlob(new Blob([text], { type: types[format] }), `${this._sessionId}.${format}`);
    } catch (error) {
      toast(`Could not export: ${error.message}`, 'error');
    }
  }

  async _delete() {
    if (!(await confirmDialog('Delete session?', 'This recording, its chunks and transcripts will be deleted for good.'))) {
      return;
    }
    try {
      this._audio.pause();
      await this._api.deleteSession(this._sessionId);
      toast('Session deleted.');
      this._navigate('/sessions');
    } catch (error) {
      toast(`Could not delete: ${error.message}`, 'error');
    }
  }
}

/** Resolves on the element's next `event`, rejects after `timeoutMs` or on a media error. */
function waitFor(element, event, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${event}`)), timeoutMs);
    const onEvent = () => done(null);
    const onError = () => done(new Error(element.error?.message || 'the audio could not be loaded'));
    function done(error) {
      clearTimeout(timer);
      element.removeEventListener(event, onEvent);
      element.removeEventListener('error', onError);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    }
    element.addEventListener(event, onEvent);
    element.addEventListener('error', onError);
  });
}
