/** Finds a port free for both UDP and TCP on 127.0.0.1 (for peers such as SIPp that need a fixed port). */
import dgram from 'node:dgram';
import net from 'node:net';

/** Returns a port that was free on 127.0.0.1 for UDP and TCP a moment ago. */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        const p = typeof a === 'object' && a ? a.port : 0;
        s.close(() => resolve(p));
      });
    });
    const ok = await new Promise<boolean>((resolve) => {
      const u = dgram.createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port');
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
