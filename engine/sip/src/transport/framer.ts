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
      // CR/LF between messages, read greedily so the outcome never depends on how reads split
      // the stream: each CRLFCRLF is a keep-alive ping (RFC 5626 §3.5.1), any other CR or LF (a
      // pong, RFC 3261 §7.5 leading CRLF) is skipped; a prefix of CRLFCRLF waits for more bytes.
      const c0 = this.buf[0];
      if (c0 === 13 || c0 === 10) {
        const n = Math.min(4, this.buf.length);
        if (this.buf.subarray(0, n).equals(CRLFCRLF.subarray(0, n))) {
          if (n < 4) break;
          out.push({ kind: 'ping' });
          this.buf = this.buf.subarray(4);
        } else this.buf = this.buf.subarray(1);
        continue;
      }
      if (this.buf.length === 0) break;
      const end = this.buf.indexOf(CRLFCRLF);
      if (end < 0) {
        // Up to three bytes of the terminator may already be here after a full-size header block.
        if (this.buf.length > this.maxHeaderBytes + 3) return this.fail(out, 'header block too large');
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
