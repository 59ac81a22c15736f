/** Finds a port free for both UDP and TCP on 127.0.0.1 (for peers such as SIPp that need a fixed port). */
import dgram from 'node:dgram';
import net from 'node:net';

// Ports are picked below the kernel's ephemeral range (32768-60999 here): a port the kernel
// handed out for "any port" is free again a moment later, and the next outgoing connection of
// any process (an ESL or control connection, a fetch) may get it before the test binds it; CI
// saw "address already in use" from that. Below 21000 also keeps clear of the RTP ranges tests
// give the media engine (21000 and up).
const LOW = 10_000;
const HIGH = 20_999;
/** Fixed ports tests bind themselves (media-esl transcript conformance: SIP 15080). */
const TAKEN = new Set([15080]);

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const u = dgram.createSocket('udp4');
    u.once('error', () => resolve(false));
    u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
  });
}

/** Returns a port that was free on 127.0.0.1 for UDP and TCP a moment ago. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (TAKEN.has(port)) continue;
    if (await tcpFree(port) && await udpFree(port)) return port;
  }
  throw new Error(`no free port in ${LOW}-${HIGH}`);
}

/** True once something listens on 127.0.0.1:port for TCP (read from the kernel, no connection made). */
export async function tcpListening(port: number): Promise<boolean> {
  const { readFile } = await import('node:fs/promises');
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const text = await readFile('/proc/net/tcp', 'utf8');
  // local_address 0100007F:PORT (127.0.0.1) in state 0A (LISTEN)
  return text.split('\n').some((l) => {
    const f = l.trim().split(/\s+/);
    return f[1]?.endsWith(`:${hex}`) === true && f[3] === '0A';
  });
}
