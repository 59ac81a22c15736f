/**
 * The `socket` dialplan application (mod_event_socket socket_function): `socket <host>:<port>
 * [async] [full]`. Connects out to the app (fsmrf listens on the address it put in
 * `X-esl-outbound`), waits for `connect`, then parks the channel under socket control until the
 * call ends. When the app closes the socket first, the call is hung up (no `resume` in the
 * mrf dialplan, and nothing follows `socket` in it).
 */
import { connect as netConnect, type Socket } from 'node:net';
import type { AppContext, AppDefinition } from '../channel/app-context.js';
import { type EslHost, EslListener } from './listener.js';

/** Parses `host:port [async] [full]` (the port after the last colon, as socket_function does). */
export function parseSocketTarget(arg: string): { host: string; port: number; async: boolean; full: boolean } | undefined {
  const [target = '', ...flags] = arg.trim().split(/\s+/);
  const colon = target.lastIndexOf(':');
  const host = (colon < 0 ? target : target.slice(0, colon)).replace(/^\[|\]$/g, '');
  const port = colon < 0 ? 8084 : Number(target.slice(colon + 1));
  if (host === '' || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  const lower = flags.map((f) => f.toLowerCase());
  return { host, port, async: lower.includes('async'), full: lower.includes('full') };
}

function connectTcp(host: string, port: number, timeoutMs: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setKeepAlive(true, 30000);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

/** Creates the `socket` application bound to the engine's ESL host. */
export function createSocketApp(eslHost: EslHost, connectTimeoutMs = 5000): AppDefinition {
  return {
    name: 'socket',
    media: false,
    async run(ctx: AppContext, arg: string): Promise<void> {
      const { channel } = ctx;
      const target = parseSocketTarget(arg);
      if (!target) {
        ctx.services.log.warn({ uuid: channel.uuid, arg }, 'socket: missing or bad host');
        return;
      }
      channel.vars.set('socket_host', target.host);
      const socket = await connectTcp(target.host, target.port, connectTimeoutMs);
      if (!socket) {
        ctx.services.log.warn({ uuid: channel.uuid, host: target.host, port: target.port }, 'socket: connect failed');
        return;
      }
      if (!channel.ready) {
        socket.destroy();
        return;
      }
      const listener = new EslListener(socket, eslHost, { channel, full: target.full, async: target.async });
      const connected = await Promise.race([listener.connected, new Promise<boolean>((r) => ctx.signal.addEventListener('abort', () => r(false), { once: true }))]);
      if (connected) channel.acceptMessages();
      await Promise.race([
        listener.closed,
        new Promise<void>((r) => {
          if (ctx.signal.aborted) r();
          else ctx.signal.addEventListener('abort', () => r(), { once: true });
        }),
      ]);
      // Let the application that ended the call complete first (its CHANNEL_EXECUTE_COMPLETE
      // precedes the socket's in conformance/freeswitch/play).
      await new Promise<void>((r) => setImmediate(r));
      if (channel.ready) {
        // The controlling app went away: FreeSWITCH ends the call unless `resume` was sent;
        // after `resume` the mrf dialplan has no further step either.
        channel.hangup('NORMAL_CLEARING');
      }
    },
  };
}
