/**
 * NOTIFYs through drachtio-srf. srf keeps no dialog object for subscriptions (memory, see
 * `forgetSrfDialog`): a NOTIFY goes in the dialog the SIP engine (or drachtio-server) holds,
 * named by its stored dialog id (drachtio's `sip||<dialog id>` request). This works alike for a
 * live subscription and for one restored after a restart of the feature server. When the engine
 * restarted too and knows no such dialog, the NOTIFY is built from the stored dialog state
 * (Call-ID, tags, route set, remote target) and sent to the subscriber's flow, so the phone still
 * hears `terminated;reason=deactivated`.
 */
import type { Logger } from 'pino';
import type { SrfApp, UacOptions } from '../../sip/srf-types.js';
import { requestFinal } from '../../sip/final-response.js';
import type { NotifyContent, NotifyTransport, Subscription } from './subscription.js';

// RFC 3261 §12.2.1.1: the CSeq of a request in a dialog rises. We do not know how many NOTIFYs
// the old process sent, so a rebuilt NOTIFY jumps far ahead of the SUBSCRIBE's CSeq: no
// subscription of at most an hour sees a million NOTIFYs.
const CSEQ_JUMP = 1_000_000;
const CSEQ_MAX = 2 ** 31 - 1;

// Timer F (64*T1) ends a non-INVITE transaction after 32 s with a 408; a little more guards
// against a lost final response so a subscription never stays "in flight" for ever.
const NO_ANSWER_MS = 40_000;

/** Sends a request and resolves with its final status (408 when none comes). */
async function request(srf: SrfApp, uri: string, opts: UacOptions): Promise<number> {
  return (await requestFinal(srf, uri, opts, NO_ANSWER_MS))?.status ?? 408;
}

/** Sends NOTIFYs with srf. */
export class SrfNotifyTransport implements NotifyTransport {
  constructor(private readonly srf: SrfApp, private readonly log: Logger) {}

  async send(sub: Subscription, content: NotifyContent): Promise<number> {
    // RFC 6665 §4.1.3: NOTIFY carries a Contact; the SIP engine adds one only when asked.
    const headers = { ...content.headers, Contact: sub.stored.local_contact };
    try {
      return await this.sendInDialog(sub, headers, content.body);
    } catch (err) {
      this.log.debug({ err, subscription: sub.id }, 'NOTIFY could not be sent');
      return 0;
    }
  }

  private async sendInDialog(sub: Subscription, headers: Record<string, string>, body: string): Promise<number> {
    const s = sub.stored;
    try {
      const opts = { method: 'NOTIFY', stackDialogId: s.dialog_id, headers, body } as UacOptions;
      return await request(this.srf, s.remote_target, opts);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ENODIALOG') throw err;
    }
    const routes = JSON.parse(s.route_set) as string[];
    const rebuilt: Record<string, string> = {
      ...headers,
      'Call-ID': s.call_id,
      From: `${s.local_uri};tag=${s.local_tag}`,
      To: `${s.remote_uri};tag=${s.remote_tag}`,
      CSeq: `${Math.min(CSEQ_MAX, s.subscribe_cseq + CSEQ_JUMP)} NOTIFY`,
    };
    if (routes.length > 0) rebuilt.Route = routes.join(', ');
    // The first hop is the first route (an SBC), else the flow the SUBSCRIBE came from (NAT).
    const proxy = routes.length > 0 ? routes[0]!.replace(/^\s*<|>.*$/g, '') : s.flow;
    const opts: UacOptions = { method: 'NOTIFY', headers: rebuilt, body, proxy };
    return request(this.srf, s.remote_target, opts);
  }
}
