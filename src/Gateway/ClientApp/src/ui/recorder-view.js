/**
 * The recorder page: Record/Stop, chunk length, the level meter, elapsed time, connection and
 * session state, latency, the live transcript and the upload state of every chunk.
 *
 * Start: microphone → StartSession on the hub (live session id) → POST /api/audio/sessions with that
 * id (one session for both paths) → both paths start at the same instant.
 * Stop: last frame and last chunk → StopSession (returns after the last final) → finalize once every
 * chunk is confirmed (remembered across reloads by the upload queue).
 */
import { Capture } from '../capture.js';
import { LiveClient, errorCode, errorText } from '../hub.js';
import { ApiError } from '../core/api-error.js';
import { backoffDelay } from '../core/backoff.js';
import { toDecibels } from '../core/pcm.js';
import { ChunkList } from './chunk-list.js';
import { TranscriptView } from './transcript-view.js';
import { formatDuration, h, replaceChildren, toast } from './dom.js';

const CHUNK_CHOICES = [2, 5, 10, 15, 30, 60, 120, 300];

export class RecorderView {
  /**
   * @param {{api: import('../api.js').Api, auth: import('../auth.js').Auth, workletUrl: string, navigate: (path: string) => void}} deps
   */
  constructor({ api, auth, workletUrl, navigate }) {
    this._api = api;
    this._auth = auth;
    this._workletUrl = workletUrl;
    this._navigate = navigate;
    this._queue = null;
    this._phase = 'idle'; // idle | starting | recording | stopping
    this._capture = null;
    this._live = null;
    this.sessionId = null;
    this._build();
  }

  get title() {
    return 'Record';
  }

  get busy() {
    return this._phase !== 'idle';
  }

  /** The signed-in user's upload queue (null when signed out). */
  attachQueue(queue) {
    this._queue = queue;
    this._chunks.attach(queue);
    this._updateButtons();
  }

  onShow() {
    this._updateButtons();
  }

  _build() {
    this._chunkSelect = h(
      'select',
      { id: 'chunk-seconds', 'data-testid': 'chunk-seconds' },
      ...CHUNK_CHOICES.map((s) => h('option', { value: String(s), selected: s === 5 }, s < 60 ? `${s} s` : `${s / 60} min`)),
    );
    this._voice = h('input', { type: 'checkbox', id: 'voice-processing', 'data-testid': 'voice-processing' });
    this._recordButton = h('button', { type: 'button', class: 'record', 'data-testid': 'record', onclick: () => this._start() }, h('span', { 'aria-hidden': 'true' }, '● '), 'Record');
    this._stopButton = h('button', { type: 'button', class: 'stop', 'data-testid': 'stop', disabled: true, onclick: () => this._stop() }, h('span', { 'aria-hidden': 'true' }, '■ '), 'Stop');

    this._elapsed = h('span', { 'data-testid': 'elapsed', class: 'elapsed' }, '0:00');
    this._meter = h('meter', { 'data-testid': 'level', min: '-60', max: '0', low: '-30', high: '-6', optimum: '-18', value: '-60', 'aria-label': 'Microphone level' });
    this._levelText = h('span', { class: 'level-text' }, '–');
    this._connection = h('span', { 'data-testid': 'connection', class: 'pill' }, 'not connected');
    this._sessionState = h('span', { 'data-testid': 'session-state', class: 'pill' }, '–');
    this._latency = h('span', { 'data-testid': 'latency' }, '–');
    this._frames = h('span', { 'data-testid': 'frames' }, '0');
    this._stats = h('div', { 'data-testid': 'stats', hidden: true });
    this._banner = h('div', { class: 'banner', role: 'status', 'aria-live': 'polite', 'data-testid': 'banner', hidden: true });
    this._error = h('div', { class: 'banner banner-error', role: 'alert', 'data-testid': 'error', hidden: true });
    this._summary = h('section', { class: 'summary', 'data-testid': 'summary', hidden: true, 'aria-label': 'Recording summary' });
    this._transcript = new TranscriptView();
    this._chunks = new ChunkList();

    this.el = h(
      'section',
      { class: 'view recorder', 'aria-labelledby': 'recorder-title' },
      h('h1', { id: 'recorder-title', tabindex: '-1' }, 'Record'),
      h(
        'div',
        { class: 'controls' },
        h('label', { class: 'field inline', for: 'chunk-seconds' }, h('span', {}, 'Chunk length'), this._chunkSelect),
        h('label', { class: 'field inline check', for: 'voice-processing' }, this._voice, h('span', {}, 'Echo cancellation & noise suppression')),
        h('div', { class: 'buttons' }, this._recordButton, this._stopButton),
      ),
      h(
        'dl',
        { class: 'status-grid' },
        h('div', {}, h('dt', {}, 'Elapsed'), h('dd', {}, this._elapsed)),
        h('div', {}, h('dt', {}, 'Connection'), h('dd', {}, this._connection)),
        h('div', {}, h('dt', {}, 'Session'), h('dd', {}, this._sessionState)),
        h('div', {}, h('dt', {}, 'Latency'), h('dd', {}, this._latency)),
        h('div', {}, h('dt', {}, 'Frames sent'), h('dd', {}, this._frames)),
        h('div', { class: 'level' }, h('dt', {}, 'Level'), h('dd', {}, this._meter, ' ', this._levelText)),
      ),
      this._banner,
      this._error,
      this._stats,
      h('h2', {}, 'Live transcript'),
      this._transcript.el,
      this._summary,
      h('h2', {}, 'Chunks'),
      this._chunks.el,
    );
  }

