/**
 * Microphone capture: ONE getUserMedia stream feeds both paths.
 *  (a) Live path: MediaStreamSource → AudioWorklet (capture-worklet.js) → 100 ms PCM16 frames at
 *      16 kHz with their levels (onFrame).
 *  (b) Storage path: MediaRecorder chunks of `chunkSeconds`. The recorder is restarted per chunk, so
 *      every chunk is a complete file that plays on its own (timeslice blobs after the first do
 *      not). The next recorder starts just before the previous one stops, so there is no gap
 *      between chunks (at most a few milliseconds of overlap). The chunk carries the MIME type the
 *      recorder really produced.
 */
import { chooseRecordingFormat, describeMimeType } from './core/media-types.js';

export class Capture {
  /**
   * @param {object} options
   * @param {string} options.workletUrl
   * @param {number} [options.chunkSeconds=5]
   * @param {boolean} [options.voiceProcessing=false] echo cancellation, noise suppression, AGC
   * @param {(pcm: Uint8Array, level: {rms: number, peak: number}) => void} options.onFrame
   * @param {(chunk: {seq: number, blob: Blob, contentType: string, tStartMs: number, tEndMs: number}) => void} options.onChunk
   * @param {(error: Error) => void} [options.onError]
   */
  constructor({ workletUrl, chunkSeconds = 5, voiceProcessing = false, onFrame, onChunk, onError }) {
    this._workletUrl = workletUrl;
    this._chunkMs = Math.round(chunkSeconds * 1000);
    this._voiceProcessing = voiceProcessing;
    this._onFrame = onFrame;
    this._onChunk = onChunk;
    this._onError = onError ?? (() => {});
    this.stream = null;
    this.context = null;
    this.format = null;
    this._recorder = null;
    this._chunkSeq = 0;
    this._pendingChunks = new Set();
    this.t0 = 0;
  }

  /** Asks for the microphone and prepares audio processing (call from a click: autoplay rules). */
  async open() {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new Error('this browser cannot record audio here (a secure origin — https or localhost — is required)');
    }
    if (typeof MediaRecorder === 'undefined') {
      throw new Error('this browser has no MediaRecorder');
    }
    this.format = chooseRecordingFormat((m) => MediaRecorder.isTypeSupported(m));
    if (!this.format) {
      throw new Error('this browser cannot record any supported audio format');
    }
    const vp = this._voiceProcessing;
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: vp, noiseSuppression: vp, autoGainControl: vp },
      video: false,
    });
    this.context = new AudioContext({ latencyHint: 'interactive' });
    await this.context.audioWorklet.addModule(this._workletUrl);
    if (this.context.state === 'suspended') {
      await this.context.resume();
    }
  }

  /** The rate the browser captures at (the resampler's input rate). */
  get sampleRate() {
    return this.context?.sampleRate ?? 48000;
  }

  /** The storage codec of the chosen format ("webm/opus", "mp4/aac", …). */
  get codec() {
    return this.format?.codec ?? 'webm/opus';
  }

  /** Milliseconds since start(). */
  now() {
    return performance.now() - this.t0;
  }

  /** Starts both paths at the same instant (t = 0 of the session's audio). */
  start() {
    this.t0 = performance.now();
    this._source = this.context.createMediaStreamSource(this.stream);
    this._node = new AudioWorkletNode(this.context, 'hybrid-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { targetRate: 16000, frameSamples: 1600 },
    });
    this._flushed = new Promise((resolve) => {
      this._node.port.onmessage = (event) => {
        const data = event.data;
        if (data?.type === 'frame') {
          this._onFrame(new Uint8Array(data.pcm), { rms: data.rms, peak: data.peak });
        } else if (data?.type === 'flushed') {
          resolve();
        }
      };
    });
    // The worklet's output is silent; routing it to the destination keeps it being pulled.
    this._mute = this.context.createGain();
    this._mute.gain.value = 0;
    this._source.connect(this._node);
    this._node.connect(this._mute).connect(this.context.destination);
    this._chunkSeq = 0;
    this._startRecorder();
    this._scheduleRotation();
  }

  /** Ends both paths: the last frame and the last (shorter) chunk are delivered before this resolves. */
  async stop() {
    clearTimeout(this._rotation);
    this._rotation = null;
    if (this._node) {
      this._node.port.postMessage({ type: 'flush' });
      await Promise.race([this._flushed, sleep(2000)]);
    }
    if (this._recorder) {
      const last = this._recorder;
      this._recorder = null;
      last.stop();
    }
    await Promise.race([Promise.all([...this._pendingChunks]), sleep(5000)]);
    this.close();
  }

  /** Releases the microphone and the audio context. */
  close() {
    clearTimeout(this._rotation);
    try {
      this._source?.disconnect();
      this._node?.disconnect();
    } catch {
      // already disconnected
    }
    this.stream?.getTracks().forEach((t) => t.stop());
    this.context?.close().catch(() => {});
    this._node = null;
    this._source = null;
    this.stream = null;
    this.context = null;
  }

  _startRecorder() {
    const seq = this._chunkSeq++;
    const recorder = new MediaRecorder(this.stream, { mimeType: this.format.mimeType, audioBitsPerSecond: 64000 });
    const parts = [];
    const startedAt = this.now();
    let stoppedAt = null;
    const done = new Promise((resolve) => {
      recorder.ondataavailable = (event) => {
        if (event.data && event.data.size > 0) {
          parts.push(event.data);
        }
      };
      recorder.onstop = () => {
        const type = recorder.mimeType || this.format.mimeType;
        const described = describeMimeType(type);
        const blob = new Blob(parts, { type: described?.contentType ?? type });
        if (blob.size > 0) {
          this._onChunk({
            seq,
            blob,
            contentType: described?.contentType ?? type,
            tStartMs: Math.round(startedAt),
            tEndMs: Math.round(stoppedAt ?? this.now()),
          });
        }
        resolve();
      };
      recorder.onerror = (event) => {
        this._onError(event.error ?? new Error('the recorder failed'));
        resolve();
      };
    });
    this._pendingChunks.add(done);
    done.finally(() => this._pendingChunks.delete(done));
    recorder.start();
    this._recorder = {
      seq,
      stop: () => {
        stoppedAt = this.now();
        if (recorder.state !== 'inactive') {
          recorder.stop();
        }
      },
    };
  }

  _rotate() {
    if (!this._recorder) {
      return;
    }
    const previous = this._recorder;
    this._startRecorder();
    previous.stop();
    this._scheduleRotation();
  }

  _scheduleRotation() {
    // Boundaries are computed from t0 so timer jitter does not accumulate.
    const boundary = this._chunkSeq * this._chunkMs;
    this._rotation = setTimeout(() => this._rotate(), Math.max(0, boundary - this.now()));
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
