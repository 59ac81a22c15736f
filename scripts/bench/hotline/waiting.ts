/**
 * Waiting callers for the hotline bench, in their own process so that taking arrival times does
 * not compete with the bench's SIPp bookkeeping: N calls from the carrier (bound to the trunk's
 * port) to a hotline nobody answers; each call counts its RTP (music, announcements) with arrival
 * times. Messages from the parent: `reset` (start measuring), `report` (interval figures),
 * `hangup` (end every call). Arguments: pbxPort trunkPort number count ratePerSec.
 */
import { performance } from 'node:perf_hooks';
import { SipPhone, type PhoneCall } from '../../../test/integration/hotlines/helpers/sip-phone.js';

const [pbxPort, trunkPort, number, count, rate] = process.argv.slice(2).map((a, i) => (i === 2 ? a : Number(a))) as [number, number, string, number, number];

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

async function main(): Promise<void> {
  const phone = await SipPhone.open({ pbxPort, localPort: trunkPort, recordArrivals: true });
  const calls: PhoneCall[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    // Spread arrivals at `rate` per second, as callers come in.
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const n = `+49891${String(700000 + i)}`;
    calls.push(await phone.call(number, { from: n, headers: [`P-Asserted-Identity: <sip:${n}@carrier.test>`, 'Privacy: none'] }));
  }
  const answered = await Promise.all(calls.map((c) => c.answered(60_000)));
  process.send?.({ kind: 'answered', answered: answered.filter(Boolean).length, failed: calls.filter((c) => c.finalStatus >= 300).map((c) => c.finalStatus) });

  process.on('message', (m: { kind: string }) => {
    if (m.kind === 'reset') {
      for (const c of calls) {
        c.rtp.arrivals.length = 0;
        c.rtp.packets = 0;
        c.rtp.audible = 0;
      }
      process.send?.({ kind: 'reset-done' });
    } else if (m.kind === 'report') {
      const intervals: number[] = [];
      let silent = 0;
      let inaudible = 0;
      for (const c of calls) {
        const a = c.rtp.arrivals;
        if (a.length === 0) silent++;
        if (c.rtp.audible === 0) inaudible++;
        for (let i = 1; i < a.length; i++) intervals.push(a[i]! - a[i - 1]!);
      }
      const all = Float64Array.from(intervals).sort();
      const jitter = Float64Array.from(intervals, (v) => Math.abs(v - 20)).sort();
      process.send?.({
        kind: 'report',
        calls: calls.length, live: calls.filter((c) => c.state === 'confirmed').length, silent, inaudible,
        packets: calls.reduce((n, c) => n + c.rtp.packets, 0), audible: calls.reduce((n, c) => n + c.rtp.audible, 0),
        intervalMs: { p50: percentile(all, 50), p99: percentile(all, 99), p999: percentile(all, 99.9), max: all[all.length - 1] ?? NaN },
        jitterMs: { p50: percentile(jitter, 50), p99: percentile(jitter, 99), p999: percentile(jitter, 99.9), max: jitter[jitter.length - 1] ?? NaN },
        over40ms: intervals.filter((v) => v > 40).length,
      });
    } else if (m.kind === 'hangup') {
      for (const c of calls) c.hangup();
      setTimeout(() => {
        phone.close();
        process.send?.({ kind: 'hung-up' });
        process.exit(0);
      }, 1000);
    }
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
