/**
 * A caller on a media endpoint, as the mailbox and menu flows use it: play prompts by name in the
 * caller's language, collect digits (fsmrf playCollect: the first digit stops the prompt), record.
 * Every operation ends with `CallerGone` once the caller has hung up, so a flow never waits for a
 * media server reply that cannot come any more.
 */
import type { Endpoint } from 'drachtio-fsmrf';
import type { Logger } from 'pino';
import { promptFile } from '../media/prompts.js';
import type { IncomingCall } from '../sip/calls/incoming-call.js';

/** Thrown by a media operation when the caller has left. */
export class CallerGone extends Error {
  constructor() {
    super('the caller hung up');
  }
}

/** Options of one digit collection. */
export interface AskOptions {
  /** Most digits to take (1 for menus). */
  readonly max: number;
  /** Wait for the first digit after the prompt. */
  readonly timeoutSec: number;
  /** Keys that end the input (not part of it); '' for none (menus where # is an option). */
  readonly terminators?: string;
}

/** Recording limits (FreeSWITCH `record <file> <maxSec> <silenceThreshold> <silenceHits>`). */
export interface RecordOptions {
  readonly maxSec: number;
  readonly silenceThreshold: number;
  readonly silenceSec: number;
  /** A key that ends the recording ('' for none). */
  readonly terminator: string;
}

/** How often a pending operation checks whether the caller left. */
const GONE_POLL_MS = 200;

/** One caller with a media endpoint. */
export class MediaSession {
  constructor(
    readonly call: IncomingCall,
    readonly ep: Endpoint,
    /** Prompt language: the caller's until a mailbox is opened, then the owner's. */
    public language: string,
    private readonly log: Logger,
  ) {}

  /** True once the caller has hung up. */
  get gone(): boolean {
    return this.call.cancelled;
  }

  private guard<T>(op: () => Promise<T>): Promise<T> {
    if (this.call.cancelled) return Promise.reject(new CallerGone());
    return new Promise<T>((resolve, reject) => {
      const timer = setInterval(() => {
        if (!this.call.cancelled) return;
        clearInterval(timer);
        reject(new CallerGone());
      }, GONE_POLL_MS);
      op().then(
        (v) => {
          clearInterval(timer);
          if (this.call.cancelled) reject(new CallerGone());
          else resolve(v);
        },
        (err: unknown) => {
          clearInterval(timer);
          reject(this.call.cancelled ? new CallerGone() : err);
        },
      );
    });
  }

  /** The files of prompt names (absolute paths pass through); missing prompts are left out and logged. */
  files(names: readonly string[]): string[] {
    const out: string[] = [];
    for (const n of names) {
      const f = n.startsWith('/') ? n : promptFile(n, this.language);
      if (f) out.push(f);
      else this.log.warn({ prompt: n, language: this.language }, 'prompt missing');
    }
    return out;
  }

  /**
   * Plays prompts (by name) or files in one playback. Digits pressed meanwhile are lost: FreeSWITCH's
   * `playback` reads and drops every digit that is not a terminator (none here), so whatever the
   * caller may answer belongs in {@link ask}.
   */
  async say(...names: string[]): Promise<void> {
    const files = this.files(names);
    if (files.length === 0) return;
    await this.guard(() => this.ep.play(files.length === 1 ? (files[0] as string) : files));
  }

  /**
   * Plays a question and collects up to `max` digits; the first digit stops it. `names` may be a
   * list: announcements before the question ("you have 2 new messages", "message 1") played as
   * one `file_string://` with it, so a key stops them as well instead of being lost. Returns the
   * digits, '' when none came in time.
   */
  async ask(names: string | readonly string[], o: AskOptions): Promise<string> {
    const list = typeof names === 'string' ? [names] : names;
    const files = this.files(list);
    const file = files.length > 1 ? `file_string://${files.join('!')}` : (files[0] ?? 'silence_stream://250');
    // The question and what came before it, never the digits (they may be a PIN): lets a reader
    // of the debug log follow the menu.
    this.log.debug({ prompt: list.at(-1), intro: list.slice(0, -1) }, 'keys asked');
    const r = await this.guard(() => this.ep.playCollect({
      file, min: 1, max: o.max, tries: 1, timeout: Math.max(1, Math.round(o.timeoutSec * 1000)),
      // 'none': FreeSWITCH's spelling of "no terminator" (switch_play_and_get_digits).
      terminators: o.terminators === undefined || o.terminators === '' ? 'none' : o.terminators,
      invalidFile: 'silence_stream://10', regexp: '^[0-9*#]+$', digitTimeout: 4000,
    }));
    return r.digits ?? '';
  }

  /** Records to an absolute path; resolves with the recorded milliseconds the media server reports. */
  async record(path: string, o: RecordOptions): Promise<number | undefined> {
    // Only while recording may a key end it (playback_terminators=none elsewhere, freeswitch-conf).
    await this.guard(() => this.ep.set('playback_terminators', o.terminator === '' ? 'none' : o.terminator));
    try {
      this.log.debug({ maxSec: o.maxSec }, 'recording started');
      const r = await this.guard(() => this.ep.record(path, { timeLimitSecs: o.maxSec, silenceThresh: o.silenceThreshold, silenceHits: o.silenceSec }));
      const ms = Number(r.recordMilliseconds ?? Number.NaN);
      return Number.isFinite(ms) ? ms : undefined;
    } finally {
      if (!this.call.cancelled) await this.ep.set('playback_terminators', 'none').catch(() => undefined);
    }
  }
}
