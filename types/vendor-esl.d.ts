// Typings for the untyped ESL/media client libraries (drachtio-modesl, modesl, drachtio-fsmrf):
// the parts the feature server and the tests use, as the libraries behave (they ship none).
declare module 'drachtio-modesl' {
  /** An ESL event or reply as modesl parses it. */
  export interface EslEvent {
    getHeader(name: string): string | undefined;
    getBody(): string;
    readonly headers: ReadonlyArray<{ name: string; value: string }>;
  }
  type EventCallback = (evt: EslEvent, ...rest: unknown[]) => void;
  /** An inbound or outbound ESL connection. */
  export interface EslConnection {
    api(command: string, cb: EventCallback): void;
    bgapi(command: string, cb: EventCallback): void;
    sendRecv(command: string, cb: EventCallback): void;
    send(command: string, args?: Record<string, string>): void;
    subscribe(events: string | string[], cb?: EventCallback): void;
    events(format: string, events: string | string[], cb?: EventCallback): void;
    filter(header: string, value: string, cb?: EventCallback): void;
    execute(app: string, arg: string, cb: EventCallback): string;
    getInfo(): EslEvent;
    disconnect(): void;
    on(event: string, fn: EventCallback): this;
    once(event: string, fn: EventCallback): this;
    removeListener(event: string, fn: EventCallback): this;
  }
  /** A server for outbound connections. */
  export interface EslServer {
    on(event: 'connection::ready', fn: (conn: EslConnection, id: string) => void): this;
    close(cb?: () => void): void;
  }
  interface EslStatic {
    Connection: new (host: string, port: number, password: string, ready: () => void) => EslConnection;
    Server: new (opts: { port?: number; host?: string; server?: unknown; myevents?: boolean }, ready?: () => void) => EslServer;
  }
  const esl: EslStatic;
  export default esl;
}

declare module 'modesl' {
  import type esl from 'drachtio-modesl';
  const modesl: typeof esl;
  export default modesl;
}

declare module 'drachtio-fsmrf' {
  import type { EventEmitter } from 'node:events';
  /** fsmrf's Endpoint, the methods the tests call. */
  export interface Endpoint extends EventEmitter {
    readonly uuid: string;
    readonly local: { sdp: string; mediaIp: string; mediaPort: string };
    readonly remote: { sdp: string; mediaIp: string; mediaPort: string };
    readonly dtmfType: string;
    readonly sip: { callId: string };
    play(file: string | string[] | { file: string; seekOffset?: number; timeoutSecs?: number }): Promise<Record<string, string>>;
    playCollect(opts: Record<string, unknown>): Promise<Record<string, string | null>>;
    record(file: string, opts?: Record<string, unknown>): Promise<Record<string, string | null>>;
    set(param: string | Record<string, string>, value?: string): Promise<unknown>;
    export(param: string | Record<string, string>, value?: string): Promise<unknown>;
    execute(app: string, arg?: string): Promise<{ getHeader(name: string): string | undefined }>;
    api(command: string, args?: string): Promise<{ getBody(): string }>;
    getChannelVariables(includeMedia?: boolean): Promise<Record<string, string | number>>;
    modify(sdp: string): Promise<unknown>;
    destroy(): Promise<void>;
  }
  /** fsmrf's MediaServer. */
  export interface MediaServer extends EventEmitter {
    readonly sip: { ipv4: { udp: { address?: string } } };
    readonly maxSessions: number;
    readonly hostname: string;
    readonly fsVersion: string;
    createEndpoint(opts?: { remoteSdp?: string; codecs?: string | string[]; headers?: Record<string, string> }): Promise<Endpoint>;
    /** Answers an incoming INVITE (srf req/res) with a new endpoint: the caller hears the media server. */
    // An ambient module cannot import by a relative path; an import() type is the way here.
    // eslint-disable-next-line @typescript-eslint/consistent-type-imports
    connectCaller(req: unknown, res: unknown, opts?: { codecs?: string | string[]; headers?: Record<string, string> }): Promise<{ endpoint: Endpoint; dialog: import('../server/src/sip/srf-types.js').SrfDialog }>;
    api(command: string): Promise<string>;
    disconnect(): void;
  }
  /** The Mrf entry class. */
  export default class Mrf {
    constructor(srf: unknown, opts?: Record<string, unknown>);
    connect(opts: { address: string; port?: number; secret?: string; listenAddress?: string; listenPort?: number }): Promise<MediaServer>;
  }
}
