/**
 * One event-socket connection, inbound (a client connected to port 8021) or outbound (the
 * `socket` application connected to the app): command handling, subscriptions, filters and event
 * delivery as in mod_event_socket.c. Commands are handled strictly one after another, so every
 * command gets exactly one reply, in order (drachtio-modesl matches replies by FIFO).
 */
import type { Socket } from 'node:net';
import { executeApi, type ApiHost } from '../api/index.js';
import type { MediaLogger } from '../channel/app-context.js';
import type { Channel, PrivateMessage } from '../channel/channel.js';
import { parseHangupCause } from '../channel/states.js';
import { type EventBus, type EventValue, type FsEvent, eventHeader } from '../events/index.js';
import { type EslCommand, parseCommand } from './commands/index.js';
import {
  apiResponse, commandReply, commandReplyHeaders, CommandReader, disconnectNotice, type EventFormat, eventFrame,
  lingerNotice, serializePlain, type CommandBlock,
} from './framing.js';

/** What a listener needs from the engine. */
export interface EslHost {
  readonly bus: EventBus;
  readonly password: string;
  readonly api: ApiHost;
  readonly log: MediaLogger;
  newUuid(): string;
}

/** Outbound (socket application) specifics. */
export interface OutboundMode {
  readonly channel: Channel;
  readonly full: boolean;
  readonly async: boolean;
}

const CONNECT_SITE = { file: 'mod_event_socket.c', func: 'parse_command', line: 2021 };
const BACKGROUND_SITE = { file: 'mod_event_socket.c', func: 'api_exec', line: 1582 };
const LOG_LEVELS: Readonly<Record<string, number>> = { console: 0, alert: 1, crit: 2, err: 3, warning: 4, notice: 5, info: 6, debug: 7 };

/**
 * Serialised frames by event and format: with many listeners (one outbound socket per call, as
 * fsmrf runs it) an event that several of them receive is serialised once.
 */
const frameCache = new WeakMap<FsEvent, Partial<Record<EventFormat, string>>>();

function frameOf(event: FsEvent, format: EventFormat): string {
  let entry = frameCache.get(event);
  if (!entry) {
    entry = {};
    frameCache.set(event, entry);
  }
  return (entry[format] ??= eventFrame(event, format));
}

/** Channel events `myevents` turns on (parse_command). */
const MYEVENTS = [
  'CHANNEL_ANSWER', 'CHANNEL_APPLICATION', 'CHANNEL_BRIDGE', 'CHANNEL_CREATE', 'CHANNEL_DATA', 'CHANNEL_DESTROY',
  'CHANNEL_EXECUTE', 'CHANNEL_EXECUTE_COMPLETE', 'CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_ORIGINATE',
  'CHANNEL_UUID', 'CHANNEL_OUTGOING', 'CHANNEL_PARK', 'CHANNEL_PROGRESS', 'CHANNEL_PROGRESS_MEDIA', 'CHANNEL_STATE',
  'CHANNEL_UNBRIDGE', 'CHANNEL_UNPARK', 'DETECTED_SPEECH', 'DTMF', 'NOTALK', 'TALK',
];

interface Filter {
  readonly header: string;
  readonly value: string;
}

/** One ESL connection. */
export class EslListener {
  readonly #socket: Socket;
  readonly #host: EslHost;
  readonly #outbound: OutboundMode | undefined;
  readonly #reader = new CommandReader();
  #session: Channel | undefined;
  #authed: boolean;
  #format: EventFormat = 'plain';
  #eventsOn = false;
  #all = false;
  readonly #events = new Set<string>();
  readonly #custom = new Set<string>();
  #filters: Filter[] = [];
  #myevents = false;
  #linger: number | undefined;
  #logging = false;
  #resume = false;
  #closed = false;
  #chain: Promise<void> = Promise.resolve();
  readonly #unsubscribe: () => void;
  #connectedResolve: (ok: boolean) => void = () => undefined;
  /** Resolves true when the client sent `connect` (outbound), false if the socket closed first. */
  readonly connected: Promise<boolean>;
  #closedResolve: () => void = () => undefined;
  /** Resolves when the socket is closed. */
  readonly closed: Promise<void>;

