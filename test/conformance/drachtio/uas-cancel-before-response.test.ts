/** Golden transcript uas-cancel-before-response: CANCEL before any app response; the app's later 486 gets NOK. */
import type Srf from 'drachtio-srf';
import { runContract } from '../drachtio-contract.js';
import { startEmbedded } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'uas-cancel-before-response',
    title: 'a CANCEL before the app answered is handled by the server and the app\'s later 486 is refused with NOK',
    async run(ctx) {
      const srf = ctx.srf();
      let canceled = false;
      let pending: Srf.SrfResponse | undefined;
      srf.invite((req, res) => {
        req.on('cancel', () => { canceled = true; });
        pending = res;
      });
      await ctx.connect(srf);
      await ctx.caller('caller-invite-cancel-quick.xml', '100');
      await ctx.sippDone();
      await waitFor(() => canceled, { ms: 3000, what: 'the req cancel event' }).catch(() => undefined);
      ctx.t.ok(canceled, 'srf emits cancel on the request');
      // As recorded: the app answers only after SIPp has exited.
      pending?.send(486);
      await waitFor(() => ctx.tap.frames('drachtio->app').some((r) => r.text?.includes('|NOK|')), { ms: 3000, what: 'the NOK response' }).catch(() => undefined);
    },
  }],
});
