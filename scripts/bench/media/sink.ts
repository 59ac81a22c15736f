/**
 * UDP sinks for the media benchmark, in their own process so that measuring arrival times does
 * not compete with the engine's event loop. One socket per stream; on `report` it sends back
 * packet-interval percentiles, gaps and counts.
 */
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';

interface Stream {
  socket: Socket;
  last: number | undefined;
  lastSeq: number | undefined;
  lastTs: number | undefined;
  packets: number;
  seqGaps: number;
  tsJumps: number;
  intervals: number[];
}

const count = Number(process.argv[2] ?? '200');
const streams: Stream[] = [];

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function main(): Promise<void> {
  for (let i = 0; i < count; i++) {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const stream: Stream = { socket, last: undefined, lastSeq: undefined, lastTs: undefined, packets: 0, seqGaps: 0, tsJumps: 0, intervals: [] };
    socket.on('message', (msg) => {
      const now = performance.now();
      if (msg.length < 12) return;
      const seq = msg.readUInt16BE(2);
      const ts = msg.readUInt32BE(4);
      if (stream.last !== undefined) stream.intervals.push(now - stream.last);
      if (stream.lastSeq !== undefined) {
        const ds = (seq - stream.lastSeq) & 0xffff;
        if (ds !== 1) stream.seqGaps++;
        const dt = (ts - (stream.lastTs ?? 0)) >>> 0;
        if (dt !== 160 * ds) stream.tsJumps++;
      }
      stream.last = now;
      stream.lastSeq = seq;
      stream.lastTs = ts;
      stream.packets++;
    });
    streams.push(stream);
  }
  process.send?.({ kind: 'ports', ports: streams.map((s) => s.socket.address().port) });
  process.on('message', (m: { kind: string }) => {
    if (m.kind === 'reset') {
      for (const s of streams) {
        s.packets = 0;
        s.seqGaps = 0;
        s.tsJumps = 0;
        s.intervals = [];
        s.last = undefined;
        s.lastSeq = undefined;
      }
      process.send?.({ kind: 'reset-done' });
    }
    if (m.kind === 'report') {
      const all = Float64Array.from(streams.flatMap((s) => s.intervals)).sort();
      const perStreamP99 = streams.map((s) => percentile(Float64Array.from(s.intervals).sort(), 99)).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
      process.send?.({
        kind: 'report',
        streams: streams.length,
        silentStreams: streams.filter((s) => s.packets === 0).length,
        packets: streams.reduce((n, s) => n + s.packets, 0),
        seqGaps: streams.reduce((n, s) => n + s.seqGaps, 0),
        tsJumps: streams.reduce((n, s) => n + s.tsJumps, 0),
        intervalMs: {
          p50: percentile(all, 50), p90: percentile(all, 90), p99: percentile(all, 99), p999: percentile(all, 99.9), max: all[all.length - 1] ?? NaN,
        },
        worstStreamP99Ms: perStreamP99[perStreamP99.length - 1] ?? NaN,
        over40ms: all.filter((v) => v > 40).length,
      });
      for (const s of streams) s.socket.close();
      process.exit(0);
    }
  });
}

void main();
