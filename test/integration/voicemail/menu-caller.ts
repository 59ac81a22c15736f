/**
 * A caller who works through the mailbox menus as a person does: waits until the PBX asks (the
 * voicemail adapter logs each question at debug, `keys asked` with the prompt, never the digits)
 * and the prompt is heard, then presses keys (RFC 4733) while it plays. It speaks pure tones, so
 * what it recorded (a greeting, a message) can be recognised when the PBX plays it back: the
 * received G.711 audio is decoded and each 20 ms frame checked for a dominant tone (Goertzel).
 * Built on the Node test phone (SIP, digest, RFC 4733); RTP audio is sent and read here.
 */
import { randomBytes } from 'node:crypto';
import type { Pbx } from '../../helpers/pbx.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { CallOptions, PhoneCall, SipPhone } from '../hotlines/helpers/sip-phone.js';

/** Samples per 20 ms frame at 8 kHz. */
const FRAME = 160;

/** G.711 μ-law to linear (ITU-T G.711). */
export function ulawToLinear(u: number): number {
  const v = ~u & 0xff;
  const t = (((v & 0x0f) << 3) + 0x84) << ((v & 0x70) >> 4);
  return v & 0x80 ? 0x84 - t : t - 0x84;
}

/** G.711 A-law to linear (ITU-T G.711). */
export function alawToLinear(a: number): number {
  const v = a ^ 0x55;
  let t = (v & 0x0f) << 4;
  const seg = (v & 0x70) >> 4;
  t += seg === 0 ? 8 : 0x108;
  if (seg > 1) t <<= seg - 1;
  return v & 0x80 ? t : -t;
}

/** Linear to G.711 μ-law. */
export function linearToUlaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(32635, Math.abs(sample)) + 0x84;
  let exp = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exp > 0; mask >>= 1) exp--;
  const mant = (s >> (exp + 3)) & 0x0f;
  s = ~(sign | (exp << 4) | mant) & 0xff;
  return s;
}

/** Linear to G.711 A-law. */
export function linearToAlaw(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  const s = Math.min(32767, Math.abs(sample));
  let out: number;
  if (s < 256) out = s >> 4;
  else {
    let exp = 1;
    while (exp < 7 && s >= 256 << exp) exp++;
    out = (exp << 4) | ((s >> (exp + 3)) & 0x0f);
  }
  return (out | sign) ^ 0x55;
}

/** Share of a frame's power at `freq` (Goertzel): about 1 for a pure tone on that frequency, near 0 for speech. */
export function toneShare(frame: Int16Array, freq: number, rate = 8000): number {
  const w = (2 * Math.PI * freq) / rate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  let power = 0;
  for (const x of frame) {
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    power += x * x;
  }
  const mag = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return power === 0 ? 0 : mag / ((frame.length / 2) * power);
}

/** Mean absolute sample of a frame. */
export function meanAbs(frame: Int16Array): number {
  let sum = 0;
  for (const x of frame) sum += Math.abs(x);
  return frame.length ? sum / frame.length : 0;
}

/** Frames needed in a row to call a tone heard (100 ms: no syllable of speech is that pure). */
const TONE_FRAMES = 5;
/** Mean absolute sample of a frame that carries sound (the voicemail's own silence threshold). */
const AUDIBLE = 200;

/** Whether `samples` (8 kHz) hold `freq` as a steady tone somewhere. */
export function holdsTone(samples: Int16Array, freq: number): boolean {
  let run = 0;
  for (let at = 0; at + FRAME <= samples.length; at += FRAME) {
    const f = samples.subarray(at, at + FRAME);
    run = meanAbs(f) >= AUDIBLE && toneShare(f, freq) > 0.6 ? run + 1 : 0;
    if (run >= TONE_FRAMES) return true;
  }
  return false;
}

interface Frame {
  /** Arrival (epoch ms, comparable with the PBX's log times on the same host). */
  readonly at: number;
  readonly samples: Int16Array;
  readonly loud: boolean;
}

