/**
 * A request the feature server sends through drachtio-srf, answered by its final response.
 *
 * srf's promise form resolves with the sent request only after the control channel echoed it;
 * the remote side's answer can arrive in the same tick, so a `response` listener attached after
 * an `await` may miss a fast 200 (seen with a carrier registrar answering in 4 ms). The callback
 * form hands over the request before any response is dispatched: the listener is attached there.
 */
import type { SrfApp, SrfMessage, UacOptions } from './srf-types.js';

type Sent = SrfMessage & { on(event: 'response', fn: (res: SrfMessage) => void): void };
type RequestWithCallback = (uri: string, opts: UacOptions, cb: (err: (Error & { code?: string }) | null, req: Sent) => void) => void;

/** Sends `opts` to `uri`; resolves with the final response, or null after `noAnswerMs`. */
export function requestFinal(srf: SrfApp, uri: string, opts: UacOptions, noAnswerMs: number): Promise<SrfMessage | null> {
  return new Promise((resolve, reject) => {
    (srf.request as unknown as RequestWithCallback)(uri, opts, (err, req) => {
      if (err) {
        reject(err);
        return;
      }
      const timer = setTimeout(() => resolve(null), noAnswerMs);
      timer.unref();
      req.on('response', (res) => {
        if (res.status < 200) return;
        clearTimeout(timer);
        resolve(res);
      });
    });
  });
}
