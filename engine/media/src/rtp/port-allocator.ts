/**
 * RTP port allocation from a configured range (FreeSWITCH's rtp-start-port/rtp-end-port, default
 * here 20000-20999). Even ports only (RFC 3550 §11: RTP on even, RTCP on the next odd port);
 * a port that the OS refuses (EADDRINUSE by another process) is skipped and the next one tried.
 */
import { createSocket, type Socket } from 'node:dgram';

/** A bound RTP socket and the port it holds. */
export interface AllocatedPort {
  readonly port: number;
  readonly socket: Socket;
  /** Closes the socket and returns the port to the pool. */
  release(): void;
}

/** Allocates bound UDP sockets from a port range. */
export class PortAllocator {
  readonly #ip: string;
  readonly #min: number;
  readonly #max: number;
  readonly #inUse = new Set<number>();
  #next: number;

  /** Creates an allocator for even ports in [min, max] bound on `ip`. */
  constructor(ip: string, min = 20000, max = 20999) {
    if (min > max) throw new RangeError('rtp port range is empty');
    this.#ip = ip;
    this.#min = min + (min % 2);
    this.#max = max;
    this.#next = this.#min;
  }

  /** Ports currently allocated. */
  get inUse(): number {
    return this.#inUse.size;
  }

  /** Binds the next free even port; rejects when the whole range is busy. */
  async allocate(): Promise<AllocatedPort> {
    const span = Math.floor((this.#max - this.#min) / 2) + 1;
    for (let attempt = 0; attempt < span; attempt++) {
      const port = this.#next;
      this.#next = this.#next + 2 > this.#max ? this.#min : this.#next + 2;
      if (this.#inUse.has(port)) continue;
      this.#inUse.add(port);
      try {
        const socket = await bind(this.#ip, port);
        let released = false;
        return {
          port,
          socket,
          release: () => {
            if (released) return;
            released = true;
            this.#inUse.delete(port);
            socket.close();
          },
        };
      } catch {
        this.#inUse.delete(port);
      }
    }
    throw new Error(`no free RTP port in ${this.#min}-${this.#max}`);
  }
}

function bind(ip: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4' });
    const onError = (err: Error): void => {
      socket.close();
      reject(err);
    };
    socket.once('error', onError);
    socket.bind(port, ip, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}
