/** PURE audio sources: PCM buffers, silence_stream:// and tone_stream:// generators. */
export { type AudioSource, PcmSource, SequenceSource, SilenceSource } from './audio-source.js';
export {
  type ToneSegment,
  type ToneScript,
  type StreamParse,
  parseToneStream,
  parseSilenceStream,
  isToneStream,
  isSilenceStream,
  ToneSource,
} from './tone-stream.js';
