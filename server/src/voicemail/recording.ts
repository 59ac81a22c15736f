/**
 * What a recorded message holds (PURE): length, how much of it is voice, and where the trailing
 * silence starts. Frames are 20 ms at 8 kHz and count as voice when their mean absolute sample
 * reaches the threshold: the measure FreeSWITCH's `record` uses for its silence detection, so
 * "empty" here means what ended the recording there.
 */

/** Samples per 20 ms frame at 8 kHz. */
export const FRAME_SAMPLES = 160;

/** Mean absolute sample at or above which a frame counts as voice (FreeSWITCH's usual 200). */
export const SILENCE_THRESHOLD = 200;

/** Facts about one recording. */
export interface RecordingFacts {
  readonly durationMs: number;
  /** Time in frames at or above the threshold. */
  readonly voicedMs: number;
  /** Samples to keep: up to the last voiced frame plus `tailMs`, at most all. */
  readonly keepSamples: number;
}

/** Mean absolute sample of `samples[from, to)`. */
export function meanAbs(samples: Int16Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.abs(samples[i] as number);
  return to > from ? sum / (to - from) : 0;
}

/** Analyses 8 kHz mono samples. */
export function analyseRecording(samples: Int16Array, threshold = SILENCE_THRESHOLD, tailMs = 500): RecordingFacts {
  let voicedFrames = 0;
  let lastVoicedEnd = 0;
  for (let at = 0; at < samples.length; at += FRAME_SAMPLES) {
    const end = Math.min(samples.length, at + FRAME_SAMPLES);
    if (meanAbs(samples, at, end) >= threshold) {
      voicedFrames++;
      lastVoicedEnd = end;
    }
  }
  const keepSamples = voicedFrames === 0 ? samples.length : Math.min(samples.length, lastVoicedEnd + tailMs * 8);
  return { durationMs: Math.round(samples.length / 8), voicedMs: voicedFrames * 20, keepSamples };
}

/** Shortest message kept: less voice than this is a hang-up after the tone, not a message. */
export const MIN_VOICED_MS = 500;

/** Whether a recording is worth keeping (issue 4 item 3: discard empty and too short recordings). */
export function isMessage(f: RecordingFacts, minVoicedMs = MIN_VOICED_MS): boolean {
  return f.voicedMs >= minVoicedMs;
}
