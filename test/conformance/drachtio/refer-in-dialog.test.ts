/** Golden transcript refer-in-dialog: in-dialog REFER, 202, two sipfrag NOTIFYs, caller BYE. */
import type Srf from 'drachtio-srf';
import { runContract } from '../drachtio-contract.js';
import { appSdp, startEmbedded } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

const notify = (state: string, frag: string) => ({
  method: 'NOTIFY',
  headers: { Event: 'refer', 'Subscription-State': state, 'Content-Type': 'message/sipfrag;version=2.0' },
  body: `${frag}\r\n`,
}) as unknown as Srf.SrfRequest;

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'refer-in-dialog',
    title: 'an in-dialog REFER is answered 202 and followed by an active and a terminated sipfrag NOTIFY',
    async run(ctx) {
      const srf = ctx.srf();
      let notified = 0;
      let destroyed = false;
      let referTo = '';
      srf.invite((req, res) => {
        srf.createUAS(req, res, { localSdp: appSdp() })
          .then((dlg) => {
            dlg.on('destroy', () => { destroyed = true; });
            dlg.on('refer', (refer, referRes) => {
              referTo = refer.get('Refer-To');
              referRes.send(202);
              // As recorded: the first NOTIFY goes out right after the 202, the second once the first is answered.
              dlg.request(notify('active;expires=60', 'SIP/2.0 100 Trying'))
                .then(() => { notified++; return dlg.request(notify('terminated;reason=noresource', 'SIP/2.0 200 OK')); })
                .then(() => { notified++; })
                .catch((err: unknown) => ctx.t.fail(`NOTIFY: ${String(err)}`));
            });
          })
          .catch((err: unknown) => ctx.t.fail(`createUAS: ${String(err)}`));
      });
      await ctx.connect(srf);
      await ctx.caller('caller-refer.xml', '100');
      await ctx.sippDone();
      await waitFor(() => destroyed, { ms: 3000, what: 'the dialog destroy event' }).catch(() => undefined);
      ctx.t.match(referTo, /^<sip:carol@127\.0\.0\.1:\d+>$/, 'srf emits refer with the Refer-To');
      ctx.t.equal(notified, 2, 'both NOTIFYs are answered');
      ctx.t.ok(destroyed, 'the caller BYE destroys the dialog');
    },
  }],
});
