/**
 * The live path client (brief §4, docs/protocol.md): one SignalR connection to /hubs/transcription
 * with the MessagePack protocol (PCM travels as binary), StartSession → UploadAudio stream of
 * {seq, pcm} frames → StopSession.
 *
 * Every frame goes into a ring buffer before it is sent. When the connection drops, SignalR
 * reconnects (forever while recording, with backoff); the client then calls StartSession with the
 * same sessionId, learns `nextSeq` — the first frame the server still needs — and replays the ring
 * from there before sending live frames again. An outage shorter than the ring loses no audio.
 */
import { HubConnectionBuilder, HubConnectionState, LogLevel, Subject } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { FrameRing } from './core/frame-ring.js';
import { backoffDelay } from './core/backoff.js';

export const HUB_PATH = '/hubs/transcription';

/** "code: text" at the start of a message or after SignalR's "HubException: " wrapper. */
const CODED = /(?:^|:\s)([a-z_]+): /;

/** The code of a coded hub error ("capacity_exhausted: ..."), or 'internal'. */
export function errorCode(error) {
  const match = CODED.exec(String(error?.message ?? ''));
  return match ? match[1] : error?.message?.includes('disconnected') || error?.message?.includes('connection') ? 'network' : 'internal';
}

/** The text of a coded hub error without SignalR's wrapper. */
export function errorText(error) {
  const message = String(error?.message ?? error ?? 'error');
  const match = CODED.exec(message);
  return match ? message.slice(match.index + match[0].indexOf(match[1])) : message;
}

export class LiveClient {
  /**
   * @param {object} options
   * @param {() => Promise<string>} options.getToken
   * @param {(t: object) => void} [options.onTranscript]
   * @param {(s: object) => void} [options.onStatus]
   * @param {(e: {code: string, message: string}) => void} [options.onError]
   * @param {(state: 'connecting'|'connected'|'reconnecting'|'disconnected', detail?: string) => void} [options.onConnection]
   * @param {(info: {nextSeq: number, replayed: number, lost: number}) => void} [options.onResumed]
   * @param {number} [options.ringCapacity=1200] frames kept for resume (2 minutes)
   */
  constructor({ getToken, onTranscript, onStatus, onError, onConnection, onResumed, ringCapacity = 1200 }) {
    this._getToken = getToken;
    this._on = { onTranscript, onStatus, onError, onConnection, onResumed };
    this._ring = new FrameRing(ringCapacity);
    this._sentAt = new Float64Array(ringCapacity);
    this._connection = null;
    this._subject = null;
    this._active = false; // a session is recording or stopping
    this._resuming = null;
    this.sessionId = null;
    this.nextSeq = 0; // seq of the next frame to capture
    this.stats = { framesCaptured: 0, framesSent: 0, framesReplayed: 0, framesLost: 0, reconnects: 0, gaps: 0, lastLatencyMs: null };
  }

  get connectionState() {
    return this._connection?.state ?? HubConnectionState.Disconnected;
  }

  _build() {
    const connection = new HubConnectionBuilder()
      .withUrl(HUB_PATH, { accessTokenFactory: () => this._getToken() })
      .withHubProtocol(new MessagePackHubProtocol())
      .withAutomaticReconnect({
        // Keep trying while a session is recording; give up (and report) when idle.
        nextRetryDelayInMilliseconds: (ctx) => (this._active || ctx.previousRetryCount < 5 ? backoffDelay(ctx.previousRetryCount + 1, { baseMs: 300, maxMs: 5000 }) : null),
      })
      .configureLogging(LogLevel.Warning)
      .build();
    connection.serverTimeoutInMilliseconds = 15_000;
    connection.keepAliveIntervalInMilliseconds = 5_000;
    connection.on('Transcript', (t) => this._transcript(t));
    connection.on('SessionStatus', (s) => this._on.onStatus?.(s));
    connection.on('Error', (e) => {
      if (e?.code === 'sequence_gap') {
        this.stats.gaps++;
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
    return connection;
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
    this.stats = { framesCaptured: 0, framesSent: 0, framesReplayed: 0, framesLost: 0, reconnects: 0, gaps: 0, lastLatencyMs: null };
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
    this._connection.send('UploadAudio', this.sessionId, subject).catch((error) => this._on.onError?.({ code: errorCode(error), message: errorText(error) }));
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
    this._sentAt[seq % this._sentAt.length] = performance.now();
    this.stats.framesSent++;
    this._subject.next({ seq, pcm });
  }

  async _resume() {
    if (this._resuming) {
      return this._resuming;
    }
    this._resuming = (async () => {
      const response = await this._connection.invoke('StartSession', { ...this._options, sessionId: this.sessionId });
      const { replayed, lost } = this._openStream(response.nextSeq);
      this._on.onResumed?.({ nextSeq: response.nextSeq, replayed, lost });
    })().finally(() => {
      this._resuming = null;
    });
    return this._resuming;
  }

  _resumeFailed(error) {
    this._on.onError?.({ code: errorCode(error), message: `could not resume the session: ${errorText(error)}` });
    if (this._active) {
      // e.g. capacity_exhausted right after a failover: try again shortly.
      setTimeout(() => this._active && this._connection?.state === HubConnectionState.Connected && this._resume().catch((e) => this._resumeFailed(e)), 2000);
    }
  }

  async _restart(failures) {
    if (!this._active) {
      return;
    }
    try {
      this._on.onConnection?.('reconnecting');
      await this._connection.start();
      this.stats.reconnects++;
      this._on.onConnection?.('connected');
      await this._resume();
    } catch {
      setTimeout(() => this._restart(failures + 1), backoffDelay(failures + 1, { baseMs: 500, maxMs: 5000 }));
    }
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
    // Latency: from sending the frame that completes the audio this result covers, to now.
    const seq = Math.ceil((t.audioProcessedMs ?? 0) / 100) - 1;
    if (seq >= 0 && seq < this.nextSeq && seq >= this.nextSeq - this._sentAt.length) {
      const sent = this._sentAt[seq % this._sentAt.length];
      if (sent > 0) {
        this.stats.lastLatencyMs = Math.max(0, Math.round(performance.now() - sent));
      }
    }
    this._on.onTranscript?.(t);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
