/**
 * Minimal reading of SIP text and drachtio frame payloads for comparison: leader tokens, start
 * line, header lines in wire order, body. Deliberately no SIP semantics beyond what the
 * comparison rules of the fixtures README need.
 */

/** One header line as it appears on the wire. */
export interface HeaderLine {
  readonly name: string;
  /** The value after the colon, without the optional whitespace around it. */
  readonly value: string;
}

/** A SIP message split for comparison. */
export interface SipText {
  readonly startLine: string;
  readonly headers: readonly HeaderLine[];
  readonly body: string;
}

/** A frame payload split into leader tokens and the SIP text after the first CRLF (if any). */
export interface FrameText {
  readonly tokens: readonly string[];
  readonly sip: string | undefined;
}

/** Splits a frame payload as srf does (leader up to the first CR, SIP text after CRLF). */
export function splitFrame(payload: string): FrameText {
  const cr = payload.indexOf('\r\n');
  if (cr < 0) return { tokens: payload.split('|'), sip: undefined };
  return { tokens: payload.slice(0, cr).split('|'), sip: payload.slice(cr + 2) };
}

/**
 * Splits SIP text at the first blank line. Lines must end in CRLF (RFC 3261 §7): a bare LF stays
 * inside the header value, so an engine that writes LF-only lines does not compare equal.
 */
export function parseSip(text: string): SipText {
  const sep = text.indexOf('\r\n\r\n');
  const head = sep < 0 ? text : text.slice(0, sep);
  const body = sep < 0 ? '' : text.slice(sep + 4);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = lines.filter((l) => l !== '').map((l) => {
    const colon = l.indexOf(':');
    return colon < 0 ? { name: l, value: '' } : { name: l.slice(0, colon).trim(), value: l.slice(colon + 1).trim() };
  });
  return { startLine, headers, body };
}

/** First value of a header, by case-insensitive name. */
export function header(msg: SipText, name: string): string | undefined {
  return msg.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

/** `INVITE` for requests, `200 INVITE` (status plus CSeq method) for responses. */
export function sipSummary(text: string): string {
  const msg = parseSip(text);
  const status = /^SIP\/2\.0 (\d{3})/.exec(msg.startLine);
  if (status) return `${status[1]} ${(header(msg, 'cseq') ?? '').split(/\s+/)[1] ?? '?'}`;
  return msg.startLine.split(' ')[0] ?? '?';
}

/** Whether SIP text is a response. */
export function isResponse(text: string): boolean {
  return text.startsWith('SIP/2.0 ');
}

/**
 * A short label for aligning records of one stream: frame kind, status token and SIP summary.
 * Two records with different keys are never paired by the comparator.
 */
export function recordKey(type: string, text: string | undefined, summary = ''): string {
  if (type === 'event' || type === 'note') return `${type}: ${summary}`;
  if (text === undefined) return type;
  if (type === 'sip') return `sip ${sipSummary(text)}`;
  const { tokens, sip } = splitFrame(text);
  const kind = tokens[1] ?? '?';
  const sipPart = sip === undefined ? '' : ` ${sipSummary(sip)}`;
  if (kind === 'response') {
    const extra = tokens[4] === 'done' || tokens[4] === 'pong' ? ` ${tokens[4]}` : tokens[12] === 'continue' ? ' continue' : '';
    return `response ${tokens[3] ?? '?'}${sipPart}${extra}`;
  }
  if (kind === 'sip' && tokens[2] !== undefined && (tokens[2] === 'network' || tokens[2] === 'application')) return `sip ${tokens[2]}${sipPart}`;
  if (kind === 'route' || kind === 'remove_route') return `${kind} ${tokens[2] ?? ''}`;
  return `${kind}${sipPart}`;
}
