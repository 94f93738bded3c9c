import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resampler } from '../src/core/resampler.js';
import { PcmFramer, toInt16 } from '../src/core/pcm.js';

const OUT = 16000;

/** Feeds `seconds` of sin(2π·f·t) at `rate` in blocks of `block` samples; returns all output (flushed). */
function resampleTone(rate, frequency, seconds, { block = 128, amplitude = 1, flush = true } = {}) {
  const r = new Resampler(rate, OUT);
  const total = Math.round(rate * seconds);
  const pieces = [];
  for (let i = 0; i < total; i += block) {
    const n = Math.min(block, total - i);
    const x = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      x[j] = amplitude * Math.sin((2 * Math.PI * frequency * (i + j)) / rate);
    }
    pieces.push(r.process(x));
  }
  const live = pieces.reduce((a, p) => a + p.length, 0);
  if (flush) {
    pieces.push(r.flush());
  }
  return { samples: concat(pieces), live, resampler: r };
}

function concat(pieces) {
  const out = new Float32Array(pieces.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of pieces) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Amplitude of the component at `frequency` (Goertzel over the whole buffer, Hann-free; integer cycles). */
function amplitudeAt(samples, frequency, rate = OUT) {
  let re = 0;
  let im = 0;
  for (let n = 0; n < samples.length; n++) {
    const w = (2 * Math.PI * frequency * n) / rate;
    re += samples[n] * Math.cos(w);
    im -= samples[n] * Math.sin(w);
  }
  return (2 * Math.hypot(re, im)) / samples.length;
}

function rms(samples) {
  let s = 0;
  for (const x of samples) {
    s += x * x;
  }
  return Math.sqrt(s / samples.length);
}

/** Skips the filter's start transient and the flushed tail: whole seconds from 0.5 s on. */
function steady(samples, seconds) {
  return samples.subarray(OUT / 2, OUT / 2 + OUT * seconds);
}

for (const rate of [48000, 44100]) {
  test(`${rate} Hz → 16 kHz: 10 s of input gives 160,000 samples (within one)`, () => {
    const { samples, live, resampler } = resampleTone(rate, 1000, 10);
    assert.ok(Math.abs(samples.length - 160000) <= 1, `got ${samples.length} samples`);
    // While streaming, output lags input by no more than the filter's look-ahead.
    const lag = 160000 - live;
    assert.ok(lag >= 0 && lag <= Math.ceil((resampler.latencyInputSamples * OUT) / rate) + 1, `streaming lag ${lag} samples`);
  });

  test(`${rate} Hz → 16 kHz: a 1 kHz sine stays a 1 kHz sine, in time and at full level`, () => {
    const { samples } = resampleTone(rate, 1000, 10);
    // Sample n of the output is the input at time n / 16000 s: compare with the ideal sine directly.
    // Any dropped or duplicated sample (per-block linear interpolation loses 1.6 %) would shift the phase and fail this.
    let worst = 0;
    for (let n = 200; n < samples.length - 200; n++) {
      const ideal = Math.sin((2 * Math.PI * 1000 * n) / OUT);
      worst = Math.max(worst, Math.abs(samples[n] - ideal));
    }
    assert.ok(worst < 0.01, `largest deviation from the ideal 1 kHz sine: ${worst}`);
    const body = steady(samples, 9);
    const at1k = amplitudeAt(body, 1000);
    assert.ok(Math.abs(at1k - 1) < 0.01, `1 kHz amplitude ${at1k}`);
    // Zero crossings over 9 s: 2 per cycle.
    let crossings = 0;
    for (let n = 1; n < body.length; n++) {
      if ((body[n - 1] < 0) !== (body[n] < 0)) {
        crossings++;
      }
    }
    const frequency = crossings / 2 / 9;
    assert.ok(Math.abs(frequency - 1000) < 0.5, `measured ${frequency} Hz`);
  });

  test(`${rate} Hz → 16 kHz: an 11 kHz tone (would alias to 5 kHz) is suppressed by more than 60 dB`, () => {
    const { samples } = resampleTone(rate, 11000, 3);
    const body = steady(samples, 2);
    const alias = amplitudeAt(body, 5000);
    const total = rms(body) * Math.SQRT2;
    assert.ok(alias < 0.001, `5 kHz alias amplitude ${alias} (${(20 * Math.log10(alias)).toFixed(1)} dB)`);
    assert.ok(total < 0.001, `output level ${total}`);
  });

  test(`${rate} Hz → 16 kHz: speech band (300 Hz–5 kHz) passes within 0.1 dB`, () => {
    for (const f of [300, 3000, 5000]) {
      const body = steady(resampleTone(rate, f, 2).samples, 1);
      const a = amplitudeAt(body, f);
      assert.ok(Math.abs(20 * Math.log10(a)) < 0.1, `${f} Hz: ${a}`);
    }
  });
}

test('block size does not change the output (the fractional position is carried across blocks)', () => {
  const rate = 44100;
  const input = new Float32Array(rate);
  for (let i = 0; i < input.length; i++) {
    input[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate) + 0.3 * Math.sin((2 * Math.PI * 2500 * i) / rate);
  }
  const whole = new Resampler(rate);
  const a = concat([whole.process(input), whole.flush()]);
  const pieces = new Resampler(rate);
  const parts = [];
  let seed = 7;
  for (let i = 0; i < input.length; ) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const n = 1 + (seed % 300);
    parts.push(pieces.process(input.subarray(i, i + n)));
    i += n;
  }
  parts.push(pieces.flush());
  const b = concat(parts);
  assert.equal(b.length, a.length);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) < 1e-6, `sample ${i}: ${a[i]} vs ${b[i]}`);
  }
});

test('other input rates (8, 22.05, 32, 96 kHz) give the right duration', () => {
  for (const rate of [8000, 22050, 32000, 96000]) {
    const { samples } = resampleTone(rate, 440, 2);
    assert.ok(Math.abs(samples.length - 32000) <= 1, `${rate} Hz: ${samples.length}`);
  }
});

test('16 kHz input passes through unchanged apart from the filter', () => {
  const { samples } = resampleTone(16000, 1000, 1);
  assert.ok(Math.abs(samples.length - 16000) <= 1);
  assert.ok(Math.abs(amplitudeAt(steady(samples, 0.25), 1000) - 1) < 0.01);
});

test('PcmFramer cuts 100 ms frames of 1,600 PCM16 samples and flushes the rest', () => {
  const framer = new PcmFramer(1600);
  const frames = [...framer.push(new Float32Array(1000).fill(0.5)), ...framer.push(new Float32Array(2500).fill(-0.25))];
  assert.equal(frames.length, 2);
  assert.equal(frames[0].pcm.length, 1600);
  assert.equal(frames[0].pcm[0], toInt16(0.5));
  assert.equal(frames[0].pcm[1599], toInt16(-0.25));
  assert.ok(frames[0].peak === 0.5 && frames[1].peak === 0.25);
  const last = framer.flush();
  assert.equal(last.pcm.length, 300);
  assert.equal(framer.flush(), null);
  assert.equal(toInt16(2), 32767);
  assert.equal(toInt16(-2), -32768);
});
