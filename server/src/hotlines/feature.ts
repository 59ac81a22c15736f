/**
 * The hotline feature (issue 6 items 5-7 adapter side): the running ACD, the agent feature codes
 * (*41 log in, *42 log out, *43 pause/resume, *44 end wrap-up) and the internal routes the CLI
 * uses while the PBX runs. The call flow of hotline calls builds on this (issue 7).
 */
import type { Feature } from '../feature.js';
import { AcdService } from './acd-service.js';
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
  ctx.onStop(() => acd.stop());

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

  // Feature codes from an agent's own phone. The spoken confirmation and the by-phone last-agent
  // confirmation come with the hotline call flow; until then the reason phrase tells the outcome.
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
  ctx.featureCodes.add('hotline-logout', async (call, step) => {
    const ext = by(call);
    if (!ext || step.feature !== 'hotline-logout') return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    return outcomeText(acd.request({ kind: 'logout', extension: ext, hotline: step.hotline }), 'Logged out', 'hotline/logged-out');
  });
  ctx.featureCodes.add('hotline-pause', async (call) => {
    const ext = by(call);
    if (!ext) return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    const paused = acd.current.agents.get(ext)?.pauseReason != null;
    return outcomeText(acd.request(paused ? { kind: 'resume', extension: ext } : { kind: 'pause', extension: ext, reason: 'phone' }), paused ? 'Resumed' : 'Paused', paused ? 'hotline/unpaused' : 'hotline/paused');
  });
  ctx.featureCodes.add('wrap-up-end', async (call) => {
    const ext = by(call);
    if (!ext) return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    return outcomeText(acd.request({ kind: 'wrap-up-end', extension: ext }), 'Wrap-up ended', 'hotline/unpaused');
  });
};
