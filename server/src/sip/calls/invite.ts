/**
 * The INVITE pipeline (CONVENTIONS §2.2, after jambonz): identify the caller (trunk identifiers
 * first, then digest authentication of devices), decide the route (pure), then run one executor
 * per step kind. A failure stays inside its call: the last catch answers 500 if nothing was
 * answered yet.
 */
import { decideRoute, explainForLog } from '../../routing/index.js';
import type { Middleware, SrfRequest, SrfResponse } from '../srf-types.js';
import type { CallDeps } from './deps.js';
import type { Identified } from './executors.js';
import { IncomingCall } from './incoming-call.js';

/** Who is calling: a trunk identifier's verdict, else an authenticated user of the site. */
async function identify(deps: CallDeps, req: SrfRequest, res: SrfResponse): Promise<Identified | undefined> {
  for (const id of deps.identifiers) {
    const r = await id(req, res);
    if (r === 'handled') return undefined;
    if (r) return r;
  }
  const who = deps.auth.authenticate(req, res, true);
  if (!who.ok) return undefined;
  return { party: { kind: 'user', user: who.user }, origin: { kind: 'internal', extension: who.user.extension }, direction: 'internal' };
}

/** The final INVITE handler: identify, decide, execute. */
export function inviteHandler(deps: CallDeps): Middleware {
  return (req, res) => {
    handleInvite(deps, req, res).catch((err: unknown) => {
      deps.log.error({ err, callId: req.get('Call-ID') }, 'call handling failed');
      if (!res.finalResponseSent) res.send(500);
    });
  };
}

async function handleInvite(deps: CallDeps, req: SrfRequest, res: SrfResponse): Promise<void> {
  const caller = await identify(deps, req, res);
  if (!caller) return;
  const site = deps.site();
  // Phones escape '#' as %23 in the user part (#31#, #21): routing sees what was dialled.
  const rawDialled = req.calledNumber || (/sips?:([^@;>]+)/.exec(req.uri)?.[1] ?? '');
  let dialled = rawDialled;
  try {
    dialled = decodeURIComponent(rawDialled);
  } catch {
    // A malformed escape stays as it came.
  }
  const plan = decideRoute({ from: caller.origin, to: dialled }, site, deps.now(), deps.runtime());
  const log = deps.log.child({ callId: req.get('Call-ID') });
  // The trail names who called and what was dialled; the log keeps neither (§5.3 test 16).
  log.debug({ explain: explainForLog(plan.explain, site) }, 'route decided');
  const first = plan.steps[0];
  // A member of staff calling from the private mobile is recorded as `mobile:<extension>`: the
  // private number is never stored as a caller identity (issue 8 item 7).
  const staffMobile = caller.party.kind === 'external' && caller.party.number ? site.index.mobiles.get(caller.party.number) : undefined;
  const callerName = caller.party.kind === 'user' ? caller.party.user.extension
    : staffMobile ? `mobile:${staffMobile.extension}` : (caller.party.number ?? 'anonymous');
  const rec = deps.recorder.start({
    callId: req.get('Call-ID') ?? '', caller: callerName, dialled,
    callee: first?.kind === 'user' ? first.extension : dialled,
    direction: caller.direction === 'internal' && (first?.kind === 'trunk' || first?.kind === 'emergency') ? 'outbound' : caller.direction,
  });
  await new IncomingCall({ ...deps, log }, req, res, caller, rec).run(plan.steps);
}
