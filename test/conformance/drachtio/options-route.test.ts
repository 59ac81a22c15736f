/** Golden transcript options-route: OPTIONS delivered to the app, res.send(200), echo. */
import { runContract } from '../drachtio-contract.js';
import { app, startEmbedded } from '../lib/app.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'options-route',
    title: 'a routed OPTIONS reaches the app and its res.send(200) is sent and echoed',
    async run(ctx) {
      const srf = app(ctx.srf());
      srf.options((_req, res) => res.send(200));
      await ctx.connect(srf);
      await ctx.caller('caller-options-200.xml', 'ping');
      await ctx.sippDone();
    },
  }],
});
