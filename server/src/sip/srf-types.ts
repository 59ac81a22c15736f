/**
 * A typed view of the parts of drachtio-srf@5 the feature server (and its tests) use. The
 * package's own typings lack most of the middleware API (`srf.use`, `srf.options`, …) and
 * describe some callbacks wrongly, so we declare what we rely on here and cast once.
 */
import type { EventEmitter } from 'node:events';

/** A SIP message as srf exposes it. */
export interface SrfMessage {
  readonly type: 'request' | 'response';
  readonly method: string;
  readonly uri: string;
  readonly body: string;
  readonly raw: string;
  readonly status: number;
  readonly reason: string;
  readonly source: 'network' | 'application';
  readonly source_address: string;
  readonly source_port: string | number;
  readonly protocol: string;
  readonly callingNumber: string;
  readonly calledNumber: string;
  readonly callingName: string;
  readonly stackTxnId: string;
  readonly stackDialogId: string;
  readonly receivedOn: string;
  readonly headers: Record<string, string>;
  /** The control connection the message came over (srf sets it on every request and response). */
  readonly socket?: import('node:net').Socket;
  get(name: string): string | undefined;
  has(name: string): boolean;
  set(name: string, value: string): void;
  getParsedHeader(name: string): unknown;
}

/** An incoming request. */
export interface SrfRequest extends SrfMessage {
  readonly isNewInvite: boolean;
  on(event: 'cancel', fn: (cancel: SrfMessage) => void): this;
  on(event: 'update', fn: (req: SrfRequest, res: SrfResponse) => void): this;
  on(event: string, fn: (...args: never[]) => void): this;
  cancel(opts?: { headers?: Record<string, string> }, cb?: (err: unknown, req: SrfMessage) => void): void;
  proxy(opts: Record<string, unknown>): Promise<ProxyResult>;
  locals: Record<string, unknown>;
}

/** The response object for an incoming request. */
export interface SrfResponse {
  readonly finalResponseSent: boolean;
  readonly headersSent: boolean;
  send(status: number, reason?: string | SendOptions, opts?: SendOptions, cb?: (err: unknown, msg: SrfMessage) => void): void;
  send(status: number, opts: SendOptions, cb?: (err: unknown, msg: SrfMessage) => void): void;
  on(event: 'end', fn: () => void): this;
}

/** Headers and body of something srf sends. */
export interface SendOptions {
  headers?: Record<string, string>;
  body?: string;
}

/** A SIP dialog in srf. */
export interface SrfDialog extends EventEmitter {
  readonly id: string;
  readonly type: 'uac' | 'uas';
  readonly sip: { callId: string; localTag: string; remoteTag: string };
  readonly local: { uri: string; sdp: string; contact: string };
  readonly remote: { uri: string; sdp: string; contact: string };
  readonly onHold: boolean;
  readonly connected: boolean;
  other: SrfDialog | undefined;
  destroy(opts?: SendOptions): Promise<SrfMessage>;
  modify(sdp: string | 'hold' | 'unhold', opts?: { noAck?: boolean }): Promise<string>;
  request(opts: { method: string; headers?: Record<string, string>; body?: string }): Promise<SrfMessage>;
}

/** Result of srf.proxyRequest. */
export interface ProxyResult {
  readonly connected: boolean;
  readonly finalStatus: number;
  readonly finalResponse: { status: number; msg: SrfMessage } | undefined;
  readonly responses: Array<{ address: string; port: number; msgs: Array<{ status: number; msg: SrfMessage }> }>;
}

/** A middleware function. */
export type Middleware = (req: SrfRequest, res: SrfResponse, next: (err?: unknown) => void) => void;

/** Options of createUAC / request. */
export interface UacOptions extends SendOptions {
  uri?: string;
  method?: string;
  localSdp?: string;
  proxy?: string;
  auth?: { username: string; password: string } | ((req: SrfMessage, res: SrfMessage, cb: (err: unknown, username?: string, password?: string) => void) => void);
  callingNumber?: string;
  callingName?: string;
  calledNumber?: string;
  followRedirects?: boolean;
  noAck?: boolean;
}

/** Progress callbacks of createUAC/createB2BUA. */
export interface UacProgress {
  cbRequest?: (err: unknown, req: SrfRequest) => void;
  cbProvisional?: (res: SrfMessage) => void;
  cbFinalizedUac?: (uac: SrfDialog) => void;
}

/** The srf application object. */
export interface SrfApp extends EventEmitter {
  locals: Record<string, unknown>;
  connect(opts: { host: string; port: number; secret: string; enablePing?: boolean; pingInterval?: number; reconnect?: { retries?: number; factor?: number; retryMaxDelay?: number } }): void;
  disconnect(): void;
  use(method: string, ...mw: Middleware[]): void;
  use(...mw: Middleware[]): void;
  invite(...mw: Middleware[]): void;
  register(...mw: Middleware[]): void;
  subscribe(...mw: Middleware[]): void;
  options(...mw: Middleware[]): void;
  message(...mw: Middleware[]): void;
  notify(...mw: Middleware[]): void;
  info(...mw: Middleware[]): void;
  refer(...mw: Middleware[]): void;
  publish(...mw: Middleware[]): void;
  createUAS(req: SrfRequest, res: SrfResponse, opts: { localSdp?: string; body?: string; headers?: Record<string, string> }): Promise<SrfDialog>;
  createUAC(uri: string | UacOptions, opts?: UacOptions, progress?: UacProgress): Promise<SrfDialog>;
  createB2BUA(req: SrfRequest, res: SrfResponse, uri: string, opts?: UacOptions & { responseHeaders?: Record<string, string>; localSdpA?: string; localSdpB?: string; passFailure?: boolean; passProvisionalResponses?: boolean; proxyRequestHeaders?: string[]; proxyResponseHeaders?: string[] }, progress?: UacProgress): Promise<{ uas: SrfDialog; uac: SrfDialog }>;
  proxyRequest(req: SrfRequest, dest: string | string[], opts?: { recordRoute?: boolean; remainInDialog?: boolean; forking?: 'sequential' | 'simultaneous'; provisionalTimeout?: string; finalTimeout?: string; followRedirects?: boolean; headers?: Record<string, string> }): Promise<ProxyResult>;
  request(uri: string | UacOptions, opts?: UacOptions): Promise<SrfRequest & { on(event: 'response', fn: (res: SrfMessage, ack?: () => void) => void): void }>;
  /** Forgets a dialog srf created (srf then passes its in-dialog requests to the middleware). */
  removeDialog(dialog: SrfDialog): void;
}
