/**
 * The live path client (docs/protocol.md): one SignalR connection to /hubs/transcription
 * with the MessagePack protocol (PCM travels as binary), StartSession → UploadAudio stream of
 * {seq, pcm} frames → StopSession.
 *
 * Every frame goes into a ring buffer before it is sent. When the connection drops, SignalR
 * reconnects (forever while recording, with backoff); the client then calls StartSession with the
 * same sessionId, learns `nextSeq` — the first frame the server still needs — and replays the ring
 * from there before sending live frames again. An outage shorter than the ring loses no audio.
 *
 * The same resume runs when the connection stays up but the session lost its node: the server
 * answers `resume_required` (or `session_ended`) as an Error event and as the failure of the
 * UploadAudio call. The resume sends `lastSegmentId`, so the server resends every final after it;
 * finals are de-duplicated by segmentId, so the page shows each once.
 */
import { HubConnectionState, Subject } from '@microsoft/signalr';
import { buildHubConnection } from './hub-connection.js';
import { FrameRing } from './core/frame-ring.js';
import { needsResume, restart, resume, resumeFailed } from './hub-resume.js';
import { TranscriptLedger } from './core/transcript-ledger.js';
import { LatencyProbe } from './core/latency-probe.js';
import { RESUME_CODES, errorCode, errorText } from './core/hub-errors.js';

export { RESUME_CODES, errorCode, errorText };

export const HUB_PATH = '/hubs/transcription';

export class LiveClient {
  /**
   * @param {object} options
   * @param {() => Promise<string>} options.getToken
   * @param {(t: object) => void} [options.onTranscript]
   * @param {(s: object) => void} [options.onStatus]
   * @param {(e: {code: string, message: string}) => void} [options.onError]
   * @param {(state: 'connecting'|'connected'|'reconnecting'|'disconnected', detail?: string) => void} [options.onConnection]
   * @param {(info: {nextSeq: number, replayed: number, lost: number}) => void} [options.onResumed]
   * @param {(reason: string) => void} [options.onResuming] the session must be resumed (the reason's code)
   * @param {number} [options.ringCapacity=1200] frames kept for resume (2 minutes)
   * @param {() => object} [options.connectionFactory] builds the hub connection (tests pass a fake)
   */
  constructor({ getToken, onTranscript, onStatus, onError, onConnection, onResumed, onResuming, ringCapacity = 1200, connectionFactory }) {
    this._getToken = getToken;
    this._on = { onTranscript, onStatus, onError, onConnection, onResumed, onResuming };
    this._connectionFactory = connectionFactory;
    this._ledger = new TranscriptLedger();
    this._ring = new FrameRing(ringCapacity);
    this._latency = new LatencyProbe(ringCapacity);
    this._connection = null;
    this._subject = null;
    this._active = false; // a session is recording or stopping
    this._resuming = null;
    this.sessionId = null;
    this.nextSeq = 0; // seq of the next frame to capture
    this.stats = newStats();
  }

  /** The finals received (each once) and the current partial. */
  get transcript() {
    return this._ledger;
  }

  get connectionState() {
    return this._connection?.state ?? HubConnectionState.Disconnected;
  }

  _build() {
    const connection = this._connectionFactory ? this._connectionFactory() : buildHubConnection(HUB_PATH, () => this._getToken(), () => this._active);
    this._wire(connection);
    return connection;
  }

  _wire(connection) {
    connection.on('Transcript', (t) => this._transcript(t));
    connection.on('SessionStatus', (s) => this._on.onStatus?.(s));
    connection.on('Error', (e) => {
      if (e?.code === 'sequence_gap') {
        this.stats.gaps++;
      }
      if (RESUME_CODES.has(e?.code)) {
        // Handled here, not shown: the session resumes (or it is not the one recording).
        if (this._active && (!e.sessionId || e.sessionId === this.sessionId)) {
          this._needsResume(e.code);
        }
        return;
      }
      this._on.onError?.(e);
    });
    connection.onreconnecting((error) => {
      this._subject = null;
      this._on.onConnection?.('reconnecting', error?.message);
    });
    connection.onreconnected(() => {
      this.stats.reconnects++;
      this._on.onConnection?.('connected');
      if (this._active) {
        this._resume().catch((error) => this._resumeFailed(error));
      }
    });
    connection.onclose((error) => {
      this._subject = null;
      this._on.onConnection?.('disconnected', error?.message);
      if (this._active) {
        // Automatic reconnect gave up or the server closed us (e.g. the token expired): start over.
        this._restart(0);
      }
    });
  }

  /** Connects (idempotent). */
  async connect() {
    if (!this._connection) {
      this._connection = this._build();
    }
    if (this._connection.state === HubConnectionState.Disconnected) {
      this._on.onConnection?.('connecting');
      await this._connection.start();
      this._on.onConnection?.('connected');
    }
  }