  _setPhase(phase) {
    this._phase = phase;
    this.el.dataset.phase = phase;
    this._updateButtons();
  }

  _updateButtons() {
    const signedIn = this._auth.signedIn && this._queue !== null;
    this._recordButton.disabled = !signedIn || this._phase !== 'idle';
    this._stopButton.disabled = this._phase !== 'recording';
    this._chunkSelect.disabled = this._phase !== 'idle';
    this._voice.disabled = this._phase !== 'idle';
    this._recordButton.setAttribute('aria-pressed', String(this._phase === 'recording'));
  }

  _showError(message) {
    this._error.textContent = message;
    this._error.hidden = !message;
  }

  _showBanner(message, kind = 'info') {
    this._banner.textContent = message;
    this._banner.hidden = !message;
    this._banner.dataset.kind = kind;
  }

  async _start() {
    if (this._phase !== 'idle' || !this._queue) {
      return;
    }
    this._setPhase('starting');
    this._showError('');
    this._showBanner('');
    this._summary.hidden = true;
    this._transcript.reset();
    this._loudestDb = -100;
    delete this._stats.dataset.nextSeq;
    delete this._stats.dataset.finals;
    delete this._stats.dataset.audioReceivedMs;
    const chunkSeconds = Number(this._chunkSelect.value);
    const queue = this._queue;
    let sessionId = null;
    const capture = new Capture({
      workletUrl: this._workletUrl,
      chunkSeconds,
      voiceProcessing: this._voice.checked,
      onFrame: (pcm, level) => this._onFrame(pcm, level),
      onChunk: (chunk) => {
        queue.add({ ...chunk, sessionId }).catch((error) => this._showError(`A chunk could not be queued: ${error.message}`));
      },
      onError: (error) => this._showError(`Recorder error: ${error.message}`),
    });
    this._capture = capture;
    const live = this._liveClient();
    try {
      await capture.open();
      const started = await live.start({});
      sessionId = started.sessionId;
      this.sessionId = sessionId;
      await this._createStorageSession(sessionId, capture, chunkSeconds);
      this._chunks.startSession(sessionId);
      this._stats.dataset.sessionId = sessionId;
      capture.start();
      this._tick = setInterval(() => this._updateStatus(), 250);
      window.addEventListener('beforeunload', beforeUnload);
      this._setPhase('recording');
      this._stopButton.focus();
    } catch (error) {
      capture.close();
      live.abandon();
      this._capture = null;
      this._setPhase('idle');
      this._showError(startErrorText(error));
    }
  }

