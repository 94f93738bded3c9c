/**
 * PCM helpers for the live path: float → PCM16 little-endian, fixed-size frames (100 ms at 16 kHz =
 * 1,600 samples = 3,200 bytes), and signal levels for the meter. Plain ES module (worklet and node).
 */

/** Converts one float sample in [-1, 1] to a 16-bit integer (clamped, rounded). */
export function toInt16(x) {
  const v = Math.round(x * 32767);
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

/** Collects float samples and hands out complete PCM16 frames of `frameSamples` samples. */
export class PcmFramer {
  /** @param {number} [frameSamples=1600] */
  constructor(frameSamples = 1600) {
    this.frameSamples = frameSamples;
    this._frame = new Int16Array(frameSamples);
    this._fill = 0;
    this._sumSquares = 0;
    this._peak = 0;
  }

  /**
   * @param {Float32Array} samples
   * @returns {{pcm: Int16Array, rms: number, peak: number}[]} the frames completed by these samples
   */
  push(samples) {
    const done = [];
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i];
      this._frame[this._fill++] = toInt16(x);
      this._sumSquares += x * x;
      const a = x < 0 ? -x : x;
      if (a > this._peak) {
        this._peak = a;
      }
      if (this._fill === this.frameSamples) {
        done.push(this._take(this.frameSamples));
      }
    }
    return done;
  }

  /** The last, shorter frame at the end of a stream (null when empty). */
  flush() {
    return this._fill === 0 ? null : this._take(this._fill);
  }

  _take(length) {
    const frame = { pcm: this._frame.slice(0, length), rms: Math.sqrt(this._sumSquares / length), peak: this._peak };
    this._fill = 0;
    this._sumSquares = 0;
    this._peak = 0;
    return frame;
  }
}

/** Level in dBFS (−100 for silence), for the meter. */
export function toDecibels(amplitude) {
  return amplitude > 1e-5 ? 20 * Math.log10(amplitude) : -100;
}

/** The bytes of a PCM16 frame as little-endian (the platform order of every browser we target). */
export function int16ToBytes(pcm) {
  return new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}
