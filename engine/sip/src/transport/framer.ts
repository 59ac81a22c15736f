/**
 * Stream framing for SIP over TCP/TLS/WS-less streams (RFC 3261 §18.3): messages are cut at
 * the end of the header block plus Content-Length bytes. CRLF keep-alives (RFC 5626 §3.5.1)
 * are recognised: a double CRLF "ping" between messages asks for a single CRLF "pong".
 * PURE: no I/O; the connection feeds chunks in and acts on the returned units.
 */

/** One unit cut from the stream. */
export type StreamUnit =
  | { readonly kind: 'message'; readonly data: Buffer }
  | { readonly kind: 'ping' }
  | { readonly kind: 'error'; readonly reason: string };

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\n(?:content-length|l)[ \t]*:[ \t]*(\d+)/i;

/** Accumulates stream bytes and yields complete messages. */
export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  private failed = false;

  constructor(private readonly maxHeaderBytes = 65535, private readonly maxBodyBytes = 1 << 20) {}

  /** Bytes buffered but not yet framed. */
  get pending(): number {
    return this.buf.length;
  }

  /** Feeds a chunk and returns every unit now complete. After an error the framer stays failed. */
  push(chunk: Buffer): StreamUnit[] {
    if (this.failed) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: StreamUnit[] = [];
    for (;;) {
      // Leading CR/LF between messages: a double CRLF is a keep-alive ping, a single one a pong.
      let skip = 0;
      while (skip < this.buf.length && (this.buf[skip] === 13 || this.buf[skip] === 10)) skip++;
      if (skip > 0) {
        const ws = this.buf.subarray(0, skip);
        if (skip === this.buf.length && ws.indexOf(CRLFCRLF) < 0 && skip < 4) break;
        if (ws.indexOf(CRLFCRLF) >= 0) out.push({ kind: 'ping' });
        this.buf = this.buf.subarray(skip);
      }
      if (this.buf.length === 0) break;
      const end = this.buf.indexOf(CRLFCRLF);
      if (end < 0) {
        if (this.buf.length > this.maxHeaderBytes) return this.fail(out, 'header block too large');
        break;
      }
      if (end > this.maxHeaderBytes) return this.fail(out, 'header block too large');
      const m = CONTENT_LENGTH.exec(this.buf.toString('latin1', 0, end + 2));
      const len = m ? Number(m[1]) : 0;
      if (len > this.maxBodyBytes) return this.fail(out, 'body too large');
      const total = end + 4 + len;
      if (this.buf.length < total) break;
      out.push({ kind: 'message', data: this.buf.subarray(0, total) });
      this.buf = this.buf.subarray(total);
    }
    if (this.buf.length === 0) this.buf = Buffer.alloc(0);
    return out;
  }

  private fail(out: StreamUnit[], reason: string): StreamUnit[] {
    this.failed = true;
    this.buf = Buffer.alloc(0);
    out.push({ kind: 'error', reason });
    return out;
  }
}
