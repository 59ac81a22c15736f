/**
 * The hotline feature (issue 6 items 5-7 adapter side): the running ACD, the agent feature codes
 * (*41 log in, *42 log out, *43 pause/resume, *44 end wrap-up) and the internal routes the CLI
 * uses while the PBX runs, and the call flow of hotline calls (issue 7): waiting, offers, connect,
 * overflow, callback, and closing calls a crash left open.
 */
import type { Feature } from '../feature.js';
import { AcdService } from './acd-service.js';
import { HotlineCalls } from './hotline-calls.js';
import { agentServiceHandler, guardedFeatureRequest } from './agent-service.js';
import { StaffingAlarms } from './alarms.js';
import { deleteHotlineCalls, loadHotlineCalls, WaitingCallStore } from './waiting-store.js';
import type { AgentRequest } from './agent-requests.js';
import { z } from 'zod';

const requestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('login'), extension: z.string(), hotline: z.string().optional() }),
  z.strictObject({ kind: z.literal('logout'), extension: z.string(), hotline: z.string().optional(), force: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('pause'), extension: z.string(), reason: z.string().min(1).max(40), force: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('resume'), extension: z.string() }),
  z.strictObject({ kind: z.literal('wrap-up-end'), extension: z.string() }),
]);

/** Registers the hotline feature. */
export const hotlineFeature: Feature = async (ctx) => {
  const log = ctx.log.child({ component: 'acd' });
  const acd = await AcdService.create({ db: ctx.db, log, bus: ctx.bus, now: ctx.now, site: ctx.site });
  ctx.bus.on('config.applied', () => acd.reconfigure());

  // Calls that were waiting when the previous run died end now, with an outcome (issue 7 item 9):
  // their callers are gone with the old process, and no agent may stay offered for them.
  const lost = await loadHotlineCalls(ctx.db);
  if (lost.length > 0) {
    const at = ctx.now();
    acd.log(lost.map((r) => ({ at, hotline: r.hotline, event: 'lost', callId: r.call_id, caller: r.caller, detail: { reason: 'restart', waitSec: Math.max(0, (at - r.entered_at) / 1000), callback: r.callback !== null } })));
    await deleteHotlineCalls(ctx.db, lost.map((r) => r.call_id));
    log.warn({ calls: lost.length }, 'hotline calls left open by a previous run closed as lost');
  }
  const store = new WaitingCallStore(ctx.db, log);
  const flow = new HotlineCalls({ calls: ctx.calls, acd, store, log: ctx.log.child({ component: 'hotline-calls' }) });
  ctx.addExecutor('hotline', flow.execute);
  ctx.bus.on('acd.command', (c) => flow.command(c));
  // ZENTRALE_SMTP_URL / ZENTRALE_MAIL_FROM are shared with the voicemail e-mails.
  const mailConfig = ctx.config as { readonly smtpUrl?: string; readonly mailFrom?: string };
  const alarms = new StaffingAlarms({ calls: ctx.calls, log: ctx.log.child({ component: 'staffing-alarm' }), smtpUrl: mailConfig.smtpUrl, mailFrom: mailConfig.mailFrom });
  ctx.bus.on('acd.command', (c) => alarms.handle(c));
  ctx.bus.on('call.ended', (e) => flow.callEnded(e.callId));
  ctx.onStop(async () => {
    flow.stop();
    alarms.stop();
    await acd.stop();
    await store.flush();
  });

  const admin = (auth: string | undefined) => auth === `Bearer ${ctx.adminToken}`;
  ctx.http.post('/internal/acd/request', async (req, reply) => {
    if (!admin(req.headers.authorization)) return reply.code(401).send({ code: 'ZEN_UNAUTHORIZED' });
    const parsed = requestSchema.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ code: 'ZEN_BAD_REQUEST', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    return reply.send(acd.request(parsed.data as AgentRequest));
  });
  ctx.http.get('/internal/acd/hotline/:number', async (req, reply) => {
    if (!admin(req.headers.authorization)) return reply.code(401).send({ code: 'ZEN_UNAUTHORIZED' });
    const view = acd.status((req.params as { number: string }).number);
    return view ? reply.send(view) : reply.code(404).send({ code: 'ZEN_UNKNOWN_HOTLINE' });
  });

  // Feature codes from an agent's own phone, confirmed by a prompt (the reason phrase without media).
  const by = (call: { caller: { party: { kind: string; user?: { extension: string } } } }) => (call.caller.party.kind === 'user' ? call.caller.party.user!.extension : undefined);
  const outcomeText = (o: ReturnType<AcdService['request']>, done: string, prompt: string) => o.ok
    ? { kind: 'done' as const, prompt, text: done }
    : o.reason === 'last-agent'
      ? { kind: 'refused' as const, status: 403, prompt: 'hotline/last-agent', text: 'Last agent on duty' }
      : { kind: 'refused' as const, status: 403, prompt: 'common/invalid', text: o.reason === 'not-a-member' ? 'Not an agent of this hotline' : 'Not possible' };
  ctx.featureCodes.add('hotline-login', async (call, step) => {
    const ext = by(call);
    if (!ext || step.feature !== 'hotline-login') return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    return outcomeText(acd.request({ kind: 'login', extension: ext, hotline: step.hotline }), 'Logged in', 'hotline/logged-in');
  });
  // Logging out or pausing the last staffed agent asks for a confirming 1 (issue 7 item 6).
  ctx.featureCodes.add('hotline-logout', async (call, step) => {
    const ext = by(call);
    if (!ext || step.feature !== 'hotline-logout') return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    return guardedFeatureRequest(call, acd, log, { kind: 'logout', extension: ext, hotline: step.hotline });
  });
  ctx.featureCodes.add('hotline-pause', async (call) => {
    const ext = by(call);
    if (!ext) return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    const paused = acd.current.agents.get(ext)?.pauseReason != null;
    if (paused) return outcomeText(acd.request({ kind: 'resume', extension: ext }), 'Resumed', 'hotline/unpaused');
    return guardedFeatureRequest(call, acd, log, { kind: 'pause', extension: ext, reason: 'phone' });
  });
  ctx.featureCodes.add('agent-service', agentServiceHandler({ acd, guard: ctx.pinGuard, log: ctx.log.child({ component: 'agent-service' }), now: ctx.now }));
  ctx.featureCodes.add('wrap-up-end', async (call) => {
    const ext = by(call);
    if (!ext) return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    return outcomeText(acd.request({ kind: 'wrap-up-end', extension: ext }), 'Wrap-up ended', 'hotline/wrap-up-ended');
  });
};
