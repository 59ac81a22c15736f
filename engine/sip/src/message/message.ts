/**
 * The SIP message model shared by every layer of the engine. Headers are kept in wire order
 * under their lower-case long names; list-valued headers may hold several values per line.
 */
import { normalizeHeaderName, isListHeader, splitHeaderList } from './headers.js';
import { tagOf } from './name-addr.js';

/** One header line. `name` is the lower-case long form (compact forms expanded). */
export interface Header {
  readonly name: string;
  value: string;
  /** The name as written, kept for `X-` headers whose case drachtio-server preserves. */
  readonly raw?: string;
}

/** A parsed CSeq header. */
export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/** A SIP request or response. */
export class SipMessage {
  /** Request method (upper-case) or undefined for a response. */
  method: string | undefined;
  /** Request-URI text, or undefined for a response. */
  uri: string | undefined;
  /** Response status, or 0 for a request. */
  status: number;
  reason: string;
  headers: Header[];
  /** Body as UTF-8 text. */
  body: string;

  constructor(init: { method?: string; uri?: string; status?: number; reason?: string; headers?: Header[]; body?: string }) {
    this.method = init.method;
    this.uri = init.uri;
    this.status = init.status ?? 0;
    this.reason = init.reason ?? '';
    this.headers = init.headers ?? [];
    this.body = init.body ?? '';
  }

  /** Builds a request. */
  static request(method: string, uri: string, headers: Header[] = [], body = ''): SipMessage {
    return new SipMessage({ method, uri, headers, body });
  }

  /** Builds a response. */
  static response(status: number, reason: string, headers: Header[] = [], body = ''): SipMessage {
    return new SipMessage({ status, reason, headers, body });
  }

  get isRequest(): boolean {
    return this.method !== undefined;
  }

  /** First value of a header (the whole first line for list headers), or undefined. */
  get(name: string): string | undefined {
    const n = normalizeHeaderName(name);
    for (const h of this.headers) if (h.name === n) return h.value;
    return undefined;
  }

  /** True when the header is present at least once. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** All values of a header; list headers are split at top-level commas. */
  getAll(name: string): string[] {
    const n = normalizeHeaderName(name);
    const out: string[] = [];
    const list = isListHeader(n);
    for (const h of this.headers) {
      if (h.name !== n) continue;
      if (list) for (const v of splitHeaderList(h.value)) out.push(v);
      else out.push(h.value);
    }
    return out;
  }

  /** The first single value of a (possibly list) header: e.g. the top Via. */
  first(name: string): string | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    return isListHeader(normalizeHeaderName(name)) ? splitHeaderList(v)[0] : v;
  }

  /** Replaces every line of the header with one value (or removes it for undefined). */
  set(name: string, value: string | undefined): this {
    const n = normalizeHeaderName(name);
    const i = this.headers.findIndex((h) => h.name === n);
    if (i < 0) {
      if (value !== undefined) this.headers.push({ name: n, value });
      return this;
    }
    // Only lines after the first one are dropped, so index i still points at the first line.
    this.headers = this.headers.filter((h, j) => h.name !== n || j === i);
    if (value === undefined) this.headers.splice(i, 1);
    else this.headers[i]!.value = value;
    return this;
  }

  /** Appends a header line. */
  append(name: string, value: string): this {
    this.headers.push({ name: normalizeHeaderName(name), value });
    return this;
  }

  /** Inserts a header line before every other line of the same header (e.g. a new top Via). */
  prepend(name: string, value: string): this {
    const n = normalizeHeaderName(name);
    const i = this.headers.findIndex((h) => h.name === n);
    if (i < 0) this.headers.unshift({ name: n, value });
    else this.headers.splice(i, 0, { name: n, value });
    return this;
  }

  /** Removes every line of a header. */
  remove(name: string): this {
    const n = normalizeHeaderName(name);
    this.headers = this.headers.filter((h) => h.name !== n);
    return this;
  }

  /** Removes the first value of a list header (e.g. the top Via or top Route). */
  removeFirst(name: string): this {
    const n = normalizeHeaderName(name);
    const i = this.headers.findIndex((h) => h.name === n);
    if (i < 0) return this;
    const values = splitHeaderList(this.headers[i]!.value);
    if (values.length <= 1) this.headers.splice(i, 1);
    else this.headers[i]!.value = values.slice(1).join(', ');
    return this;
  }

  get callId(): string {
    return this.get('call-id') ?? '';
  }

  /** The CSeq header, or undefined when absent or malformed. */
  get cseq(): CSeq | undefined {
    const v = this.get('cseq');
    if (!v) return undefined;
    const m = /^\s*(\d{1,10})\s+([A-Za-z0-9.!%*_+`'~-]+)\s*$/.exec(v);
    if (!m) return undefined;
    const seq = Number(m[1]);
    if (seq > 0xffffffff) return undefined;
    // RFC 3261 §7.1: "The method names are case-sensitive", so CSeq keeps the method as written
    // and matches the Request-Line only when spelt the same (RFC 4475 §3.1.1.2).
    return { seq, method: m[2]! };
  }

  get fromTag(): string | undefined {
    return tagOf(this.get('from'));
  }

  get toTag(): string | undefined {
    return tagOf(this.get('to'));
  }

  /** A deep copy (headers copied, strings shared). */
  clone(): SipMessage {
    return new SipMessage({
      method: this.method, uri: this.uri, status: this.status, reason: this.reason,
      headers: this.headers.map((h) => ({ ...h })), body: this.body,
    });
  }
}
