/** Golden transcript uac-invite: createUAC to a SIPp callee, 180, 200, srf's ACK, app BYE. */
import type Srf from 'drachtio-srf';
import { runContract } from '../drachtio-contract.js';
import { appSdp, startEmbedded, within } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'uac-invite',
    title: 'createUAC gets the request echo, the 180 and the 200, and the app\'s ACK and BYE go out in the dialog',
    async run(ctx) {
      const srf = ctx.srf();
      await ctx.connect(srf);
      const callee = await ctx.callee('callee-uas.xml');
      let provisional = 0;
      const dlg: Srf.Dialog = await within(srf.createUAC(`sip:bob@127.0.0.1:${callee.port}`, { localSdp: appSdp(), headers: { 'X-Test': 'uac' } }, {
        cbProvisional: () => { provisional++; },
      }), 10_000, 'createUAC');
      ctx.t.equal(provisional, 1, 'srf reports the 180 as a provisional response');
      // The recording app waited 1 s; what matters on the wire is that the ACK went out first.
      await waitFor(() => ctx.tap.frames('drachtio->app').some((r) => /\|response\|[^|]+\|OK\|[^\r]*\r\nACK /.test(r.text ?? '')), { ms: 3000, what: 'the ACK echo' });
      await within(new Promise<void>((resolve, reject) => dlg.destroy(undefined, (err: unknown) => (err ? reject(err as Error) : resolve()))), 5000, 'dialog.destroy()');
      await ctx.sippDone();
    },
  }],
});
