// The call-through service's digits through the media server (drachtio-fsmrf), the way the mailbox
// and the IVR collect them: the media server answers the caller, the prompt plays and the first key
// stops it, `#` ends the input. The caller stays on the endpoint until the carrier's leg answers;
// then IncomingCall.connect moves the caller there by re-INVITE and releases the endpoint.
import type { Logger } from 'pino';
import type { IncomingCall } from '../sip/calls/incoming-call.js';
import { CallerGone, MediaSession } from '../voicemail/media-session.js';
import type { DigitCollector } from './call-through.js';

/** A DigitCollector on the media server the call layer is connected to. */
export function mediaDigitCollector(log: Logger): DigitCollector {
  return {
    async collect(call: IncomingCall, o): Promise<string | null> {
      const ep = await call.answerWithMedia();
      if (!ep) return null;
      // Never log the digits: they may be a PIN (CONVENTIONS §2.6).
      const s = new MediaSession(call, ep, o.language, log.child({ callId: call.callId }));
      try {
        const digits = await s.ask(o.prompts, { max: o.maxDigits, timeoutSec: o.timeoutSec, terminators: '#' });
        return digits === '' ? null : digits;
      } catch (err) {
        if (err instanceof CallerGone) return null;
        throw err;
      }
    },
  };
}
