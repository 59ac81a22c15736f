/** Golden transcript options-no-route: an unrouted OPTIONS gets a stateless 503 from the server. */
import { runContract } from '../drachtio-contract.js';
import { startEmbedded } from '../lib/app.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'options-no-route',
    title: 'an OPTIONS no app routed is answered 503 by the server and never reaches the app',
    async run(ctx) {
      const srf = ctx.srf();
      srf.invite(() => undefined);
      await ctx.connect(srf);
      await ctx.caller('caller-options-503.xml', 'ping');
      await ctx.sippDone();
    },
  }],
});
