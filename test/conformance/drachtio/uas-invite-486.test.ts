/** Golden transcript uas-invite-486: res.send(486); the caller's ACK for it never reaches the app. */
import { runContract } from '../drachtio-contract.js';
import { startEmbedded } from '../lib/app.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'uas-invite-486',
    title: 'an INVITE rejected with 486 is echoed and the ACK for the 486 stays in the server',
    async run(ctx) {
      const srf = ctx.srf();
      srf.invite((_req, res) => res.send(486));
      await ctx.connect(srf);
      await ctx.caller('caller-invite-486.xml', '100');
      await ctx.sippDone();
    },
  }],
});
