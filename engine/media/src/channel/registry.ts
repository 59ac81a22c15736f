/** Live channels by uuid (switch_core_session_locate), plus session counters for `status`. */
import type { Channel } from './channel.js';

/** The engine's channel table. */
export class ChannelRegistry {
  readonly #channels = new Map<string, Channel>();
  #sinceStartup = 0;
  #peak = 0;

  /** Adds a channel and removes it again once destroyed. */
  add(channel: Channel): void {
    this.#channels.set(channel.uuid, channel);
    this.#sinceStartup++;
    this.#peak = Math.max(this.#peak, this.#channels.size);
    channel.onDestroy(() => this.#channels.delete(channel.uuid));
  }

  /** Finds a live channel. */
  get(uuid: string): Channel | undefined {
    return this.#channels.get(uuid);
  }

  /** Live channels, oldest first. */
  list(): Channel[] {
    return Array.from(this.#channels.values());
  }

  /** Number of live channels. */
  get size(): number {
    return this.#channels.size;
  }

  /** Channels created since start. */
  get sinceStartup(): number {
    return this.#sinceStartup;
  }

  /** Most channels alive at once. */
  get peak(): number {
    return this.#peak;
  }
}
