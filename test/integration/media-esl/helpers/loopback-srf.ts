/**
 * A stand-in for drachtio-srf + drachtio-server between fsmrf and the media engine, for tests
 * that exercise the ESL and media side before the SIP side exists: `createUAC` turns fsmrf's
 * INVITE into the engine boundary call (`createChannel`), sends the ACK (with srf's black-hole
 * answer for a 3pcc INVITE), and reports the engine's BYE as the dialog's `destroy` event.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { MediaEngine, MrfLeg } from '../../../../engine/media/src/index.js';

let cseqBase = 1000;

/** The dialog fsmrf's Endpoint holds. */
export class LoopbackDialog extends EventEmitter {
  readonly sip: { callId: string; localTag: string; remoteTag: string };
  readonly local: { sdp: string | undefined };
  readonly remote: { sdp: string };
  readonly leg: MrfLeg;
  #destroyed = false;

  /** Created by {@link LoopbackSrf.createUAC}. */
  constructor(leg: MrfLeg, callId: string, localTag: string, remoteTag: string, localSdp: string | undefined, remoteSdp: string) {
    super();
    this.leg = leg;
    this.sip = { callId, localTag, remoteTag };
    this.local = { sdp: localSdp };
    this.remote = { sdp: remoteSdp };
    leg.onHangup((info) => {
      if (info.initiator === 'local') this.#gone();
    });
  }

  /** The app hangs up: BYE towards the media engine. */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.leg.bye();
  }

  /** A re-INVITE from the app. */
  async modify(sdp: string): Promise<string> {
    const result = this.leg.reinvite(sdp);
    if (!result.ok) throw new Error(`${result.rejection.status} ${result.rejection.phrase}`);
    this.remote.sdp = result.localSdp;
    return result.localSdp;
  }

  #gone(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.emit('destroy', { method: 'BYE' });
  }
}

/** Just enough of drachtio-srf for MediaServer#createEndpoint. */
export class LoopbackSrf {
  readonly #engine: MediaEngine;
  /** Legs created so far (tests inspect them). */
  readonly legs: MrfLeg[] = [];

  /** Wraps an engine. */
  constructor(engine: MediaEngine) {
    this.#engine = engine;
  }

  /** srf.createUAC as fsmrf calls it. */
  async createUAC(uri: string, opts: { headers?: Record<string, string>; localSdp?: string }): Promise<LoopbackDialog> {
    const callId = randomUUID();
    const fromTag = randomUUID().slice(0, 8);
    const cseq = ++cseqBase;
    const headers: Record<string, string> = {
      Via: `SIP/2.0/UDP 127.0.0.1:5060;rport;branch=z9hG4bK${randomUUID().slice(0, 12)}`,
      'Max-Forwards': '70',
      From: `<sip:127.0.0.1:5060>;tag=${fromTag}`,
      To: `<${uri}>`,
      'Call-ID': callId,
      CSeq: `${cseq} INVITE`,
      Contact: '<sip:127.0.0.1:5060>',
      ...(opts.headers ?? {}),
    };
    const result = await this.#engine.createChannel({
      requestUri: uri,
      sipHeaders: headers,
      network: { ip: '127.0.0.1', port: 5060, transport: 'udp' },
      ...(opts.localSdp ? { remoteSdp: opts.localSdp } : {}),
    });
    if (!result.ok) throw new Error(`${result.rejection.status} ${result.rejection.phrase}`);
    const toTag = randomUUID().slice(0, 8);
    this.legs.push(result.leg);
    const dialog = new LoopbackDialog(result.leg, callId, fromTag, toTag, opts.localSdp, result.localSdp);
    const ackSdp = opts.localSdp ? undefined : result.localSdp.replace(/(t=0 0\r\n)/, '$1a=recvonly\r\n');
    setImmediate(() => {
      result.leg.ack({
        headers: { ...headers, To: `<${uri}>;tag=${toTag}`, CSeq: `${cseq} ACK` },
        ...(ackSdp ? { sdp: ackSdp } : {}),
      });
    });
    return dialog;
  }
}