/** One call through the menus. */
export class MenuCaller {
  private readonly frames: Frame[] = [];
  private asks = 0;
  private payloadType = 0;
  private readonly ssrc = randomBytes(4).readUInt32BE(0);
  private seq = randomBytes(2).readUInt16BE(0);
  private ts = randomBytes(4).readUInt32BE(0);
  /** Questions the PBX asked on this call, in order (prompt names or file paths). */
  readonly prompts: string[] = [];

  /** Where the PBX's output stood when the call was placed. */
  private readonly mark: number;

  private constructor(readonly p: Pbx, readonly call: PhoneCall) {
    this.mark = p.output().length;
    call.rtpSock.on('message', (m: Buffer) => {
      const pt = (m[1] ?? 0) & 0x7f;
      if (m.length < 12 + FRAME || (pt !== 0 && pt !== 8)) return;
      this.payloadType = pt;
      const decode = pt === 0 ? ulawToLinear : alawToLinear;
      const samples = Int16Array.from(m.subarray(12, 12 + FRAME), decode);
      this.frames.push({ at: Date.now(), samples, loud: meanAbs(samples) >= AUDIBLE });
    });
  }

  /** Calls `to` from `phone` and waits for the answer. */
  static async dial(p: Pbx, phone: SipPhone, to: string, opts: CallOptions = {}): Promise<MenuCaller> {
    const caller = new MenuCaller(p, await phone.call(to, opts));
    const { call } = caller;
    if (!(await call.answered())) throw new Error(`call to ${to} was not answered (status ${call.finalStatus})`);
    return caller;
  }

