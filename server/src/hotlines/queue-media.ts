/**
 * What a waiting caller hears on the media endpoint (issue 7 item 1): the greeting, then music on
 * hold in a loop, interrupted for announcements. An announcement breaks the music (`uuid_break`,
 * as FreeSWITCH's mod_callcenter does for its announce-sound) and the music starts again after it.
 */
import type { Endpoint } from 'drachtio-fsmrf';
import type { Logger } from 'pino';
import { promptFile } from '../media/prompts.js';

/** Prompt ids to the media server's files, skipping ids without a file (logged once each). */
export function promptFiles(ids: readonly string[], lang: string, log: Logger): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const f = promptFile(id, lang);
    if (f) out.push(f);
    else log.warn({ prompt: id }, 'prompt file missing');
  }
  return out;
}

/** The music-on-hold file of a hotline (`music: PROMPT`), falling back to the shipped loop. */
export function musicFile(music: string | undefined, lang: string): string | undefined {
  return (music === undefined ? undefined : promptFile(music, lang)) ?? promptFile('common/moh', lang);
}

/** The playback loop of one waiting caller. */
export class QueueMedia {
  private readonly pending: string[][] = [];
  private stopped = false;
  private inMusic = false;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(private readonly ep: Endpoint, private readonly music: string | undefined, private readonly log: Logger) {}

  /** Starts playing: `first` (greeting, callback offer) before anything queued meanwhile. */
  start(first: readonly string[][]): void {
    this.pending.unshift(...first.filter((f) => f.length > 0));
    this.loopDone = this.loop();
  }

  /** Queues files to say after the current one; music is interrupted for them. */
  say(files: readonly string[]): void {
    if (this.stopped || files.length === 0) return;
    this.pending.push([...files]);
    if (this.inMusic) this.interrupt();
  }

  /**
   * Stops the loop. With `release` the running playback is broken off and the promise resolves
   * once the loop has let go of the endpoint (another step, e.g. the mailbox, plays next); without
   * it the endpoint is about to go away (connect releases it) and nothing waits.
   */
  async stop(release = false): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.pending.length = 0;
    if (!release) return;
    this.interrupt();
    // The break ends the playback at once; the bound guards against an endpoint that died silently.
    await Promise.race([this.loopDone, new Promise<void>((r) => setTimeout(r, 2000).unref())]);
  }

  private interrupt(): void {
    this.ep.api('uuid_break', this.ep.uuid).catch(() => undefined);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const next = this.pending.shift();
      try {
        if (next) {
          this.inMusic = false;
          await this.ep.play(next);
        } else if (this.music) {
          this.inMusic = true;
          await this.ep.play(this.music);
        } else {
          return;
        }
      } catch (err) {
        // The endpoint is gone (caller hung up, connected elsewhere) or the file is missing.
        if (!this.stopped) this.log.debug({ err }, 'queue playback ended');
        if (!next) return;
      }
    }
  }
}
