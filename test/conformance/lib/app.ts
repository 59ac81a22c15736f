/**
 * Pieces of the recording app that several scenarios share: its constant SDP, the embedded
 * engine as a contract target, and srf's per-method registration functions (srf defines them at
 * runtime; its bundled typings only declare `invite`).
 */
import type Srf from 'drachtio-srf';
import { startEngine } from '../../helpers/sip-engine.js';
import type { ContractTarget, StartTarget } from '../drachtio-contract.js';

/** srf's request handler signature. */
export type Handler = (req: Srf.SrfRequest, res: Srf.SrfResponse) => void;

/** srf with the method-named registration helpers it has at runtime. */
export type SrfApp = Srf & { options(h: Handler): void; register(h: Handler): void; subscribe(h: Handler): void };

/** The same srf, typed with its runtime registration helpers. */
export function app(srf: Srf): SrfApp {
  return srf as SrfApp;
}

/**
 * The app's SDP as in the transcripts (`o=app {{SDP_O_1}} 1`, port 41420 kept literally). The
 * session id changed from run to run in the recording, so it is random here too.
 */
export function appSdp(direction: 'sendrecv' | 'recvonly' = 'sendrecv'): string {
  const sessionId = 100_000_000 + Math.floor(Math.random() * 800_000_000);
  return [
    'v=0', `o=app ${sessionId} 1 IN IP4 127.0.0.1`, 's=app', 'c=IN IP4 127.0.0.1', 't=0 0',
    'm=audio 41420 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', `a=${direction}`, '',
  ].join('\r\n');
}

/** The embedded engine (engine/sip) on ephemeral loopback ports, as a contract target. */
export const startEmbedded: StartTarget = async (opts) => {
  const h = await startEngine(opts.t1 === undefined ? {} : { t1: opts.t1 });
  const target: ContractTarget = {
    kind: 'engine',
    control: { host: '127.0.0.1', port: h.controlPort },
    secret: h.secret,
    sip: { host: '127.0.0.1', port: h.sipPort },
    stop: () => h.stop(),
  };
  return target;
};

/** Rejects when `p` has not settled after `ms`; keeps a hung srf callback from hanging the file. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
