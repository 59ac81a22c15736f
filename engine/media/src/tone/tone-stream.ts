/**
 * `tone_stream://` and `silence_stream://` as FreeSWITCH's playback understands them
 * (libteletone script syntax, the subset voicemail and IVR prompts use):
 *
 * - `%(on,off,f1[,f2...])`: `on` ms of the sum of the frequencies, then `off` ms of silence
 * - `v=<dB>`: level of the following tones relative to full scale (default -7, teletone's default)
 * - `l=<n>`: repeat each following `%(...)` n times; `L=<n>` or `loops=<n>`: repeat the whole
 *   script (-1 = forever)
 * - `d=<ms>` / `w=<ms>` and bare digits `0-9*#A-D`: DTMF tones, `d` ms on and `w` ms off
 *
 * Examples: `tone_stream://%(500,0,800)` (the voicemail beep), `tone_stream://L=-1;%(1000,4000,425)`.
 */
import type { AudioSource } from './audio-source.js';

/** One tone segment: `onMs` of the frequencies, then `offMs` of silence. */
export interface ToneSegment {
  readonly onMs: number;
  readonly offMs: number;
  readonly frequencies: readonly number[];
  /** Level in dB relative to full scale. */
  readonly levelDb: number;
}

/** A parsed tone script. */
export interface ToneScript {
  readonly segments: readonly ToneSegment[];
  /** How often the script plays; undefined = forever. */
  readonly loops: number | undefined;
}

/** Result of parsing a stream URL. */
export type StreamParse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: string };

const DTMF_FREQUENCIES: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
};

const TONE_PREFIX = 'tone_stream://';
const SILENCE_PREFIX = 'silence_stream://';

function toNumber(text: string): number | undefined {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/** Parses a `tone_stream://` URL (or the script after the prefix). */
export function parseToneStream(url: string): StreamParse<ToneScript> {
  const script = url.startsWith(TONE_PREFIX) ? url.slice(TONE_PREFIX.length) : url;
  const segments: ToneSegment[] = [];
  let levelDb = -7;
  let repeat = 1;
  let loops: number | undefined = 1;
  let dtmfOn = 100;
  let dtmfOff = 50;
  for (const rawPart of script.split(';')) {
    const part = rawPart.trim();
    if (part === '') continue;
    const tone = /^%\(([^)]*)\)$/.exec(part);
    if (tone) {
      const nums = (tone[1] ?? '').split(',').map(toNumber);
      if (nums.length < 2 || nums.some((n) => n === undefined)) return { ok: false, detail: `bad tone ${part}` };
      const [onMs, offMs, ...frequencies] = nums as number[];
      for (let r = 0; r < repeat; r++) {
        segments.push({ onMs: Math.max(0, onMs ?? 0), offMs: Math.max(0, offMs ?? 0), frequencies, levelDb });
      }
      continue;
    }
    const setting = /^([a-zA-Z]+)=(.*)$/.exec(part);
    if (setting) {
      const value = toNumber(setting[2] ?? '');
      if (value === undefined) return { ok: false, detail: `bad value in ${part}` };
      const key = setting[1] ?? '';
      if (key === 'v') levelDb = Math.min(0, value);
      else if (key === 'l') repeat = Math.max(1, Math.floor(value));
      else if (key === 'L' || key === 'loops') loops = value < 0 ? undefined : Math.max(1, Math.floor(value));
      else if (key === 'd') dtmfOn = Math.max(0, value);
      else if (key === 'w') dtmfOff = Math.max(0, value);
      continue;
    }
    if (/^[0-9*#A-Da-d]+$/.test(part)) {
      for (const ch of part.toUpperCase()) {
        segments.push({ onMs: dtmfOn, offMs: dtmfOff, frequencies: DTMF_FREQUENCIES[ch] ?? [], levelDb });
      }
      continue;
    }
    return { ok: false, detail: `unknown tone script part ${part}` };
  }
  if (segments.length === 0) return { ok: false, detail: 'empty tone script' };
  return { ok: true, value: { segments, loops } };
}

/** Parses `silence_stream://<ms>[,<cng>]`; a negative duration means endless silence. */
export function parseSilenceStream(url: string): StreamParse<{ readonly durationMs: number | undefined }> {
  const spec = url.startsWith(SILENCE_PREFIX) ? url.slice(SILENCE_PREFIX.length) : url;
  const ms = toNumber(spec.split(',')[0] ?? '');
  if (ms === undefined) return { ok: false, detail: `bad silence duration ${spec}` };
  return { ok: true, value: { durationMs: ms < 0 ? undefined : ms } };
}

/** True when the path is a `tone_stream://` URL. */
export function isToneStream(path: string): boolean {
  return path.startsWith(TONE_PREFIX);
}

/** True when the path is a `silence_stream://` URL. */
export function isSilenceStream(path: string): boolean {
  return path.startsWith(SILENCE_PREFIX);
}

/** Renders a tone script sample by sample; the phase restarts with every segment, as in libteletone. */
export class ToneSource implements AudioSource {
  readonly #script: ToneScript;
  readonly #rate: number;
  readonly #segmentLengths: readonly { on: number; off: number }[];
  readonly #scriptLength: number;
  #position = 0;

  /** Creates a source for a parsed script at `rate` Hz. */
  constructor(script: ToneScript, rate = 8000) {
    this.#script = script;
    this.#rate = rate;
    this.#segmentLengths = script.segments.map((s) => ({
      on: Math.round((s.onMs * rate) / 1000),
      off: Math.round((s.offMs * rate) / 1000),
    }));
    this.#scriptLength = this.#segmentLengths.reduce((sum, s) => sum + s.on + s.off, 0);
  }

  /** See {@link AudioSource.length}. */
  get length(): number | undefined {
    return this.#script.loops === undefined ? undefined : this.#scriptLength * this.#script.loops;
  }

  /** See {@link AudioSource.position}. */
  get position(): number {
    return this.#position;
  }

  /** See {@link AudioSource.read}. */
  read(out: Int16Array): number {
    const total = this.length;
    if (this.#scriptLength === 0) return 0;
    let written = 0;
    while (written < out.length && (total === undefined || this.#position < total)) {
      out[written] = this.#sampleAt(this.#position % this.#scriptLength);
      written++;
      this.#position++;
    }
    return written;
  }

  #sampleAt(offset: number): number {
    let rest = offset;
    for (let i = 0; i < this.#segmentLengths.length; i++) {
      const len = this.#segmentLengths[i] as { on: number; off: number };
      if (rest < len.on) {
        const seg = this.#script.segments[i] as ToneSegment;
        if (seg.frequencies.length === 0) return 0;
        const amplitude = (32767 * 10 ** (seg.levelDb / 20)) / seg.frequencies.length;
        let v = 0;
        for (const f of seg.frequencies) v += Math.sin((2 * Math.PI * f * rest) / this.#rate);
        return Math.round(v * amplitude);
      }
      rest -= len.on;
      if (rest < len.off) return 0;
      rest -= len.off;
    }
    return 0;
  }
}
