/** Golden transcript auth-ok: authenticate with the right secret, no routes, disconnect. */
import { runContract } from '../drachtio-contract.js';
import { startEmbedded } from '../lib/app.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'auth-ok',
    title: 'an app authenticating with the right secret gets OK with hostports and version, then disconnects cleanly',
    async run(ctx) {
      await ctx.connect(ctx.srf());
    },
  }],
});
