/** Golden transcript reinvite-from-caller: a re-INVITE with a=sendonly is answered by srf itself (hold). */
import { runContract } from '../drachtio-contract.js';
import { appSdp, startEmbedded } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'reinvite-from-caller',
    title: 'a re-INVITE putting the call on hold is answered 200 with the app SDP set to recvonly and its ACK reaches the app',
    async run(ctx) {
      const srf = ctx.srf();
      let held = false;
      let destroyed = false;
      srf.invite((req, res) => {
        srf.createUAS(req, res, { localSdp: appSdp() })
          .then((dlg) => {
            (dlg as unknown as NodeJS.EventEmitter).on('hold', () => { held = true; });
            dlg.on('destroy', () => { destroyed = true; });
          })
          .catch((err: unknown) => ctx.t.fail(`createUAS: ${String(err)}`));
      });
      await ctx.connect(srf);
      await ctx.caller('caller-reinvite.xml', '100');
      await ctx.sippDone();
      await waitFor(() => destroyed, { ms: 3000, what: 'the dialog destroy event' }).catch(() => undefined);
      ctx.t.ok(held, 'srf emits hold for the sendonly re-INVITE');
      ctx.t.ok(destroyed, 'the caller BYE destroys the dialog');
    },
  }],
});
