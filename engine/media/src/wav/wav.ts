/**
 * WAV decoding and encoding on `wavefile`, reduced to what a telephone channel needs: mono 16-bit
 * PCM at 8 kHz. Prompts may arrive as studio WAVs (16/44.1/48 kHz, 8/16/24/32-bit, float, stereo)
 * or as telephony WAVs (μ-law/A-law); FreeSWITCH's mod_sndfile plays all of these.
 */
import wavefile from 'wavefile';
import { resamplePcm } from './resample.js';

const { WaveFile } = wavefile;

/** The telephone rate every prompt is converted to (G.711, RFC 3551 §4.5.14). */
export const TELEPHONE_RATE = 8000;

/** Audio formats this module reads (WAVE_FORMAT tags 1, 3, 6, 7). */
export type WavSourceFormat = 'pcm' | 'float' | 'alaw' | 'mulaw';

/** A decoded WAV file, already mixed to mono. */
export interface DecodedWav {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly format: WavSourceFormat;
  /** Mono 16-bit samples at `sampleRate`. */
  readonly samples: Int16Array;
}

/** Why a WAV could not be decoded. */
export type WavError = { readonly kind: 'not-wav' | 'unsupported-format'; readonly detail: string };

/** Result of {@link decodeWav}. */
export type WavResult = { readonly ok: true; readonly value: DecodedWav } | { readonly ok: false; readonly error: WavError };

interface WavFmt {
  readonly audioFormat: number;
  readonly numChannels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
}

const FORMAT_TAGS: Readonly<Record<number, WavSourceFormat>> = { 1: 'pcm', 3: 'float', 6: 'alaw', 7: 'mulaw', 65534: 'pcm' };

/** Decodes a WAV file image into mono 16-bit PCM at its own sample rate. */
export function decodeWav(bytes: Uint8Array): WavResult {
  let wav: InstanceType<typeof WaveFile>;
  try {
    wav = new WaveFile(bytes);
  } catch (err) {
    return { ok: false, error: { kind: 'not-wav', detail: err instanceof Error ? err.message : String(err) } };
  }
  // Copy the fields now: wavefile replaces its fmt chunk object when it converts.
  const fmt: WavFmt = { ...(wav.fmt as WavFmt) };
  const format = FORMAT_TAGS[fmt.audioFormat];
  if (!format || fmt.numChannels < 1 || !(fmt.sampleRate > 0)) {
    return { ok: false, error: { kind: 'unsupported-format', detail: `format tag ${fmt.audioFormat}, ${fmt.numChannels} channels` } };
  }
  try {
    if (format === 'mulaw') wav.fromMuLaw('16');
    else if (format === 'alaw') wav.fromALaw('16');
    else if (wav.bitDepth !== '16') wav.toBitDepth('16');
  } catch (err) {
    return { ok: false, error: { kind: 'unsupported-format', detail: err instanceof Error ? err.message : String(err) } };
  }
  const channels = fmt.numChannels;
  const raw = wav.getSamples(true, Int16Array) as unknown as Int16Array;
  const frames = Math.floor(raw.length / channels);
  let mono: Int16Array;
  if (channels === 1) {
    mono = raw.length === frames ? raw : raw.slice(0, frames);
  } else {
    mono = new Int16Array(frames);
    for (let f = 0; f < frames; f++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += raw[f * channels + c] as number;
      mono[f] = Math.round(sum / channels);
    }
  }
  return { ok: true, value: { sampleRate: fmt.sampleRate, channels, bitsPerSample: fmt.bitsPerSample, format, samples: mono } };
}

/** Converts a decoded WAV to the 8 kHz mono 16-bit samples a G.711 channel plays. */
export function toTelephoneRate(wav: DecodedWav, rate: number = TELEPHONE_RATE): Int16Array {
  return resamplePcm(wav.samples, wav.sampleRate, rate);
}

/** Encodes mono 16-bit PCM as a complete WAV file image. */
export function encodeWavPcm16(samples: Int16Array, sampleRate: number = TELEPHONE_RATE): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', samples);
  return wav.toBuffer();
}

/**
 * The 44-byte canonical header of a mono 16-bit PCM WAV holding `dataBytes` of samples. A recorder
 * writes it first with the size it knows so far and rewrites it when the recording ends, so a
 * crash mid-call still leaves a playable file (the sizes then cover what was flushed).
 */
export function pcm16WavHeader(dataBytes: number, sampleRate: number = TELEPHONE_RATE): Uint8Array {
  const header = new Uint8Array(44);
  const view = new DataView(header.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return header;
}