  /** This call's log lines with `msg`. */
  logged(msg: string): Array<Record<string, unknown>> {
    const id = this.call.callId;
    return this.p.output().split('\n')
      .filter((l) => l.startsWith('{') && l.includes(msg) && l.includes(id))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === msg && l.callId === id);
  }

  /**
   * Waits for a log line with `msg` written since the call was placed, whichever call it names
   * (the voicemail service logs stored messages without a call).
   */
  async since(msg: string, ms = 20_000): Promise<Record<string, unknown>> {
    return waitFor(() => {
      const line = this.p.output().slice(this.mark).split('\n').find((l) => l.startsWith('{') && l.includes(msg));
      const parsed = line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>);
      return parsed?.msg === msg ? parsed : undefined;
    }, { ms, what: `"${msg}" after the call began` });
  }

  /** Waits for this call's next log line with `msg`. */
  async next(msg: string, seen: number, ms = 20_000): Promise<Record<string, unknown>> {
    return waitFor(() => this.logged(msg)[seen], { ms, what: `"${msg}" #${seen + 1} on the call (asked so far: ${this.prompts.join(', ')})` });
  }

  /**
   * Waits for the PBX's next question, checks it is `prompt` (a name, or a pattern for file
   * paths) and returns once its audio arrives, so keys pressed now reach a running prompt.
   */
  async asked(prompt: string | RegExp, ms = 20_000): Promise<string> {
    const line = await this.next('keys asked', this.asks++, ms);
    const name = String(line.prompt);
    this.prompts.push(name);
    const ok = typeof prompt === 'string' ? name === prompt : prompt.test(name);
    if (!ok) throw new Error(`the PBX asked with ${name}, expected ${String(prompt)} (asked so far: ${this.prompts.join(', ')})`);
    const since = Number(line.time) + 5;
    await waitFor(() => this.frames.some((f) => f.at > since && f.loud) || this.call.state === 'ended', { ms, what: `the sound of ${name}` });
    if (this.call.state === 'ended') throw new Error(`the call ended while ${name} was asked`);
    return name;
  }

  /** Waits for the next question and answers it with `keys`. */
  async answer(prompt: string | RegExp, keys: string): Promise<void> {
    await this.asked(prompt);
    await this.press(keys);
  }

  /** Presses keys (RFC 4733). */
  async press(keys: string): Promise<void> {
    await this.call.dtmf(keys, 150);
  }

  /** Whether a steady `freq` tone arrived after the epoch-ms instant `since`. */
  heardTone(freq: number, since = 0): boolean {
    let run = 0;
    for (const f of this.frames) {
      if (f.at <= since) continue;
      run = f.loud && toneShare(f.samples, freq) > 0.6 ? run + 1 : 0;
      if (run >= TONE_FRAMES) return true;
    }
    return false;
  }

  /** Waits until a steady `freq` tone arrives after the last question was asked. */
  async hearsTone(freq: number, ms = 15_000): Promise<void> {
    const last = this.logged('keys asked')[this.asks - 1];
    const since = last ? Number(last.time) : 0;
    await waitFor(() => this.heardTone(freq, since) || this.call.state === 'ended', { ms, what: `a ${freq} Hz tone` });
    if (!this.heardTone(freq, since)) throw new Error(`the call ended before a ${freq} Hz tone was heard`);
  }

  /** Waits until `ms` of sound (frames above the silence threshold) arrived after the last question was asked. */
  async hearsSound(ms: number, timeoutMs = 20_000): Promise<void> {
    const last = this.logged('keys asked')[this.asks - 1];
    const since = last ? Number(last.time) : 0;
    const frames = Math.ceil(ms / 20);
    const loud = () => this.frames.filter((f) => f.at > since && f.loud).length;
    await waitFor(() => loud() >= frames || this.call.state === 'ended', { ms: timeoutMs, what: `${ms} ms of sound` });
    if (loud() < frames) throw new Error(`the call ended after ${loud() * 20} ms of sound`);
  }

  /** Waits for the PBX to start recording, then speaks a `freq` tone for `ms` and ends with #. */
  async record(freq: number, ms: number, seen: number): Promise<void> {
    await this.next('recording started', seen);
    await this.tone(freq, ms);
    await this.press('#');
  }

  /** Sends a tone as G.711 RTP (the codec the PBX sends), 20 ms packets in real time. */
  async tone(freq: number, ms: number, amplitude = 8000): Promise<void> {
    const media = this.call.remoteMedia;
    if (!media) throw new Error('no remote media to speak to');
    const encode = this.payloadType === 8 ? linearToAlaw : linearToUlaw;
    const packets = Math.round(ms / 20);
    const start = Date.now();
    let n = 0;
    let phase = 0;
    const step = (2 * Math.PI * freq) / 8000;
    while (n < packets) {
      const due = Math.min(packets, Math.floor((Date.now() - start) / 20) + 1);
      for (; n < due; n++) {
        const b = Buffer.alloc(12 + FRAME);
        b[0] = 0x80;
        b[1] = (n === 0 ? 0x80 : 0) | this.payloadType;
        b.writeUInt16BE(this.seq++ & 0xffff, 2);
        b.writeUInt32BE(this.ts >>> 0, 4);
        b.writeUInt32BE(this.ssrc, 8);
        for (let i = 0; i < FRAME; i++, phase += step) b[12 + i] = encode(Math.round(amplitude * Math.sin(phase)));
        this.ts = (this.ts + FRAME) >>> 0;
        this.call.rtpSock.send(b, media.port, media.ip);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Hangs up (BYE) and waits until the call is over. */
  async hangup(): Promise<void> {
    this.call.hangup();
    await this.call.ended(5000);
  }

  /** Waits for the PBX to hang up. */
  async ended(ms = 20_000): Promise<void> {
    if (!(await this.call.ended(ms))) throw new Error('the PBX did not hang up');
  }
}

/** What a caller hears and says when leaving a message with {@link leaveMessage}. */
export interface Deposit {
  /** The greeting the PBX plays: a system prompt's name or a pattern for the owner's file. */
  readonly greeting: string | RegExp;
  /** A tone the greeting must hold (the owner's recording). */
  readonly greetingTone?: number;
  /** The tone spoken as the message. */
  readonly tone: number;
  /** How long the message lasts. */
  readonly ms?: number;
}

/**
 * Calls `to`, waits for the mailbox's greeting, skips it with #, speaks a tone after the beep,
 * ends with #, waits until the PBX has stored the message, and hangs up.
 */
export async function leaveMessage(p: Pbx, phone: SipPhone, to: string, d: Deposit): Promise<MenuCaller> {
  const c = await MenuCaller.dial(p, phone, to);
  await c.asked(d.greeting, 30_000);
  if (d.greetingTone !== undefined) await c.hearsTone(d.greetingTone);
  await c.press('#');
  await c.record(d.tone, d.ms ?? 1000, 0);
  await c.since('voicemail message stored');
  await c.hangup();
  return c;
}