  /** Wraps an accepted (inbound) or connected (outbound) socket. */
  constructor(socket: Socket, host: EslHost, outbound?: OutboundMode) {
    this.#socket = socket;
    this.#host = host;
    this.#outbound = outbound;
    this.#session = outbound?.channel;
    this.#authed = outbound !== undefined;
    this.connected = new Promise((resolve) => { this.#connectedResolve = resolve; });
    this.closed = new Promise((resolve) => { this.#closedResolve = resolve; });
    socket.setNoDelay(true);
    this.#unsubscribe = host.bus.subscribe((event) => this.#deliver(event), (name) => this.#interested(name));
    socket.on('data', (data: Buffer) => {
      for (const block of this.#reader.push(data)) this.#enqueue(block);
    });
    socket.on('end', () => {
      // The client half-closed: finish its commands, then say goodbye (FreeSWITCH answers
      // `exit` even after the client's FIN, conformance/freeswitch/mrf-connect).
      this.#chain = this.#chain.then(() => this.close());
    });
    socket.on('error', (err) => host.log.debug({ err }, 'esl socket error'));
    socket.on('close', () => this.#onClosed());
    if (outbound) outbound.channel.onSessionDown(() => this.#onSessionDown());
    else socket.write('Content-Type: auth/request\n\n');
  }

  /** True once the client sent `resume` (the dialplan would continue after the socket). */
  get resumed(): boolean {
    return this.#resume;
  }

  /** Sends the disconnect notice and closes. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    if (!this.#socket.destroyed) {
      this.#socket.end(disconnectNotice(this.#session?.uuid));
    }
  }

  #write(text: string): void {
    if (this.#closed || this.#socket.destroyed) return;
    this.#socket.write(text);
  }

  #enqueue(block: CommandBlock): void {
    this.#chain = this.#chain.then(() => this.#handleBlock(block)).catch((err: unknown) => {
      this.#host.log.error({ err }, 'esl command failed');
    });
  }

  async #handleBlock(block: CommandBlock): Promise<void> {
    if (this.#closed) return;
    const parsed = parseCommand(block);
    if (!parsed.ok) {
      this.#write(commandReply(this.#authed ? parsed.reply : '-ERR command not found'));
      return;
    }
    await this.#handle(parsed.command);
  }

  async #handle(command: EslCommand): Promise<void> {
    if (command.kind === 'exit') {
      this.#write(commandReply('+OK bye'));
      this.close();
      return;
    }
    if (!this.#authed) {
      if (command.kind === 'auth') {
        if (command.password === this.#host.password) {
          this.#authed = true;
          this.#write(commandReply('+OK accepted'));
        } else {
          this.#write(commandReply('-ERR invalid'));
          this.close();
        }
      } else if (command.kind === 'userauth') {
        this.#write(commandReply('-ERR invalid'));
        this.close();
      } else {
        this.#write(commandReply('-ERR command not found'));
      }
      return;
    }
    switch (command.kind) {
      case 'auth':
      case 'userauth':
        this.#write(commandReply('-ERR command not found'));
        return;
      case 'filter-add':
        this.#filters.push({ header: command.header, value: command.value });
        this.#write(commandReply(`+OK filter added. [${command.header}]=[${command.value}]`));
        return;
      case 'filter-delete':
        if (command.header.toLowerCase() === 'all') this.#filters = [];
        else {
          this.#filters = this.#filters.filter((f) => !(f.header.toLowerCase() === command.header.toLowerCase()
            && (command.value === undefined || f.value === command.value)));
        }
        this.#write(commandReply(`+OK filter deleted. [${command.header}][${command.value ?? ''}]`));
        return;
      case 'resume':
        if (!this.#session) break;
        this.#resume = true;
        this.#session.vars.set('socket_resume', 'true');
        this.#write(commandReply('+OK'));
        return;
      case 'connect':
        if (!this.#session) break;
        this.#replyConnect(this.#session);
        return;
      case 'getvar':
        if (!this.#session) break;
        this.#write(commandReply(this.#session.vars.get(command.name) ?? ''));
        return;
      case 'myevents':
        this.#myeventsCommand(command.uuid, command.format);
        return;
      case 'divert_events':
        this.#write(commandReply(this.#session ? (command.on ? '+OK events diverted' : '+OK events not diverted') : '-ERR not controlling a session.'));
        return;
      case 'sendmsg':
        this.#sendmsg(command.uuid, command.headers, command.body);
        return;
      case 'sendevent':
      case 'api':
      case 'bgapi':
      case 'log':
      case 'nolog':
      case 'linger':
      case 'nolinger':
      case 'event':
      case 'nixevent':
      case 'noevents':
        // An outbound socket without `full` accepts only the commands above (parse_command).
        if (this.#outbound && !this.#outbound.full) break;
        await this.#handleFull(command);
        return;
    }
    this.#write(commandReply('-ERR command not found'));
  }

  async #handleFull(command: Extract<EslCommand, { kind: 'sendevent' | 'api' | 'bgapi' | 'log' | 'nolog' | 'linger' | 'nolinger' | 'event' | 'nixevent' | 'noevents' }>): Promise<void> {
    switch (command.kind) {
      case 'sendevent': {
        const uuid = this.#host.newUuid();
        const headers: Array<[string, EventValue]> = this.#host.bus.coreHeaders(command.name, { file: 'mod_event_socket.c', func: 'parse_command', line: 1946 });
        headers.push(...command.headers.map(([k, v]) => [k, v] as [string, string]), ['Event-UUID', uuid]);
        const subclass = command.headers.find(([k]) => k.toLowerCase() === 'event-subclass')?.[1];
        this.#host.bus.publish({ name: command.name, headers, ...(command.body ? { body: command.body } : {}), ...(subclass ? { subclass } : {}) });
        this.#write(commandReply(`+OK ${uuid}`));
        return;
      }
      case 'api': {
        const output = await executeApi(this.#host.api, command.command, command.args);
        this.#write(apiResponse(output));
        return;
      }
      case 'bgapi': {
        const jobUuid = command.jobUuid ?? this.#host.newUuid();
        this.#write(commandReplyHeaders([['Reply-Text', `+OK Job-UUID: ${jobUuid}`], ['Job-UUID', jobUuid]]));
        void this.#background(jobUuid, command.command, command.args);
        return;
      }
      case 'log': {
        const level = LOG_LEVELS[command.level.toLowerCase()] ?? Number(command.level);
        this.#logging = true;
        this.#write(commandReply(`+OK log level ${command.level} [${level}]`));
        return;
      }
      case 'nolog':
        this.#write(commandReply(this.#logging ? '+OK no longer logging' : '-ERR not loging'));
        this.#logging = false;
        return;
      case 'linger':
        if (!this.#session) {
          this.#write(commandReply('-ERR not controlling a session'));
          return;
        }
        this.#linger = command.seconds ?? -1;
        this.#write(commandReply(command.seconds === undefined ? '+OK will linger' : `+OK will linger ${command.seconds} seconds`));
        return;
      case 'nolinger':
        if (!this.#session) {
          this.#write(commandReply('-ERR not controlling a session'));
          return;
        }
        this.#linger = undefined;
        this.#write(commandReply('+OK will not linger'));
        return;
      case 'event':
        if (command.format) this.#format = command.format;
        for (const name of command.names) {
          if (name === 'ALL') this.#all = true;
          this.#events.add(name);
        }
        for (const sub of command.custom) this.#custom.add(sub);
        this.#eventsOn = true;
        this.#write(commandReply(`+OK event listener enabled ${this.#format}`));
        return;
      case 'nixevent':
        for (const name of command.names) {
          if (name === 'ALL') {
            this.#all = false;
            this.#events.clear();
          } else if (name !== 'CUSTOM') {
            this.#events.delete(name);
          }
        }
        for (const sub of command.custom) this.#custom.delete(sub);
        this.#eventsOn = true;
        this.#write(commandReply('+OK events nixed'));
        return;
      case 'noevents':
        if (!this.#eventsOn) {
          this.#write(commandReply('-ERR not listening for events'));
          return;
        }
        this.#eventsOn = false;
        this.#all = false;
        this.#events.clear();
        this.#custom.clear();
        this.#write(commandReply('+OK no longer listening for events'));
        return;
    }
  }

  #replyConnect(channel: Channel): void {
    // The reply to `connect` is the CHANNEL_DATA event itself, as one URL-encoded header block.
    const headers: Array<[string, EventValue]> = channel.channelData(CONNECT_SITE, true);
    headers.push(
      ['Content-Type', 'command/reply'],
      ['Reply-Text', '+OK\n'],
      ['Socket-Mode', this.#outbound?.async === false ? 'static' : 'async'],
      ['Control', this.#outbound?.full === false ? 'single-channel' : 'full'],
    );
    this.#write(serializePlain(headers));
    this.#connectedResolve(true);
  }

  #myeventsCommand(uuid: string | undefined, format: EventFormat | undefined): void {
    if (this.#myevents) {
      this.#write(commandReply('-ERR aready enabled.'));
      return;
    }
    if (!this.#session) {
      const channel = uuid ? this.#host.api.channel(uuid) : undefined;
      if (!channel) {
        this.#write(commandReply('-ERR invalid uuid'));
        return;
      }
      this.#session = channel;
      channel.onSessionDown(() => this.#onSessionDown());
    }
    for (const name of MYEVENTS) this.#events.add(name);
    this.#myevents = true;
    this.#eventsOn = true;
    if (format) this.#format = format;
    this.#write(commandReply('+OK Events Enabled'));
  }

  #sendmsg(uuid: string | undefined, headers: ReadonlyArray<readonly [string, string]>, body: string | undefined): void {
    const own = this.#session;
    const target = uuid === undefined || (own && own.uuid === uuid) ? own : this.#host.api.channel(uuid);
    if (!target) {
      this.#write(commandReply(`-ERR invalid session id [${uuid ?? ''}]`));
      return;
    }
    this.#write(commandReply('+OK'));
    target.queueMessage(toPrivateMessage(headers, body));
  }

  async #background(jobUuid: string, command: string, args: string): Promise<void> {
    let output: string;
    try {
      output = await executeApi(this.#host.api, command, args);
    } catch (err) {
      output = `-ERR ${err instanceof Error ? err.message : String(err)}\n`;
    }
    const headers: Array<[string, EventValue]> = this.#host.bus.coreHeaders('BACKGROUND_JOB', BACKGROUND_SITE);
    headers.push(['Job-UUID', jobUuid], ['Job-Command', command]);
    if (args !== '') headers.push(['Job-Command-Arg', args]);
    this.#host.bus.publish({ name: 'BACKGROUND_JOB', headers, body: output === '' ? 'Command returned no output!' : output });
  }

  #interested(name: string): boolean {
    return !this.#closed && this.#eventsOn && (this.#all || this.#events.has(name));
  }

  #deliver(event: FsEvent): void {
    if (this.#closed || !this.#eventsOn) return;
    let send = this.#all || (this.#events.has(event.name) && (event.name !== 'CUSTOM' || !event.subclass || this.#custom.has(event.subclass)));
    if (send && this.#filters.length > 0) send = this.#passesFilters(event);
    if (send && this.#myevents) {
      const uuid = eventHeader(event, 'Unique-ID');
      if (!uuid || (this.#session && uuid !== this.#session.uuid)) send = false;
    }
    if (send) this.#write(frameOf(event, this.#format));
  }

  /** Filter semantics of event_handler: `+`/`-` prefixes, `/regex/` values, OR across filters. */
  #passesFilters(event: FsEvent): boolean {
    let send = false;
    for (const filter of this.#filters) {
      const actual = eventHeader(event, filter.header);
      if (actual === undefined) continue;
      let compare = filter.value;
      let positive = true;
      while (compare.length > 0 && (compare[0] === '+' || compare[0] === '-' || compare[0] === ' ')) {
        if (compare[0] === '+') positive = true;
        if (compare[0] === '-') positive = false;
        compare = compare.slice(1);
      }
      if (send && positive) continue;
      let matches: boolean;
      if (filter.value.startsWith('/')) {
        const pattern = compare.replace(/^\//, '').replace(/\/$/, '');
        try {
          matches = new RegExp(pattern).test(actual);
        } catch {
          matches = false;
        }
      } else {
        matches = actual.toLowerCase() === compare.toLowerCase();
      }
      if (matches) {
        if (positive) send = true;
        else return false;
      }
    }
    return send;
  }

  #onSessionDown(): void {
    if (this.#closed) return;
    const session = this.#session;
    if (this.#linger !== undefined && session) {
      this.#write(lingerNotice(session.uuid, session.name, this.#linger));
      if (this.#linger >= 0) {
        setTimeout(() => this.close(), this.#linger * 1000).unref();
      }
      return;
    }
    // Queue behind commands in flight so their replies still go out first.
    this.#chain = this.#chain.then(() => this.close());
  }

  #onClosed(): void {
    this.#closed = true;
    this.#unsubscribe();
    this.#connectedResolve(false);
    this.#closedResolve();
  }
}

/** Builds the private message for a `sendmsg` block (switch_ivr_parse_event). */
export function toPrivateMessage(headers: ReadonlyArray<readonly [string, string]>, body: string | undefined): PrivateMessage {
  const get = (name: string): string | undefined => headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const command = (get('call-command') ?? '').toLowerCase();
  if (command === 'execute') {
    const contentType = (get('content-type') ?? '').toLowerCase();
    const argFromBody = contentType === 'text/plain' && body !== undefined ? body : undefined;
    const loops = Number.parseInt(get('loops') ?? '1', 10);
    return {
      kind: 'execute',
      app: get('execute-app-name') ?? '',
      arg: argFromBody ?? get('execute-app-arg') ?? '',
      eventUuid: get('event-uuid'),
      eventUuidName: get('event-uuid-name'),
      eventLock: (get('event-lock') ?? '').toLowerCase() === 'true',
      loops: Number.isFinite(loops) && loops > 0 ? loops : 1,
    };
  }
  if (command === 'hangup') return { kind: 'hangup', cause: parseHangupCause(get('hangup-cause')) };
  return { kind: 'ignored', command: command || '(none)' };
}