  async _createStorageSession(sessionId, capture, chunkSeconds) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this._api.createSession({ sessionId, codec: capture.codec, sampleRate: Math.round(capture.sampleRate), chunkSeconds });
      } catch (error) {
        if (!(error instanceof ApiError) || !error.transient || attempt >= 5) {
          throw error;
        }
        await new Promise((r) => setTimeout(r, backoffDelay(attempt, { baseMs: 400, maxMs: 3000 })));
      }
    }
  }

  async _stop() {
    if (this._phase !== 'recording') {
      return;
    }
    this._setPhase('stopping');
    this._showBanner('Stopping: sending the last audio and waiting for the last words…');
    const sessionId = this.sessionId;
    try {
      await this._capture.stop();
    } catch (error) {
      this._showError(`Stopping the recorder failed: ${error.message}`);
    }
    this._capture = null;
    let result = null;
    try {
      result = await this._live.stop();
    } catch (error) {
      this._showError(`The live session did not stop cleanly: ${errorText(error)}`);
    }
    clearInterval(this._tick);
    window.removeEventListener('beforeunload', beforeUnload);
    this._transcript.endPartial();
    this._updateStatus();
    if (result) {
      this._stats.dataset.nextSeq = String(result.nextSeq);
      this._stats.dataset.finals = String(result.finals);
      this._stats.dataset.audioReceivedMs = String(result.audioReceivedMs);
    }
    this._showBanner('');
    await this._queue?.requestFinalize(sessionId);
    this._renderSummary(sessionId, result);
    this._setPhase('idle');
    this._recordButton.focus();
  }

  _renderSummary(sessionId, result) {
    const stats = this._live?.stats ?? {};
    const items = [
      h('li', {}, `Audio sent: ${formatDuration(stats.framesCaptured * 100)} (${stats.framesCaptured} frames)`),
      result ? h('li', {}, `Audio received by the server: ${formatDuration(result.audioReceivedMs)} (next frame ${result.nextSeq})`) : null,
      result ? h('li', {}, `Final segments: ${result.finals}`) : null,
      stats.reconnects ? h('li', {}, `Reconnects: ${stats.reconnects}, frames replayed: ${stats.framesReplayed}, frames lost: ${stats.framesLost}`) : null,
      h('li', {}, 'Chunks are finalized on the server as soon as every one is uploaded.'),
    ];
    replaceChildren(
      this._summary,
      h('h2', {}, 'Recording finished'),
      h('ul', {}, ...items),
      h('p', {}, h('a', { href: `/sessions/${encodeURIComponent(sessionId)}`, 'data-link': true, 'data-testid': 'session-link' }, 'Open this session')),
    );
    this._summary.hidden = false;
  }

  _liveClient() {
    if (this._live) {
      return this._live;
    }
    this._live = new LiveClient({
      getToken: () => this._auth.getToken(),
      onTranscript: (t) => {
        if (t.sessionId === this.sessionId || !this.sessionId) {
          this._transcript.update(t);
        }
      },
      onStatus: (s) => {
        if (s.sessionId === this.sessionId || !this.sessionId) {
          this._sessionState.textContent = s.state + (s.detail ? ` (${s.detail})` : '');
          this._sessionState.dataset.state = s.state;
          this._sessionState.title = [s.silo, s.asrEndpoint].filter(Boolean).join(' · ');
        }
      },
      onError: (e) => {
        if (e.code === 'sequence_gap') {
          this._showBanner(`The server reports missing audio: ${e.message}`, 'warn');
        } else {
          toast(`${e.code}: ${e.message}`, 'error');
        }
      },
      onConnection: (state, detail) => {
        this._connection.textContent = state;
        this._connection.dataset.state = state;
        if (state === 'reconnecting' && this._phase !== 'idle') {
          this._showBanner('Connection lost — reconnecting. Your audio is kept and will be sent when the connection is back.', 'warn');
        } else if (state === 'disconnected' && this._phase !== 'idle') {
          this._showBanner(`Disconnected${detail ? ` (${detail})` : ''} — trying again…`, 'warn');
        }
      },
      onResumed: ({ nextSeq, replayed, lost }) => {
        this._showBanner(
          `Reconnected: the session resumed at ${formatDuration(nextSeq * 100)} and ${replayed} buffered frames were sent` + (lost ? `; ${lost} frames were too old to keep.` : ' — nothing was lost.'),
          lost ? 'warn' : 'ok',
        );
        if (this.sessionId) {
          this._queue?.resync(this.sessionId).catch(() => {});
          this._queue?.retryNow();
        }
      },
    });
    return this._live;
  }

  _onFrame(pcm, level) {
    this._live?.push(pcm);
    const db = Math.max(-60, toDecibels(level.rms));
    this._meter.value = db;
    if (db > this._loudestDb) {
      this._loudestDb = db;
      this._stats.dataset.loudestDb = db.toFixed(1);
    }
    this._levelText.textContent = `${Math.round(toDecibels(level.peak))} dB peak`;
  }

  _updateStatus() {
    if (this._capture) {
      this._elapsed.textContent = formatDuration(this._capture.now());
    }
    const stats = this._live?.stats;
    if (!stats) {
      return;
    }
    this._frames.textContent = String(stats.framesSent);
    this._latency.textContent = stats.lastLatencyMs === null ? '–' : `${stats.lastLatencyMs} ms`;
    const d = this._stats.dataset;
    d.framesCaptured = String(stats.framesCaptured);
    d.framesSent = String(stats.framesSent);
    d.framesReplayed = String(stats.framesReplayed);
    d.framesLost = String(stats.framesLost);
    d.reconnects = String(stats.reconnects);
    d.resumes = String(stats.resumes);
    d.gaps = String(stats.gaps);
  }
}

function beforeUnload(event) {
  event.preventDefault();
  event.returnValue = '';
}

function startErrorText(error) {
  if (error?.name === 'NotAllowedError') {
    return 'Microphone access was refused. Allow the microphone for this site and try again.';
  }
  if (error?.name === 'NotFoundError') {
    return 'No microphone was found.';
  }
  if (error instanceof ApiError) {
    return `Could not start the recording: ${error.code}: ${error.message}`;
  }
  const code = errorCode(error);
  if (code === 'capacity_exhausted') {
    return `All speech recognition streams are busy right now. ${errorText(error)}`;
  }
  return `Could not start the recording: ${errorText(error)}`;
}
