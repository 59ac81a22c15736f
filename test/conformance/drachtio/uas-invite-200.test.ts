/** Golden transcript uas-invite-200: createUAS answers 200 with SDP, ACK frame, caller BYE. */
import { runContract } from '../drachtio-contract.js';
import { appSdp, startEmbedded } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'uas-invite-200',
    title: 'an incoming INVITE answered by createUAS is echoed, ACKed to the app and torn down by the caller BYE',
    async run(ctx) {
      const srf = ctx.srf();
      let destroyed = false;
      srf.invite((req, res) => {
        srf.createUAS(req, res, { localSdp: appSdp() })
          .then((dlg) => dlg.on('destroy', () => { destroyed = true; }))
          .catch((err: unknown) => ctx.t.fail(`createUAS: ${String(err)}`));
      });
      await ctx.connect(srf);
      await ctx.caller('caller-invite-bye.xml', '100');
      await ctx.sippDone();
      await waitFor(() => destroyed, { ms: 3000, what: 'the dialog destroy event' }).catch(() => undefined);
      ctx.t.ok(destroyed, 'the caller BYE destroys the dialog in srf');
    },
  }],
});
