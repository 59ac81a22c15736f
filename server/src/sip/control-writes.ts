/**
 * Coalesces drachtio-srf's writes on its control connection to the SIP engine (or drachtio-server).
 * srf writes every command with its own `socket.write`: one system call each, and one wake-up
 * and read of the engine. Under load one read of the control connection brings many frames, and
 * handling them (with the awaits they start) writes many commands. The socket is corked when data
 * arrives and uncorked with setImmediate, after the poll phase that read it, so those commands go
 * out as one writev. Order and content are unchanged: TCP carries the same byte stream, the
 * frames are length-prefixed (reference §1.1), and no write waits longer than that turn of the
 * event loop.
 */
import type { Socket } from 'node:net';

const coalesced = new WeakSet<Socket>();

/** Starts coalescing writes on `socket` (idempotent: later calls for the same socket do nothing). */
export function coalesceWrites(socket: Socket | undefined): void {
  if (!socket || coalesced.has(socket)) return;
  coalesced.add(socket);
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  // Before srf's own listener, so every write its handling of this chunk causes is held.
  socket.prependListener('data', () => {
    if (corked) return;
    corked = true;
    socket.cork();
    setImmediate(uncork);
  });
}
