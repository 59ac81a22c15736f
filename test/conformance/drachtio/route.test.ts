/** Golden transcript route: route frames before and after connect; srf re-sends every verb. */
import { runContract } from '../drachtio-contract.js';
import { app, startEmbedded } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

const okCount = (frames: readonly { text?: string }[]) => frames.filter((r) => /^[^|]+\|response\|[^|]+\|OK$/.test(r.text ?? '')).length;

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'route',
    title: 'every route frame, including the verbs srf re-sends when register is added later, is answered OK',
    async run(ctx) {
      const srf = app(ctx.srf());
      srf.invite(() => undefined);
      srf.options(() => undefined);
      await ctx.connect(srf);
      await waitFor(() => okCount(ctx.tap.frames('drachtio->app')) >= 2, { what: 'OK for invite and options' });
      srf.register(() => undefined);
      await waitFor(() => okCount(ctx.tap.frames('drachtio->app')) >= 5, { what: 'OK for the three re-sent verbs' });
    },
  }],
});
