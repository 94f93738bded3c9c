/**
 * Streaming sample-rate converter for the live path: any input rate → 16 kHz (or any output rate).
 *
 * Each output sample is the input convolved with a windowed-sinc low-pass kernel, evaluated at the
 * output instant's exact (fractional) position in the input. So:
 *  - the low-pass runs before decimation (cutoff below the output Nyquist): an 11 kHz tone at 48 kHz
 *    does not fold back to 5 kHz;
 *  - the fractional position is carried across blocks as an integer output index k
 *    (t_k = k · inRate / outRate), so blocks of any size give exactly the same samples as one big
 *    block, and 10 s in always gives 10 s out — unlike per-block linear interpolation,
 *    which restarts the position at each block and drops ~1.6 % of the samples;
 *  - 44.1 kHz (headless Chromium), 48 kHz, 32 kHz, 22.05 kHz or 8 kHz input all work.
 *
 * Plain ES module without dependencies: it runs in the AudioWorklet and under `node --test`.
 */

/** Default cutoff as a fraction of the lower of the two rates (7 kHz for 16 kHz output). */
const CUTOFF_FRACTION = 0.4375;

export class Resampler {
  /**
   * @param {number} inputRate  input sample rate in Hz (e.g. 44100 or 48000)
   * @param {number} [outputRate=16000] output sample rate in Hz
   * @param {{cutoffHz?: number, zeroCrossings?: number, tableResolution?: number}} [options]
   */
  constructor(inputRate, outputRate = 16000, options = {}) {
    if (!(inputRate > 0) || !(outputRate > 0)) {
      throw new RangeError('sample rates must be positive');
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    const cutoffHz = options.cutoffHz ?? CUTOFF_FRACTION * Math.min(inputRate, outputRate);
    const zeroCrossings = options.zeroCrossings ?? 16;
    const resolution = options.tableResolution ?? 256;

    // Cutoff in cycles per input sample; the sinc's zero crossings are 1 / (2·fc) input samples apart.
    const fc = cutoffHz / inputRate;
    this.halfWidth = zeroCrossings / (2 * fc);
    this._resolution = resolution;
    const size = Math.ceil(this.halfWidth * resolution) + 2;
    this._table = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const u = i / resolution;
      this._table[i] = u >= this.halfWidth ? 0 : 2 * fc * sinc(2 * fc * u) * blackman(u / this.halfWidth);
    }

    // Input history: _buf[i] holds input sample (_bufStart + i). Samples before 0 are silence.
    const lead = Math.ceil(this.halfWidth);
    this._buf = new Float32Array(Math.max(4096, 4 * lead));
    this._bufStart = -lead;
    this._bufLength = lead;
    this._inputCount = 0; // absolute index of the next input sample
    this._k = 0; // index of the next output sample
  }

  /** Input samples an output sample waits for (the filter's look-ahead). */
  get latencyInputSamples() {
    return Math.ceil(this.halfWidth);
  }

  /** Output samples produced so far. */
  get outputCount() {
    return this._k;
  }

  /**
   * Feeds a block of input (any length) and returns the output samples that became computable.
   * @param {Float32Array|number[]} input
   * @returns {Float32Array}
   */
  process(input) {
    this._append(input);
    return this._emit(Infinity);
  }

  /**
   * Ends the stream: emits the remaining outputs whose instants fall inside the input received,
   * treating what follows as silence. Call reset() to start a new stream.
   * @returns {Float32Array}
   */
  flush() {
    const end = this._inputCount;
    this._append(new Float32Array(Math.ceil(this.halfWidth) + 1));
    return this._emit(end);
  }

  /** Starts over (a new stream). */
  reset() {
    const lead = Math.ceil(this.halfWidth);
    this._buf.fill(0);
    this._bufStart = -lead;
    this._bufLength = lead;
    this._inputCount = 0;
    this._k = 0;
  }

  _append(input) {
    const n = input.length;
    if (this._bufLength + n > this._buf.length) {
      const bigger = new Float32Array(Math.max(this._buf.length * 2, this._bufLength + n));
      bigger.set(this._buf.subarray(0, this._bufLength));
      this._buf = bigger;
    }
    this._buf.set(input, this._bufLength);
    this._bufLength += n;
    this._inputCount += n;
  }

  /** Instant of output k, in input samples (exact: k · inRate is an integer). */
  _instant(k) {
    return (k * this.inputRate) / this.outputRate;
  }

  /**
   * Emits every output whose kernel lies inside the input buffered so far and whose instant is
   * before endLimit.
   */
  _emit(endLimit) {
    const hw = this.halfWidth;
    let count = 0;
    for (let t = this._instant(this._k); t + hw < this._inputCount && t < endLimit; t = this._instant(this._k + count)) {
      count++;
    }
    const out = new Float32Array(count);
    const res = this._resolution;
    const table = this._table;
    const buf = this._buf;
    const start = this._bufStart;
    for (let i = 0; i < count; i++) {
      const t = this._instant(this._k + i);
      const hi = Math.floor(t + hw);
      let n = Math.ceil(t - hw);
      let acc = 0;
      for (; n <= hi; n++) {
        const u = Math.abs(t - n) * res;
        const j = u | 0;
        const h = table[j] + (table[j + 1] - table[j]) * (u - j);
        acc += buf[n - start] * h;
      }
      out[i] = acc;
    }
    this._k += count;
    this._discardBefore(Math.ceil(this._instant(this._k) - hw) - 1);
    return out;
  }

  _discardBefore(absoluteIndex) {
    const drop = Math.min(absoluteIndex - this._bufStart, this._bufLength);
    if (drop <= 0) {
      return;
    }
    this._buf.copyWithin(0, drop, this._bufLength);
    this._bufLength -= drop;
    this._bufStart += drop;
  }
}

function sinc(x) {
  if (x === 0) {
    return 1;
  }
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Blackman window over x ∈ [-1, 1] (≈ 74 dB side-lobe rejection). */
function blackman(x) {
  const a = Math.PI * x;
  return 0.42 + 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a);
}