  /**
   * Starts a new session (or resumes `options.sessionId`) and opens the audio stream.
   * @returns {Promise<{sessionId: string, sampleRate: number, frameMs: number, nextSeq: number}>}
   */
  async start(options = {}) {
    await this.connect();
    this._options = { interimResults: true, punctuation: true, wordTimeOffsets: true, sampleRate: 16000, ...options };
    const response = await this._connection.invoke('StartSession', this._options);
    this.sessionId = response.sessionId;
    this._options.sessionId = response.sessionId;
    this.nextSeq = response.nextSeq ?? 0;
    this._ring = new FrameRing(this._ring.capacity);
    this._ledger = new TranscriptLedger();
    this.stats = newStats();
    this._active = true;
    this._openStream(this.nextSeq);
    return response;
  }

  /**
   * Hands over one captured frame (PCM16 LE bytes). It is kept in the ring and sent now if the
   * stream is up, or replayed after a reconnect.
   */
  push(pcm) {
    const seq = this.nextSeq++;
    this._ring.push(seq, pcm);
    this.stats.framesCaptured++;
    if (this._subject) {
      this._send(seq, pcm);
    }
    return seq;
  }

  /**
   * Ends the audio and waits until the server delivered every final (StopSession returns after the
   * last one). If the connection is down, waits for it to come back and resume first.
   * @returns {Promise<{sessionId: string, finals: number, audioReceivedMs: number, nextSeq: number}>}
   */
  async stop(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    let lastError = null;
    while (Date.now() < deadline) {
      try {
        await this._waitStreaming(deadline);
        const subject = this._subject;
        this._subject = null;
        subject?.complete();
        const result = await this._connection.invoke('StopSession', this.sessionId);
        this._active = false;
        return result;
      } catch (error) {
        lastError = error;
        if (RESUME_CODES.has(errorCode(error))) {
          // The session lost its node on the way: resume (resending what the server lacks), then stop.
          this._needsResume(errorCode(error));
          continue;
        }
        if (errorCode(error) !== 'network' && this._connection?.state === HubConnectionState.Connected) {
          this._active = false;
          throw error;
        }
        // The connection dropped while stopping: wait for the resume and try again.
        await sleep(300);
      }
    }
    this._active = false;
    throw lastError ?? new Error('timed out stopping the session');
  }

  /** Drops the session without stopping it on the server (it ends itself when idle). */
  abandon() {
    this._active = false;
    this._subject?.complete();
    this._subject = null;
  }

  async dispose() {
    this._active = false;
    const connection = this._connection;
    this._connection = null;
    await connection?.stop().catch(() => {});
  }

  _openStream(fromSeq) {
    const subject = new Subject();
    // invoke, not send: a refusal (resume_required, …) fails this call, so it is seen even if its Error event is not.
    this._connection.invoke('UploadAudio', this.sessionId, subject).catch((error) => {
      if (subject !== this._subject) {
        return; // an earlier stream, already replaced
      }
      const code = errorCode(error);
      if (RESUME_CODES.has(code)) {
        this._needsResume(code);
      } else if (code !== 'network') {
        this._on.onError?.({ code, message: errorText(error) });
      }
    });
    const oldest = this._ring.oldestSeq;
    let lost = 0;
    if (oldest > fromSeq) {
      lost = oldest - fromSeq; // older than the ring: the server fills the gap with silence
      this.stats.framesLost += lost;
    }
    let replayed = 0;
    this._subject = subject;
    for (const frame of this._ring.from(fromSeq)) {
      this._send(frame.seq, frame.pcm);
      replayed++;
    }
    this.stats.framesReplayed += replayed;
    return { replayed, lost };
  }

  _send(seq, pcm) {
    this._latency.sent(seq);
    this.stats.framesSent++;
    this._subject.next({ seq, pcm });
  }

  _resume() {
    return resume(this);
  }

  _needsResume(reason) {
    needsResume(this, reason);
  }

  _resumeFailed(error) {
    resumeFailed(this, error);
  }

  _restart(failures) {
    return restart(this, failures);
  }

  async _waitStreaming(deadline) {
    while (!this._subject || this._connection?.state !== HubConnectionState.Connected) {
      if (Date.now() > deadline) {
        throw new Error('network: the connection did not come back in time');
      }
      await sleep(100);
    }
  }

  _transcript(t) {
    const kind = this._ledger.accept(t);
    if (kind === 'duplicate' || kind === 'stale') {
      return; // a final resent after a resume, or a partial of a closed segment
    }
    const latency = this._latency.measure(t.audioProcessedMs, this.nextSeq);
    if (latency !== null) {
      this.stats.lastLatencyMs = latency;
    }
    this._on.onTranscript?.(t);
  }
}

function newStats() {
  return { framesCaptured: 0, framesSent: 0, framesReplayed: 0, framesLost: 0, reconnects: 0, resumes: 0, gaps: 0, lastLatencyMs: null };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
