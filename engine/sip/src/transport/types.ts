/** Transport-layer types shared by UDP and stream transports. */

/** Transport protocols the engine speaks. TLS and WS are reserved for later transports. */
export type Protocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/** A stream connection the engine can send on (accepted or opened by us). */
export interface Connection {
  readonly id: number;
  readonly protocol: Protocol;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  readonly closed: boolean;
  send(data: string | Buffer): boolean;
  close(): void;
}

/**
 * Where a message came from: the peer's address as seen on the packet (RFC 3581: responses go
 * back there), our local transport, and for streams the connection itself (RFC 3261 §18.2.2:
 * responses go down the connection the request came on).
 */
export interface Flow {
  readonly protocol: Protocol;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  readonly connection: Connection | undefined;
}

/** A destination for sending. `connection` pins a stream connection when one is known. */
export interface Target {
  readonly protocol: Protocol;
  readonly address: string;
  readonly port: number;
  readonly connection?: Connection | undefined;
}

/** A listening point: one socket for one protocol. */
export interface ListeningPoint {
  readonly protocol: Protocol;
  readonly host: string;
  readonly port: number;
}

/** A received message as the layers above see it: the flow, the wire size and the text. */
export interface Received {
  readonly flow: Flow;
  /** Size on the wire (datagram or framed message). */
  readonly bytes: number;
  /** The text handed to apps (for requests: top Via completed with received/rport). */
  readonly text: string;
}
