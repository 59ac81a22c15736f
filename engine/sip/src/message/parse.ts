/**
 * SIP message parser (RFC 3261 §7, §25). Works on a whole datagram or on one message cut out
 * of a stream by the framer. Never throws: unparseable input yields `ok: false`, and when the
 * start line and the headers needed for a reply could be read, `partial` carries them so the
 * caller can answer 400 (RFC 3261 §8.2, §16.3; CONVENTIONS §2.4).
 */
import { SipMessage, type Header } from './message.js';
import { normalizeHeaderName } from './headers.js';

/** Upper bound for one message (headers plus body). Larger input is refused. */
export const MAX_MESSAGE_BYTES = 65535;

/** Outcome of parsing. */
export type ParseResult =
  | { readonly ok: true; readonly message: SipMessage; readonly head: string; readonly body: string }
  | {
    readonly ok: false;
    readonly reason: string;
    readonly partial?: SipMessage;
    /** The answer when it is not 400: 505 for a request of another SIP version (RFC 3261 §21.5.6). */
    readonly status?: 505;
  };

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
/** Header names as written that are valid tokens -> their normalised form. */
const tokenNames = new Map<string, string>();

/** End of the line that runs from `from` to the LF at `lf`, without a CR before the LF. */
function lineEnd(head: string, from: number, lf: number): number {
  return lf > from && head.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
}
const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Index just past the end of the header block, and the terminator length, or -1. */
export function findHeaderEnd(buf: Buffer, from = 0): { index: number; sepLen: number } {
  const i = buf.indexOf(CRLFCRLF, from);
  // Tolerate bare-LF messages (RFC 3261 §7.5 asks implementations to accept them). The earlier
  // blank line wins: a bare-LF head may be followed by a body that holds CRLFCRLF.
  const j = buf.indexOf('\n\n', from, 'latin1');
  if (j >= 0 && (i < 0 || j < i)) return { index: j, sepLen: 2 };
  if (i >= 0) return { index: i, sepLen: 4 };
  return { index: -1, sepLen: 0 };
}

/**
 * Parses one complete message. Body rules of RFC 3261 §18.3: a Content-Length larger than the
 * bytes received makes the message invalid; a smaller one truncates the body (for stream input
 * the framer has already cut the exact body). Without Content-Length the body runs to the end.
 */
export function parseMessage(input: Buffer | string): ParseResult {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (buf.length > MAX_MESSAGE_BYTES) return { ok: false, reason: 'message too large' };
  let start = 0;
  while (start + 1 < buf.length && buf[start] === 13 && buf[start + 1] === 10) start += 2;
  const end = findHeaderEnd(buf, start);
  if (end.index < 0) return { ok: false, reason: 'no end of headers' };
  const head = buf.toString('utf8', start, end.index);
  if (head.includes('\u0000') || head.includes('\ufffd')) return { ok: false, reason: 'binary data in headers' };
  // Lines end at LF with an optional CR before it (RFC 3261 §7.5 tolerance for bare LF). The
  // header lines are cut out of `head` by index, without an array of lines.
  const eol = head.indexOf('\n');
  const startLine = eol < 0 ? head : head.slice(0, lineEnd(head, 0, eol));
  const first = parseStartLine(startLine);
  if (!first) return { ok: false, reason: 'bad start line' };
  const msg = first.message;

  const headers: Header[] = [];
  let bad: string | undefined;
  for (let nl = eol; nl >= 0;) {
    const from = nl + 1;
    nl = head.indexOf('\n', from);
    const stop = lineEnd(head, from, nl < 0 ? head.length : nl);
    if (stop === from) continue;
    const c0 = head.charCodeAt(from);
    if (c0 === 32 || c0 === 9) {
      // Header folding (RFC 3261 §7.3.1): a continuation line joins the previous header.
      const prev = headers[headers.length - 1];
      if (!prev) {
        bad ??= 'continuation line without header';
        continue;
      }
      // LWS folds to one SP; a fold onto an empty value or a blank continuation adds none.
      const more = head.slice(from, stop).trim();
      if (more) prev.value = prev.value ? `${prev.value} ${more}` : more;
      continue;
    }
    const colon = head.indexOf(':', from);
    if (colon <= from || colon >= stop) {
      bad ??= `malformed header line`;
      continue;
    }
    const rawName = head.slice(from, colon).trim();
    // One lookup both validates and normalises a name seen before (only tokens are kept).
    let name = tokenNames.get(rawName);
    if (name === undefined) {
      if (!TOKEN.test(rawName)) {
        bad ??= `malformed header name`;
        continue;
      }
      name = normalizeHeaderName(rawName);
      if (tokenNames.size < 4096) tokenNames.set(rawName, name);
    }
    const value = head.slice(colon + 1, stop).trim();
    headers.push(name.startsWith('x-') ? { name, value, raw: rawName } : { name, value });
  }
  msg.headers = headers;

  const bodyStart = end.index + end.sepLen;
  let bodyEnd = buf.length;
  const cl = msg.get('content-length');
  if (cl !== undefined) {
    if (!/^\d{1,9}$/.test(cl)) return { ok: false, reason: 'bad Content-Length', partial: msg };
    const n = Number(cl);
    if (bodyStart + n > buf.length) return { ok: false, reason: 'Content-Length larger than body', partial: msg };
    bodyEnd = bodyStart + n;
  }
  const body = bodyEnd > bodyStart ? buf.toString('utf8', bodyStart, bodyEnd) : '';
  msg.body = body;
  if (bad) return { ok: false, reason: bad, partial: msg };
  // Like sofia-sip's nta: a well-formed request of another version is answered 505; the
  // checks above (400) come first.
  if (first.version !== undefined) return { ok: false, reason: `unsupported SIP version ${first.version}`, partial: msg, status: 505 };
  return { ok: true, message: msg, head, body };
}

/**
 * The start line. SIP-Version is compared case-insensitively, as sofia-sip does. A request of
 * another version (`SIP/7.0`) parses, with `version` set, so that it can be answered 505; a
 * response of another version is refused (sofia-sip drops it).
 */
function parseStartLine(line: string): { message: SipMessage; version?: string } | undefined {
  if (/^sip\//i.test(line)) {
    const m = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/i.exec(line);
    if (!m) return undefined;
    return { message: SipMessage.response(Number(m[1]), m[2] ?? '') };
  }
  const m = /^([A-Za-z0-9.!%*_+`'~-]+) (\S+) (SIP\/\d{1,3}\.\d{1,3})$/i.exec(line);
  if (!m) return undefined;
  const message = SipMessage.request(m[1]!, m[2]!);
  return m[3]!.toUpperCase() === 'SIP/2.0' ? { message } : { message, version: m[3]! };
}
