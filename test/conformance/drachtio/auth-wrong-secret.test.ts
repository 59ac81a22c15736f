/** Golden transcript auth-wrong-secret: a wrong secret is answered NO and the server closes first. */
import { runContract } from '../drachtio-contract.js';
import { startEmbedded } from '../lib/app.js';
import { waitFor } from '../../helpers/wait-for.js';

runContract({
  start: startEmbedded,
  scenarios: [{
    golden: 'auth-wrong-secret',
    title: 'an app authenticating with a wrong secret gets NO|incorrect secret and the server closes the connection at once',
    async run(ctx) {
      const srf = ctx.srf();
      // The recording app stopped on the connect error: disconnect before srf's reconnect timer fires.
      const err = await ctx.connect(srf, { secret: 'wrong-secret' }).then(() => undefined, (e: unknown) => e);
      try {
        srf.disconnect();
      } catch {
        // the server already closed the socket
      }
      ctx.t.match(String(err), /failed to authenticate/, 'srf reports the failed authentication');
      await waitFor(() => ctx.tap.has('connection closed by drachtio'), { ms: 3000, what: 'the server to close the connection' });
    },
  }],
});
