/**
 * A CPU profiler attached to a running Node process through its inspector (SIGUSR1, then the
 * Chrome DevTools protocol), for benches that profile a process they did not start themselves.
 * Only one process at a time: the inspector listens on 127.0.0.1:9229.
 */
import { writeFileSync } from 'node:fs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A CPU profiler attached to a running Node process through its inspector (SIGUSR1, then CDP). */
export async function attachProfiler(pid: number, what = 'the feature server'): Promise<{ stop(file: string): Promise<void> }> {
  process.kill(pid, 'SIGUSR1');
  let url: string | undefined;
  for (let i = 0; i < 50 && !url; i++) {
    await sleep(100);
    url = await fetch('http://127.0.0.1:9229/json/list').then(async (r) => ((await r.json()) as Array<{ webSocketDebuggerUrl: string }>)[0]?.webSocketDebuggerUrl, () => undefined);
  }
  if (!url) throw new Error('the inspector did not open');
  const { default: WebSocket } = await import('ws');
  const ws = new WebSocket(url);
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  let id = 0;
  const pending = new Map<number, (v: unknown) => void>();
  ws.on('message', (d: Buffer) => {
    const m = JSON.parse(d.toString()) as { id?: number; result?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m.result);
  });
  const call = (method: string) => new Promise<unknown>((r) => { pending.set(++id, r); ws.send(JSON.stringify({ id, method })); });
  await call('Profiler.enable');
  await call('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await call('Profiler.stop') as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
      ws.close();
      console.log(`CPU profile of ${what} written to ${file}`);
    },
  };
}

