/**
 * The `ivr` route step (issue 4 item 4): the media server answers, the menu prompt plays and one
 * key is collected (the key stops the prompt); the chosen option is routed with `decideTarget` at
 * that moment (time plans, forwarding and registrations as they are now) and its steps run on the
 * same call. A `user` step rings with the caller's media-server SDP and moves the caller by
 * re-INVITE (IncomingCall.connect); a nested menu re-enters this executor on the same endpoint.
 */
import { decideTarget, explainForLog, targetForLog, type RouteStep } from '../routing/index.js';
import type { StepExecutor } from '../sip/calls/executors.js';
import { CallerGone, MediaSession } from '../voicemail/media-session.js';
import { ivrAction } from './decide.js';

/** The executor of `ivr` steps. */
export const ivrExecutor: StepExecutor<'ivr'> = async (call, step) => {
  const log = call.deps.log.child({ component: 'ivr', menu: step.menu });
  const site = call.deps.site();
  const menu = site.index.ivrMenus.get(step.menu);
  if (!menu) {
    log.warn('IVR menu no longer configured');
    call.reject(404, 'Not Found', 'no-ivr-menu');
    return true;
  }
  const ep = await call.answerWithMedia();
  if (!ep) {
    if (call.cancelled) call.endCancelled();
    else call.reject(480, 'Temporarily Unavailable', 'ivr-no-media');
    return true;
  }
  const party = call.caller.party;
  const s = new MediaSession(call, ep, party.kind === 'user' ? (party.user.language ?? site.site.language) : site.site.language, log);
  let steps: readonly RouteStep[] | undefined;
  try {
    for (let attempt = 1; steps === undefined; attempt++) {
      const key = await s.ask(menu.prompt, { max: 1, timeoutSec: menu.timeoutSec });
      const action = ivrAction(menu, attempt, key === '' ? { kind: 'timeout' } : { kind: 'digit', digit: key });
      switch (action.kind) {
        case 'retry':
          if (action.say) await s.say(action.say);
          break;
        case 'route':
        case 'give-up': {
          if (action.kind === 'give-up' && action.say) await s.say(action.say);
          if (!action.target) {
            log.info({ why: action.kind === 'give-up' ? action.why : 'none' }, 'IVR menu ended without a choice');
            await s.say('common/goodbye');
            call.hangupMedia();
            call.end(`ivr-${action.kind === 'give-up' ? action.why : 'ended'}`, null);
            return true;
          }
          const plan = decideTarget(action.target, call.deps.site(), call.deps.now(), call.deps.runtime());
          log.info({
            choice: action.kind === 'route' ? action.digit : action.why, target: targetForLog(action.target, site), steps: plan.steps.map((x) => x.kind),
          }, 'IVR option chosen');
          log.debug({ explain: explainForLog(plan.explain, site) }, 'IVR option routed');
          steps = plan.steps;
          break;
        }
      }
    }
  } catch (err) {
    if (!(err instanceof CallerGone)) throw err;
    return true;
  }
  await call.run(steps);
  return true;
};
