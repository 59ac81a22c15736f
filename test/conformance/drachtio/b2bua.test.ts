/** Golden transcript b2bua: createB2BUA between a SIPp caller and a SIPp callee; caller hangs up, app hangs up B. */
import { runContract } from '../drachtio-contract.js';
import { startEmbedded } from '../lib/app.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'b2bua',
    title: 'createB2BUA relays 180 and 200 between the legs and the caller\'s BYE makes the app hang up the callee leg',
    async run(ctx) {
      const srf = ctx.srf();
      const callee = await ctx.callee('callee-uas.xml');
      srf.invite((req, res) => {
        srf.createB2BUA(req, res, `sip:bob@127.0.0.1:${callee.port}`, {})
          .then(({ uas, uac }) => {
            uas.on('destroy', () => uac.destroy());
            uac.on('destroy', () => uas.destroy());
          })
          .catch((err: unknown) => ctx.t.fail(`createB2BUA: ${String(err)}`));
      });
      await ctx.connect(srf);
      await ctx.caller('caller-invite-bye.xml', '200');
      await ctx.sippDone();
    },
  }],
});
