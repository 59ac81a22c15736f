/**
 * The PBX of the voicemail and IVR end-to-end tests: `zentrale start` on the voicemail site
 * (test/fixtures/dialplans/e2e/voicemail.yaml) with its trunk on a free port for a SIPp carrier,
 * and what the tests read back: the mailbox index through `zentrale voicemail list --json`, the
 * stored WAV files, and the speech the caller sent (decoded from SIPp's pcap).
 */
import type { Test } from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import wavefile from 'wavefile';
import { startPbx, type Pbx } from '../../helpers/pbx.js';
import { freePort } from '../../helpers/ports.js';
import { asUser } from '../../helpers/phones.js';
import { startSipp, type SippResult } from '../../helpers/sipp.js';
import { SPEECH_PCAP, writeTimeline, type CallEnd, type CallerAction } from './timeline.js';

const { WaveFile } = wavefile;

/** The voicemail site. */
export const VOICEMAIL_DIALPLAN = 'test/fixtures/dialplans/e2e/voicemail.yaml';

/** Passwords and PINs of the site's users. */
export const USERS = {
  '5001': { password: 'anna-secret-1', pin: '4711' },
  '5002': { password: 'bernd-secret-1', pin: '2468' },
  '5003': { password: 'carla-secret-1', pin: '' },
  '5004': { password: 'dora-secret-1', pin: '' },
} as const;

/** A PBX on the voicemail site; `carrierPort` is where its trunk points. */
export async function voicemailPbx(t: Test, env: NodeJS.ProcessEnv = {}): Promise<{ p: Pbx; carrierPort: number }> {
  const carrierPort = await freePort();
  const doc = parse(readFileSync(resolve(VOICEMAIL_DIALPLAN), 'utf8')) as { trunks: Array<Record<string, unknown>> };
  doc.trunks[0]!.port = carrierPort;
  const file = join(mkdtempSync(join(tmpdir(), 'zentrale-vm-')), 'site.yaml');
  writeFileSync(file, stringify(doc));
  const p = await startPbx({ dialplans: [file], env: { ZENTRALE_DIGEST_ALGORITHMS: 'MD5', ...env } });
  t.teardown(() => {
    // VM_PBX_LOG=file keeps the PBX's log of a run for reading after a failure.
    if (process.env.VM_PBX_LOG) writeFileSync(process.env.VM_PBX_LOG, p.output());
    return p.stop();
  });
  return { p, carrierPort };
}

/** A user of the site calls `to` and follows the timeline. */
export function userCalls(p: Pbx, user: keyof typeof USERS, to: string, actions: readonly CallerAction[], end: CallEnd): Promise<SippResult> {
  return freePort().then((port) => startSipp({
    scenario: writeTimeline('user', actions, end), remote: `127.0.0.1:${p.sipPort}`, localPort: port, service: to,
    extra: asUser(user, USERS[user].password), timeoutSec: 90,
  }).done);
}

/** The carrier calls the DDI `to` for `caller` (E.164) and follows the timeline. */
export function carrierCalls(p: Pbx, carrierPort: number, caller: string, to: string, actions: readonly CallerAction[], end: CallEnd): Promise<SippResult> {
  return startSipp({
    scenario: writeTimeline('carrier', actions, end), remote: `127.0.0.1:${p.sipPort}`, localPort: carrierPort, service: to,
    extra: ['-key', 'caller', caller], timeoutSec: 90,
  }).done;
}

/** One message as `zentrale voicemail list --json` prints it. */
export interface ListedMessage {
  readonly id: string;
  readonly caller: string;
  readonly received: string;
  readonly duration: number;
  readonly status: 'new' | 'old' | 'saved';
}

/** The messages of a mailbox, read with the CLI. */
export function listMailbox(p: Pbx, mailbox: string): ListedMessage[] {
  const r = p.cli(['voicemail', 'list', mailbox, '--json']);
  if (r.code !== 0) throw new Error(`zentrale voicemail list failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ListedMessage[];
}

/** The samples of a stored message. */
export function messageSamples(p: Pbx, mailbox: string, id: string): { samples: Int16Array; sampleRate: number } {
  const wav = new WaveFile(readFileSync(join(p.dataDir, 'voicemail', mailbox, `${id}.wav`)));
  return { samples: wav.getSamples(true, Int16Array) as unknown as Int16Array, sampleRate: (wav.fmt as { sampleRate: number }).sampleRate };
}

function alawToLinear(a: number): number {
  const v = a ^ 0x55;
  let t = (v & 0x0f) << 4;
  const seg = (v & 0x70) >> 4;
  t += seg === 0 ? 8 : 0x108;
  if (seg > 1) t <<= seg - 1;
  return v & 0x80 ? t : -t;
}

/** The speech SIPp sends (g711a.pcap), decoded to linear samples (G.711 A-law, ITU-T G.711 table 1). */
export function sentSpeech(): Int16Array {
  const b = readFileSync(SPEECH_PCAP);
  const out: number[] = [];
  for (let off = 24; off + 16 <= b.length;) {
    const incl = b.readUInt32LE(off + 8);
    const frame = b.subarray(off + 16, off + 16 + incl);
    off += 16 + incl;
    const ip = 14;
    const udp = ip + (frame[ip]! & 0x0f) * 4;
    for (const byte of frame.subarray(udp + 8 + 12)) out.push(alawToLinear(byte));
  }
  return Int16Array.from(out);
}

/** Milliseconds of 20 ms frames whose mean absolute sample reaches `threshold`. */
export function voicedMs(samples: Int16Array, threshold = 200): number {
  let frames = 0;
  for (let at = 0; at + 160 <= samples.length; at += 160) {
    let sum = 0;
    for (let i = at; i < at + 160; i++) sum += Math.abs(samples[i]!);
    if (sum / 160 >= threshold) frames++;
  }
  return frames * 20;
}

/** Sum of absolute samples: the signal energy, independent of silence around it. */
export function energy(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += Math.abs(s);
  return sum;
}
