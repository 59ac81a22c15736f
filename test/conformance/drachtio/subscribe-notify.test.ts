/** Golden transcript subscribe-notify: createUAS 202, NOTIFY with pidf, dialog.destroy() sends the terminating NOTIFY. */
import { runContract } from '../drachtio-contract.js';
import { app, startEmbedded, within } from '../lib/app.js';

const PIDF = '<?xml version="1.0" encoding="UTF-8"?>\r\n<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:200@127.0.0.1"><tuple id="t1"><status><basic>open</basic></status></tuple></presence>';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'subscribe-notify',
    title: 'a SUBSCRIBE answered by createUAS gets 202, an active NOTIFY and, on destroy, a terminated NOTIFY in the same dialog',
    async run(ctx) {
      const srf = app(ctx.srf());
      let done: Promise<void> | undefined;
      srf.subscribe((req, res) => {
        done = (async () => {
          const dlg = await srf.createUAS(req, res, { headers: { Expires: '600' } } as never);
          const answer = await dlg.request({ method: 'NOTIFY', headers: { Event: 'presence', 'Subscription-State': 'active;expires=600', 'Content-Type': 'application/pidf+xml' }, body: PIDF } as never);
          ctx.t.equal(answer.status, 200, 'SIPp answers the active NOTIFY with 200');
          await new Promise<void>((resolve, reject) => dlg.destroy(undefined, (err: unknown) => (err ? reject(err as Error) : resolve())));
        })();
      });
      await ctx.connect(srf);
      await ctx.caller('caller-subscribe.xml', '200');
      await ctx.sippDone();
      await within(done ?? Promise.reject(new Error('no SUBSCRIBE reached the app')), 5000, 'the subscription flow');
    },
  }],
});
