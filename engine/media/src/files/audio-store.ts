/**
 * Opens what `playback` may be given: WAV files (any rate, depth, channels, μ/A-law; converted to
 * 8 kHz mono once and cached by path, size and mtime), `tone_stream://`, `silence_stream://` and
 * `file_string://a!b!c` (several of these played as one). Relative paths resolve against the
 * channel's `sound_prefix` variable, else the sounds directory (switch_ivr_play_file does the
 * same with SWITCH_GLOBAL_dirs.sounds_dir).
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { AudioOpenResult } from '../channel/app-context.js';
import type { Channel } from '../channel/channel.js';
import {
  isSilenceStream, isToneStream, parseSilenceStream, parseToneStream, PcmSource, SequenceSource, SilenceSource, ToneSource,
  type AudioSource,
} from '../tone/index.js';
import { decodeWav, toTelephoneRate } from '../wav/index.js';

const FILE_STRING = 'file_string://';
/** Parts of one file_string (the argv size of FreeSWITCH's file_string context). */
const FILE_STRING_PARTS = 128;
/** Silence before the first part: file_string's next_file sets 250 ms of samples for index 0. */
const FILE_STRING_LEAD_SAMPLES = 250 * 8;

interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly pcm: Int16Array;
}

/** Options for {@link AudioStore}. */
export interface AudioStoreOptions {
  readonly soundsDir: string;
  /** Upper bound of cached PCM, in bytes (default 64 MiB: about 70 minutes of 8 kHz audio). */
  readonly cacheBytes?: number;
}

/** File-backed audio opener with a decode cache. */
export class AudioStore {
  readonly #soundsDir: string;
  readonly #cacheBytes: number;
  readonly #cache = new Map<string, CacheEntry>();
  #cachedBytes = 0;

  /** Creates a store reading relative paths from `soundsDir`. */
  constructor(options: AudioStoreOptions) {
    this.#soundsDir = options.soundsDir;
    this.#cacheBytes = options.cacheBytes ?? 64 * 1024 * 1024;
  }

  /** Resolves a playback path the way FreeSWITCH does. */
  resolve(path: string, soundPrefix: string | undefined): string {
    if (isAbsolute(path)) return path;
    return join(soundPrefix ?? this.#soundsDir, path);
  }

  /** Opens a file or stream URL for playback on `channel`. */
  async open(path: string, channel: Pick<Channel, 'vars'>): Promise<AudioOpenResult> {
    if (path.startsWith(FILE_STRING)) return this.#openFileString(path, channel);
    if (isToneStream(path)) {
      const parsed = parseToneStream(path);
      if (!parsed.ok) return { ok: false, error: { kind: 'unreadable', detail: parsed.detail } };
      return { ok: true, source: new ToneSource(parsed.value), path };
    }
    if (isSilenceStream(path)) {
      const parsed = parseSilenceStream(path);
      if (!parsed.ok) return { ok: false, error: { kind: 'unreadable', detail: parsed.detail } };
      const ms = parsed.value.durationMs;
      return { ok: true, source: new SilenceSource(ms === undefined ? undefined : Math.round(ms * 8)), path };
    }
    if (/^[a-z]+:\/\//i.test(path)) {
      return { ok: false, error: { kind: 'unreadable', detail: `unsupported scheme in ${path}` } };
    }
    const full = this.resolve(path, channel.vars.get('sound_prefix'));
    const pcm = await this.#load(full);
    if (!pcm.ok) return pcm;
    return { ok: true, source: new PcmSource(pcm.value), path: full };
  }

  /**
   * `file_string://a!b!c` (mod_dptools file_string_file_open / next_file): the parts split on `!`,
   * each opened like a playback path; a part that does not open is skipped, and only when none
   * opens is the whole not found. 250 ms of silence come first, as in FreeSWITCH. Menus use it to
   * let a key stop an announcement and the question after it alike (play_and_get_digits plays
   * one file).
   */
  async #openFileString(path: string, channel: Pick<Channel, 'vars'>): Promise<AudioOpenResult> {
    const parts = path.slice(FILE_STRING.length).split('!').filter((p) => p !== '').slice(0, FILE_STRING_PARTS);
    const sources: AudioSource[] = [];
    for (const part of parts) {
      const opened = await this.open(part, channel);
      if (opened.ok) sources.push(opened.source);
    }
    if (sources.length === 0) return { ok: false, error: { kind: 'not-found', detail: path } };
    return { ok: true, source: new SequenceSource([new SilenceSource(FILE_STRING_LEAD_SAMPLES), ...sources]), path };
  }

  async #load(full: string): Promise<{ ok: true; value: Int16Array } | { ok: false; error: { kind: 'not-found' | 'unreadable'; detail: string } }> {
    let info;
    try {
      info = await stat(full);
    } catch {
      return { ok: false, error: { kind: 'not-found', detail: full } };
    }
    if (!info.isFile()) return { ok: false, error: { kind: 'not-found', detail: full } };
    const cached = this.#cache.get(full);
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
      this.#cache.delete(full);
      this.#cache.set(full, cached);
      return { ok: true, value: cached.pcm };
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(full);
    } catch (err) {
      return { ok: false, error: { kind: 'not-found', detail: err instanceof Error ? err.message : String(err) } };
    }
    const decoded = decodeWav(bytes);
    if (!decoded.ok) return { ok: false, error: { kind: 'unreadable', detail: decoded.error.detail } };
    const pcm = toTelephoneRate(decoded.value);
    this.#remember(full, { size: info.size, mtimeMs: info.mtimeMs, pcm });
    return { ok: true, value: pcm };
  }

  #remember(path: string, entry: CacheEntry): void {
    const old = this.#cache.get(path);
    if (old) this.#cachedBytes -= old.pcm.byteLength;
    this.#cache.delete(path);
    this.#cache.set(path, entry);
    this.#cachedBytes += entry.pcm.byteLength;
    for (const [key, value] of this.#cache) {
      if (this.#cachedBytes <= this.#cacheBytes) break;
      this.#cache.delete(key);
      this.#cachedBytes -= value.pcm.byteLength;
    }
  }
}
