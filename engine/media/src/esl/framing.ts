/**
 * ESL wire format (mod_event_socket.c): command blocks from clients, and the header blocks,
 * bodies and event serialisations the server writes. No I/O here.
 */
import type { EventValue, FsEvent } from '../events/index.js';

const ENCODE_ALWAYS = new Set(Array.from('\r\n #%&+:;<=>?@[\\]^`{|}"', (c) => c.charCodeAt(0)));

/**
 * switch_url_encode: percent-escapes bytes below 0x20 and above 0x7e and the characters
 * `\r\n #%&+:;<=>?@[\]^`{|}"`. `/` stays as it is (a file path in a header keeps its slashes).
 */
export function urlEncode(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e || ENCODE_ALWAYS.has(b)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

/** The text form of a header value: arrays as FreeSWITCH's `ARRAY::a|:b`. */
export function plainValue(value: EventValue): string {
  return typeof value === 'string' ? value : `ARRAY::${value.join('|:')}`;
}

/** switch_event_serialize with encoding: `Name: value` lines, then a blank line or the body. */
export function serializePlain(headers: ReadonlyArray<readonly [string, EventValue]>, body?: string, encode = true): string {
  let out = '';
  for (const [name, value] of headers) out += `${name}: ${encode ? urlEncode(plainValue(value)) : plainValue(value)}\n`;
  if (body !== undefined && body !== '') out += `Content-Length: ${Buffer.byteLength(body)}\n\n${body}`;
  else out += '\n';
  return out;
}

/** switch_event_serialize_json: one object, arrays kept, the body under `_body`. */
export function serializeJson(event: FsEvent): string {
  const obj: Record<string, string | readonly string[]> = {};
  for (const [name, value] of event.headers) obj[name] = value;
  if (event.body !== undefined && event.body !== '') {
    obj['Content-Length'] = `${Buffer.byteLength(event.body)}`;
    obj._body = event.body;
  }
  return JSON.stringify(obj);
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** switch_event_xmlize: `<event><headers>…</headers>[<Content-Length/><body/>]</event>`, values URL-encoded. */
export function serializeXml(event: FsEvent): string {
  let out = '<event>\n  <headers>\n';
  for (const [name, value] of event.headers) out += `    <${name}>${urlEncode(plainValue(value))}</${name}>\n`;
  out += '  </headers>\n';
  if (event.body !== undefined && event.body !== '') {
    out += `  <Content-Length>${Buffer.byteLength(event.body)}</Content-Length>\n  <body>${xmlEscape(event.body)}</body>\n`;
  }
  return `${out}</event>`;
}

/** Event formats a listener can ask for. */
export type EventFormat = 'plain' | 'json' | 'xml';

/** The outer frame of an event message (`Content-Length`, `Content-Type: text/event-<format>`). */
export function eventFrame(event: FsEvent, format: EventFormat): string {
  const body = format === 'json' ? serializeJson(event) : format === 'xml' ? serializeXml(event) : serializePlain(event.headers, event.body);
  return `Content-Length: ${Buffer.byteLength(body)}\nContent-Type: text/event-${format}\n\n${body}`;
}

/** A `command/reply` with a `Reply-Text`. */
export function commandReply(text: string): string {
  return `Content-Type: command/reply\nReply-Text: ${text}\n\n`;
}

/** A `command/reply` whose headers replace the Reply-Text line (FreeSWITCH's `~` replies, e.g. bgapi). */
export function commandReplyHeaders(headers: ReadonlyArray<readonly [string, string]>): string {
  return `Content-Type: command/reply\n${headers.map(([k, v]) => `${k}: ${v}\n`).join('')}\n`;
}

/** An `api/response` with its body; an empty result becomes `-ERR no reply` as in api_exec. */
export function apiResponse(body: string): string {
  const text = body === '' ? '-ERR no reply\n' : body;
  return `Content-Type: api/response\nContent-Length: ${Buffer.byteLength(text)}\n\n${text}`;
}

/** The goodbye FreeSWITCH sends before closing a socket. */
export const DISCONNECT_MESSAGE = 'Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n';

/** `text/disconnect-notice`; outbound sockets name the controlled session. */
export function disconnectNotice(sessionUuid?: string, message: string = DISCONNECT_MESSAGE): string {
  const length = Buffer.byteLength(message);
  if (sessionUuid) {
    return `Content-Type: text/disconnect-notice\nControlled-Session-UUID: ${sessionUuid}\nContent-Disposition: disconnect\nContent-Length: ${length}\n\n${message}`;
  }
  return `Content-Type: text/disconnect-notice\nContent-Length: ${length}\n\n${message}`;
}

/** The linger variant of the disconnect notice (socket stays open for `Linger-Time` seconds). */
export function lingerNotice(sessionUuid: string, channelName: string, seconds: number): string {
  return `Content-Type: text/disconnect-notice\nControlled-Session-UUID: ${sessionUuid}\nContent-Disposition: linger\nChannel-Name: ${channelName}\nLinger-Time: ${seconds}\nContent-Length: 0\n\n`;
}

/** The ACL refusal. */
export const RUDE_REJECTION = 'Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n';

/** One command block from a client. */
export interface CommandBlock {
  /** The first line, without line ending. */
  readonly command: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string | undefined;
}

/** Case-insensitive header lookup in a command block. */
export function blockHeader(block: CommandBlock, name: string): string | undefined {
  const lower = name.toLowerCase();
  return block.headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

/**
 * Incremental reader of client command blocks (read_packet): leading blank lines are skipped,
 * a block ends at an empty line (`\n\n`, `\r` tolerated), `Content-Length` bytes of body follow.
 */
export class CommandReader {
  #buffer: Buffer = Buffer.alloc(0);
  readonly #maxBlock: number;

  /** Creates a reader; blocks longer than `maxBlock` bytes are cut off like read_packet's 10 MiB limit. */
  constructor(maxBlock = 10 * 1024 * 1024) {
    this.#maxBlock = maxBlock;
  }

  /** Adds received bytes and returns the blocks now complete. */
  push(data: Buffer): CommandBlock[] {
    this.#buffer = this.#buffer.length === 0 ? data : Buffer.concat([this.#buffer, data]);
    const blocks: CommandBlock[] = [];
    for (;;) {
      let start = 0;
      while (start < this.#buffer.length && (this.#buffer[start] === 0x0a || this.#buffer[start] === 0x0d)) start++;
      if (start > 0) this.#buffer = this.#buffer.subarray(start);
      const end = this.#headerEnd();
      if (end === undefined) {
        if (this.#buffer.length > this.#maxBlock) this.#buffer = Buffer.alloc(0);
        return blocks;
      }
      const lines = this.#buffer.subarray(0, end.at).toString('utf8').split(/\r?\n/);
      const command = (lines[0] ?? '').replace(/\r$/, '');
      const headers: Array<[string, string]> = [];
      let contentLength = 0;
      for (const line of lines.slice(1)) {
        if (line.trim() === '') continue;
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon);
        const value = line.slice(colon + 1).replace(/^ +/, '').replace(/\r$/, '');
        headers.push([name, value]);
        if (name.toLowerCase() === 'content-length') contentLength = Math.max(0, Number.parseInt(value, 10) || 0);
      }
      const bodyStart = end.at + end.length;
      if (this.#buffer.length < bodyStart + contentLength) return blocks;
      const body = contentLength > 0 ? this.#buffer.subarray(bodyStart, bodyStart + contentLength).toString('utf8') : undefined;
      this.#buffer = this.#buffer.subarray(bodyStart + contentLength);
      blocks.push({ command, headers, body });
    }
  }

  #headerEnd(): { at: number; length: number } | undefined {
    const b = this.#buffer;
    for (let i = 0; i < b.length - 1; i++) {
      if (b[i] !== 0x0a) continue;
      if (b[i + 1] === 0x0a) return { at: i, length: 2 };
      if (b[i + 1] === 0x0d && b[i + 2] === 0x0a) return { at: i, length: 3 };
    }
    return undefined;
  }
}
