/** PURE WAV handling: decode any common WAV to mono PCM, resample to 8 kHz, encode PCM16. */
export {
  type DecodedWav,
  type WavError,
  type WavResult,
  type WavSourceFormat,
  TELEPHONE_RATE,
  decodeWav,
  toTelephoneRate,
  encodeWavPcm16,
  pcm16WavHeader,
} from './wav.js';
export { resamplePcm } from './resample.js';
