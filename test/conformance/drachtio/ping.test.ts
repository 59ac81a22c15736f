/** Golden transcript ping: with enablePing srf pings every pingInterval and gets OK|pong. */
import { runContract } from '../drachtio-contract.js';
import { startEmbedded } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'ping',
    title: 'srf connected with enablePing sends ping and the server answers OK|pong',
    async run(ctx) {
      // 5000 ms is srf's minimum pingInterval, so this scenario takes about 5 s of real time.
      await ctx.connect(ctx.srf(), { enablePing: true, pingInterval: 5000 });
      await waitFor(() => ctx.tap.frames('drachtio->app').some((r) => r.text?.endsWith('|OK|pong')), { ms: 8000, what: 'the pong' });
    },
  }],
});
