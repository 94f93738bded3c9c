/**
 * AudioWorklet processor of the live path: downmixes the microphone to mono, resamples it from the
 * context's rate (44.1 kHz in headless Chromium, usually 48 kHz elsewhere) to 16 kHz with the
 * anti-aliased, fractional-position resampler, and posts 100 ms PCM16 frames with their levels.
 * On {type:'flush'} it emits the last, shorter frame and answers {type:'flushed'}.
 */
import { Resampler } from '../core/resampler.js';
import { PcmFramer } from '../core/pcm.js';

class HybridCaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { targetRate = 16000, frameSamples = 1600 } = options?.processorOptions ?? {};
    // `sampleRate` is the AudioWorkletGlobalScope's rate: the context's.
    this._resampler = new Resampler(sampleRate, targetRate);
    this._framer = new PcmFramer(frameSamples);
    this._mono = new Float32Array(128);
    this._running = true;
    this.port.onmessage = (event) => {
      if (event.data?.type === 'flush') {
        this._post(this._framer.push(this._resampler.flush()));
        const last = this._framer.flush();
        if (last) {
          this._post([last]);
        }
        this._running = false;
        this.port.postMessage({ type: 'flushed' });
      }
    };
  }

  process(inputs) {
    if (!this._running) {
      return false;
    }
    const channels = inputs[0];
    if (channels && channels.length > 0) {
      const length = channels[0].length;
      if (this._mono.length !== length) {
        this._mono = new Float32Array(length);
      }
      const mono = this._mono;
      if (channels.length === 1) {
        mono.set(channels[0]);
      } else {
        mono.fill(0);
        for (const channel of channels) {
          for (let i = 0; i < length; i++) {
            mono[i] += channel[i] / channels.length;
          }
        }
      }
      this._post(this._framer.push(this._resampler.process(mono)));
    }
    return true;
  }

  _post(frames) {
    for (const frame of frames) {
      this.port.postMessage({ type: 'frame', pcm: frame.pcm.buffer, rms: frame.rms, peak: frame.peak }, [frame.pcm.buffer]);
    }
  }
}

registerProcessor('hybrid-capture', HybridCaptureProcessor);
