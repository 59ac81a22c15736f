/**
 * drachtio control protocol framing (reference §1.1): each frame is `<N>#<payload>` where N is
 * the decimal byte length of the UTF-8 payload; frames follow one another with no terminator.
 * The payload is a leader of `|`-separated tokens, optionally followed by CRLF and a SIP message.
 * PURE: no I/O.
 */

/** One decoded frame, or a framing error that ends the connection. */
export type FrameUnit = { readonly kind: 'frame'; readonly payload: string } | { readonly kind: 'error'; readonly reason: string };

/** Longest length prefix accepted. The real server caps at 5 digits; we allow larger frames. */
const MAX_DIGITS = 8;

/** Decodes frames from a byte stream, tolerant of any split or coalescing of TCP reads. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private failed = false;

  /** Feeds bytes; returns every complete frame. After an error nothing more is returned. */
  push(chunk: Buffer): FrameUnit[] {
    if (this.failed) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: FrameUnit[] = [];
    let pos = 0;
    for (;;) {
      const hash = this.buf.indexOf(35 /* # */, pos);
      if (hash < 0) {
        if (this.buf.length - pos > MAX_DIGITS) return this.fail(out, 'length prefix too long');
        if (!isDigits(this.buf, pos, this.buf.length)) return this.fail(out, 'non-digit in length prefix');
        break;
      }
      if (hash === pos || hash - pos > MAX_DIGITS || !isDigits(this.buf, pos, hash)) return this.fail(out, 'invalid length prefix');
      const len = Number(this.buf.toString('latin1', pos, hash));
      const start = hash + 1;
      if (this.buf.length < start + len) break;
      out.push({ kind: 'frame', payload: this.buf.toString('utf8', start, start + len) });
      pos = start + len;
    }
    this.buf = pos >= this.buf.length ? Buffer.alloc(0) : this.buf.subarray(pos);
    return out;
  }

  private fail(out: FrameUnit[], reason: string): FrameUnit[] {
    this.failed = true;
    this.buf = Buffer.alloc(0);
    out.push({ kind: 'error', reason });
    return out;
  }
}

function isDigits(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Encodes one frame: byte length, `#`, payload. */
export function encodeFrame(payload: string): string {
  return `${Buffer.byteLength(payload, 'utf8')}#${payload}`;
}

/** A payload split into leader tokens and the SIP text after the first CRLF (if any). */
export interface ParsedPayload {
  readonly tokens: string[];
  readonly sip: string | undefined;
}

/** Splits a payload: the leader runs to the first CR, the SIP text starts after CRLF. */
export function parsePayload(payload: string): ParsedPayload {
  const cr = payload.indexOf('\r');
  if (cr < 0) return { tokens: payload.split('|'), sip: undefined };
  return { tokens: payload.slice(0, cr).split('|'), sip: payload.slice(cr + 2) };
}

/** UTC time of day as drachtio reports it in meta fields: `HH:MM:SS.uuuuuu`. */
export function stackTime(epochMs: number): string {
  // Under load many frames go out within one millisecond: the last answer is kept.
  if (epochMs === lastTime.ms) return lastTime.text;
  const d = new Date(epochMs);
  const p2 = (n: number) => (n < 10 ? '0' : '') + n;
  const us = String((epochMs % 1000) * 1000).padStart(6, '0');
  const text = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${us}`;
  lastTime.ms = epochMs;
  lastTime.text = text;
  return text;
}

const lastTime = { ms: NaN, text: '' };

/**
 * The six meta tokens (reference §3.3): source, bytes, protocol, address, port, time.
 * Joined with `|`, without leading or trailing separator.
 */
export function meta(source: 'network' | 'application', bytes: number, protocol: string, address: string, port: number | string, time: string): string {
  return `${source}|${bytes}|${protocol}|${address}|${port}|${time}`;
}
