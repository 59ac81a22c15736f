/** Golden transcript uas-cancel-after-180: app sends 180, caller CANCELs, server answers 200/487 and tells the app. */
import { runContract } from '../drachtio-contract.js';
import { startEmbedded } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'uas-cancel-after-180',
    title: 'a CANCEL after the app sent 180 is answered 200 and 487 by the server and passed to the app with the dialog id',
    async run(ctx) {
      const srf = ctx.srf();
      let canceled = false;
      srf.invite((req, res) => {
        req.on('cancel', () => { canceled = true; });
        res.send(180);
      });
      await ctx.connect(srf);
      await ctx.caller('caller-invite-cancel-after-180.xml', '100');
      await ctx.sippDone();
      await waitFor(() => canceled, { ms: 3000, what: 'the req cancel event' }).catch(() => undefined);
      ctx.t.ok(canceled, 'srf emits cancel on the request');
    },
  }],
});
