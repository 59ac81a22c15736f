/**
 * Golden transcript ack-timeout: the caller never ACKs the 200; the server retransmits it and after
 * 64*T1 sends BYE (Reason: ACK timeout) to the caller and an unsolicited BYE frame to the app.
 *
 * Against the embedded engine T1 is scaled from 500 ms to 200 ms (T2 = 8*T1 as in RFC 3261), so
 * the timeout comes after 12.8 s instead of 32 s. The comparison stays structural and complete:
 * every message and frame, including the count of ten 200 retransmissions, must match; only the
 * intervals, which this suite never compares (README rule 7), are shorter. The real
 * drachtio-server runs with its own timers.
 */
import { runContract } from '../drachtio-contract.js';
import { appSdp, startEmbedded } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'ack-timeout',
    title: 'a 200 that is never ACKed is retransmitted ten times, then the server hangs up with BYE and tells the app',
    options: { t1: 200 },
    sippTimeoutSec: 60,
    async run(ctx) {
      const srf = ctx.srf();
      let reason: string | undefined;
      srf.invite((req, res) => {
        srf.createUAS(req, res, { localSdp: appSdp() })
          .then((dlg) => dlg.on('destroy', (msg: { get(name: string): string }) => { reason = msg.get('Reason'); }))
          .catch((err: unknown) => ctx.t.fail(`createUAS: ${String(err)}`));
      });
      await ctx.connect(srf);
      await ctx.caller('caller-invite-no-ack.xml', '100');
      await ctx.sippDone();
      await waitFor(() => reason !== undefined, { ms: 3000, what: 'the dialog destroy event' }).catch(() => undefined);
      ctx.t.match(reason, /text="ACK timeout"/, 'srf destroys the dialog with the ACK timeout reason');
    },
  }],
});
