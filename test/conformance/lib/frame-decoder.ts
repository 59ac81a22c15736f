/**
 * Incremental decoder for drachtio control frames `N#payload` (drachtio-protocol.md §1.1): N is
 * the decimal byte length of the UTF-8 payload, frames follow one another with no terminator.
 */

/** What the decoder found in the byte stream. */
export type DecodedUnit =
  | { readonly kind: 'frame'; readonly payload: string }
  | { readonly kind: 'framing-error'; readonly detail: string };

/** Splits a byte stream into frames; copes with frames split across reads and several per read. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private broken = false;

  /** Feeds bytes, returns every frame completed by them. After a framing error it stops decoding. */
  push(chunk: Buffer): DecodedUnit[] {
    if (this.broken) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: DecodedUnit[] = [];
    for (;;) {
      const hash = this.buf.indexOf(0x23);
      if (hash < 0) {
        // The real server reads at most 5 length digits before '#' (§1.1); more is a framing error.
        if (this.buf.length > 6 || !/^\d*$/.test(this.buf.toString('latin1'))) return this.fail(out, `no length prefix in ${JSON.stringify(this.buf.subarray(0, 40).toString('latin1'))}`);
        return out;
      }
      const prefix = this.buf.subarray(0, hash).toString('latin1');
      if (!/^\d{1,6}$/.test(prefix)) return this.fail(out, `bad length prefix ${JSON.stringify(prefix.slice(0, 40))}`);
      const n = Number(prefix);
      if (this.buf.length < hash + 1 + n) return out;
      out.push({ kind: 'frame', payload: this.buf.subarray(hash + 1, hash + 1 + n).toString('utf8') });
      this.buf = this.buf.subarray(hash + 1 + n);
    }
  }

  /** Bytes received but not yet part of a complete frame. */
  get pending(): number {
    return this.buf.length;
  }

  private fail(out: DecodedUnit[], detail: string): DecodedUnit[] {
    this.broken = true;
    out.push({ kind: 'framing-error', detail });
    return out;
  }
}
