/** Shared fixtures for the transaction tests: messages, a recording transport and users. */
import { SipMessage, parseMessage } from '../../../../../engine/sip/src/message/index.js';
import type { SendFn } from '../../../../../engine/sip/src/transaction/client.js';
import type { Target } from '../../../../../engine/sip/src/transport/types.js';
import type { TimerConfig } from '../../../../../engine/sip/src/transaction/timers.js';
import type { ManualClock } from '../../../../helpers/manual-clock.js';

/** RFC 3261 Table 4 defaults, written out so a change in the engine's defaults shows up here. */
export const T: TimerConfig = { T1: 500, T2: 4000, T4: 5000 };

export const udp: Target = { protocol: 'udp', address: '127.0.0.1', port: 5080 };
export const tcp: Target = { protocol: 'tcp', address: '127.0.0.1', port: 5080 };

/** One message handed to the transport. */
export interface Sent {
  readonly at: number;
  readonly text: string;
  readonly target: Target;
}

/** The recording transport of `recorder`. */
export interface Recorder {
  readonly sent: Sent[];
  readonly send: SendFn;
  accept: boolean;
}

/** A fake transport that records what went out and when; `accept` false makes sends fail. */
export function recorder(clock: ManualClock): Recorder {
  const r: Recorder = {
    sent: [],
    accept: true,
    send: (target, text) => {
      r.sent.push({ at: clock.now(), text, target });
      return r.accept;
    },
  };
  return r;
}

/** The first line of a sent message. */
export function startLine(s: Sent): string {
  return s.text.slice(0, s.text.indexOf('\r\n'));
}

/** Parses what was sent, failing loudly on text the engine could not read back either. */
export function parsed(s: Sent): SipMessage {
  const r = parseMessage(s.text);
  if (!r.ok) throw new Error(`sent unparseable text: ${r.reason}`);
  return r.message;
}

/** A request as a UAC would send it. */
export function request(method: string, opts: { branch?: string; seq?: number; viaHost?: string; uri?: string; callId?: string; fromTag?: string; toTag?: string } = {}): SipMessage {
  const seq = opts.seq ?? 1;
  const m = SipMessage.request(method, opts.uri ?? 'sip:service@example.invalid');
  m.append('via', `SIP/2.0/UDP ${opts.viaHost ?? '127.0.0.1:5070'};branch=${opts.branch ?? 'z9hG4bKtest1'}`);
  m.append('via', 'SIP/2.0/UDP proxy.example.invalid;branch=z9hG4bKdownstream');
  m.append('route', '<sip:edge.example.invalid;lr>');
  m.append('max-forwards', '70');
  m.append('from', `<sip:caller@example.invalid>;tag=${opts.fromTag ?? 'ft1'}`);
  m.append('to', `<sip:service@example.invalid>${opts.toTag ? `;tag=${opts.toTag}` : ''}`);
  m.append('call-id', opts.callId ?? 'txn-test@127.0.0.1');
  m.append('cseq', `${seq} ${method}`);
  return m;
}

/** A response to `req` with the given status (a To tag on everything above 100). */
export function response(req: SipMessage, status: number, toTag = 'tt1'): SipMessage {
  const res = SipMessage.response(status, status === 200 ? 'OK' : `Status ${status}`);
  for (const h of req.headers) if (h.name === 'via') res.append('via', h.value);
  res.append('from', req.get('from')!);
  res.append('to', status > 100 ? `${req.get('to')!};tag=${toTag}` : req.get('to')!);
  res.append('call-id', req.callId);
  res.append('cseq', req.get('cseq')!);
  return res;
}
