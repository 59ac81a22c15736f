/**
 * The contract between a channel and the dialplan applications it runs (mod_dptools' role).
 * The channel only needs to find and start applications; apps/ implements them.
 */
import type { Scheduler } from '../../../common/scheduler.js';
import type { AudioSource } from '../tone/index.js';
import type { Channel } from './channel.js';

/** Why opening a file for playback failed (FILE NOT FOUND vs PLAYBACK ERROR in FreeSWITCH). */
export type AudioOpenError = { readonly kind: 'not-found' | 'unreadable'; readonly detail: string };

/** Result of opening something playable. */
export type AudioOpenResult =
  | { readonly ok: true; readonly source: AudioSource; readonly path: string }
  | { readonly ok: false; readonly error: AudioOpenError };

/** A sink for recorded audio. */
export interface RecordingSink {
  write(samples: Int16Array): void;
  /** Finishes the file; resolves with its size in bytes. */
  close(): Promise<number>;
}

/** Minimal structured logger (pino-compatible subset). */
export interface MediaLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Engine services applications use. */
export interface AppServices {
  readonly scheduler: Scheduler;
  readonly log: MediaLogger;
  /** Opens a file path (after `sound_prefix` resolution), `tone_stream://` or `silence_stream://`. */
  openAudio(path: string, channel: Channel): Promise<AudioOpenResult>;
  /** Creates a WAV recording at `path` (relative paths under the recordings directory). */
  createRecording(path: string): Promise<{ readonly ok: true; readonly sink: RecordingSink; readonly path: string } | { readonly ok: false; readonly detail: string }>;
}

/** What a running application gets. */
export interface AppContext {
  readonly channel: Channel;
  /** Aborted when the channel hangs up or (for media applications) on `uuid_break`. */
  readonly signal: AbortSignal;
  readonly services: AppServices;
}

/** A dialplan application. */
export interface AppDefinition {
  readonly name: string;
  /**
   * Media applications (playback, record, …) run one at a time; while one runs, queued
   * non-media messages (set, hangup, …) still run in between, as FreeSWITCH's play loops
   * parse private events. A queued media application waits.
   */
  readonly media: boolean;
  run(ctx: AppContext, arg: string): Promise<void>;
}

/** Looks applications up by name. */
export interface AppRegistry {
  find(name: string): AppDefinition | undefined;
}
