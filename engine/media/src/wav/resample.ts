/**
 * Band-limited sample-rate conversion (Blackman-windowed sinc) for prompt playback at 8 kHz.
 *
 * Linear interpolation would fold everything above 4 kHz of a 44.1/48 kHz studio recording back
 * into the telephone band as audible aliasing; the low-pass kernel removes it first. The kernel is
 * tabulated once per conversion so the inner loop is multiply-adds only.
 */

const ZERO_CROSSINGS = 10;
const TABLE_STEPS_PER_UNIT = 256;

function blackman(u: number): number {
  return 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
}

/**
 * Resamples mono PCM from `fromRate` to `toRate`. The output length is `round(n * toRate / fromRate)`,
 * so the duration is kept to within one output sample.
 */
export function resamplePcm(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError('sample rates must be positive');
  if (fromRate === toRate) return input.slice();
  const ratio = toRate / fromRate;
  const outLength = Math.round(input.length * ratio);
  const out = new Int16Array(outLength);
  if (input.length === 0) return out;
  // Cut-off at 95 % of the lower Nyquist frequency, in cycles per input sample.
  const cutoff = 0.5 * Math.min(1, ratio) * 0.95;
  const halfWidth = ZERO_CROSSINGS / (2 * cutoff);
  const tableSize = Math.ceil(halfWidth * TABLE_STEPS_PER_UNIT) + 2;
  const kernel = new Float64Array(tableSize);
  for (let i = 0; i < tableSize; i++) {
    const x = i / TABLE_STEPS_PER_UNIT;
    const arg = 2 * cutoff * x;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
    kernel[i] = x >= halfWidth ? 0 : sinc * blackman(x / halfWidth);
  }
  const last = input.length - 1;
  for (let n = 0; n < outLength; n++) {
    const center = n / ratio;
    const first = Math.max(0, Math.ceil(center - halfWidth));
    const end = Math.min(last, Math.floor(center + halfWidth));
    let acc = 0;
    let weight = 0;
    for (let k = first; k <= end; k++) {
      const w = kernel[Math.round(Math.abs(center - k) * TABLE_STEPS_PER_UNIT)] as number;
      acc += (input[k] as number) * w;
      weight += w;
    }
    const value = weight === 0 ? 0 : Math.round(acc / weight);
    out[n] = value > 32767 ? 32767 : value < -32768 ? -32768 : value;
  }
  return out;
}
