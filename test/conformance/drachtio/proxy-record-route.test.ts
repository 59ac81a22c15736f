/** Golden transcript proxy-record-route: proxyRequest with recordRoute; ACK and BYE bypass the app. */
import { runContract } from '../drachtio-contract.js';
import { startEmbedded } from '../lib/app.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'proxy-record-route',
    title: 'proxyRequest with recordRoute reports only the final response, then done, and the dialog\'s ACK and BYE are proxied without the app',
    async run(ctx) {
      const srf = ctx.srf();
      const callee = await ctx.callee('callee-uas-rr.xml');
      let result: unknown;
      srf.invite((req) => {
        srf.proxyRequest(req, `sip:127.0.0.1:${callee.port}`, { recordRoute: true }, (err: unknown, results: unknown) => {
          result = err ?? results;
        });
      });
      await ctx.connect(srf);
      await ctx.caller('caller-proxy.xml', '300');
      await ctx.sippDone();
      ctx.t.match(result, { connected: true, finalStatus: 200 }, 'proxyRequest resolves connected with final status 200');
    },
  }],
});
