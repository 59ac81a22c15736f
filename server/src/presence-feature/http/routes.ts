/**
 * The HTTP side of presence (issue 9 items 5 and 6): login, `GET /api/presence` for the
 * caller's viewer class, the user's own view and settings, the event stream over a WebSocket,
 * the switchboard's one-click transfer, the team panel's static files, and the route the CLI
 * calls after it changed presence facts in the store. Schemas are strict zod objects; a payload
 * with an extra property is a 500 of ours, never a leak.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { FeatureContext } from '../../feature.js';
import type { AbsenceReason, ManualStatus } from '../../presence/index.js';
import { mayReadAbsenceReason, summarizeHotline } from '../../presence/index.js';
import { loadSecrets } from '../../lib/secrets.js';
import { liveBridgesOf } from '../../sip/calls/live-bridges.js';
import { transferBlind } from '../../sip/calls/transfer.js';
import type { PresenceHub } from '../hub.js';
import { rulesOf } from '../hub.js';
import type { PresenceState } from '../state.js';
import type { PickupTokens } from '../sip/pickup-tokens.js';
import {
  absenceBody, absenceSchema, dndBody, errorBody, loginBody, ownView, presenceEntry, presenceList, statusBody, substituteBody, transferBody,
} from './schemas.js';
import { SESSION_COOKIE, Sessions, SESSION_MS, tokenOf } from './sessions.js';
import type { Session } from './sessions.js';
import { runStream } from './stream.js';
import { PresenceViews } from './views.js';

/** What the HTTP side needs. */
export interface HttpDeps {
  readonly hub: PresenceHub;
  readonly state: PresenceState;
  readonly tokens: PickupTokens;
  readonly log: Logger;
  /** Subscribes to rule changes (config applied); returns the unsubscribe function. */
  readonly onRules: (fn: () => void) => () => void;
}

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const ASSETS: Readonly<Record<string, string>> = { 'panel.js': 'text/javascript; charset=utf-8', 'panel.css': 'text/css; charset=utf-8' };
// The panel loads only its own files and talks only to this origin (no inline script).
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const ok = z.strictObject({ ok: z.literal(true) });
const hotlineSummary = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('counts'), hotline: z.string(), agents: z.int(), loggedIn: z.int(), ready: z.int() }),
  z.strictObject({ kind: z.literal('staffed'), hotline: z.string(), staffed: z.boolean() }),
  z.strictObject({ kind: z.literal('suppressed'), hotline: z.string() }),
]);

/** Adds the presence routes to the feature server's Fastify instance. */
export function presenceHttp(ctx: FeatureContext, deps: HttpDeps): void {
  const sessions = new Sessions(ctx.db, ctx.now);
  const views = new PresenceViews({ hub: deps.hub, site: ctx.site, now: ctx.now, tokens: deps.tokens });
  const adminToken = loadSecrets(ctx.config.dataDir).adminToken;
  const files = new Map(['panel.html', ...Object.keys(ASSETS)].map((f) => [f, readFileSync(`${WEB}${f}`, 'utf8')]));

  void ctx.http.register(async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler((err, _req, reply) => {
      if (hasZodFastifySchemaValidationErrors(err)) {
        return reply.code(400).send({ code: 'ZEN_BAD_REQUEST', issues: err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message ?? 'invalid' })) });
      }
      deps.log.error({ err }, 'presence API failed');
      return reply.code(500).send({ code: 'ZEN_INTERNAL' });
    });
    await app.register(websocket);

    const auth = (req: FastifyRequest, reply: FastifyReply): Session | undefined => {
      const s = sessions.get(tokenOf(req.headers));
      if (!s) void reply.code(401).send({ code: 'ZEN_UNAUTHORIZED' });
      return s;
    };

    app.get('/panel', async (_req, reply) => reply.header('content-security-policy', CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(files.get('panel.html')));
    app.get('/panel/:file', { schema: { params: z.strictObject({ file: z.enum(Object.keys(ASSETS) as [string, ...string[]]) }) } }, async (req, reply) => {
      return reply.header('content-security-policy', CSP).type(ASSETS[req.params.file]!).send(files.get(req.params.file));
    });

    app.post('/api/login', { schema: { body: loginBody, response: { 200: z.strictObject({ user: z.string(), token: z.string() }), 401: errorBody, 429: errorBody } } }, async (req, reply) => {
      const s = await sessions.login(req.body.extension, req.body.password, req.ip);
      if (s === 'locked') return reply.code(429).send({ code: 'ZEN_LOGIN_THROTTLED' });
      if (!s) return reply.code(401).send({ code: 'ZEN_LOGIN_FAILED' });
      deps.log.info({ extension: s.extension }, 'web login');
      void reply.header('set-cookie', `${SESSION_COOKIE}=${s.token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MS / 1000}`);
      return { user: s.extension, token: s.token };
    });
    app.post('/api/logout', { schema: { response: { 200: ok } } }, async (req, reply) => {
      const t = tokenOf(req.headers);
      if (t) sessions.logout(t);
      void reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
      return { ok: true as const };
    });

    app.get('/api/presence', { schema: { response: { 200: presenceList, 401: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      const viewer = views.viewerOf(s);
      return { viewer: { user: s.extension, name: views.nameOf(s.extension), operator: views.isOperator(s.extension) }, users: views.list(viewer) };
    });
    app.get('/api/presence/users/:user', { schema: { params: z.strictObject({ user: z.string().max(16) }), response: { 200: presenceEntry, 401: errorBody, 403: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      const viewer = views.viewerOf(s);
      // Unknown users and users one may not watch get the same answer (no enumeration).
      const e = ctx.site().index.users.has(req.params.user) ? views.entry(viewer, views.project(viewer, req.params.user)) : undefined;
      if (!e || req.params.user === s.extension) return reply.code(403).send({ code: 'ZEN_FORBIDDEN' });
      return e;
    });
    app.get('/api/presence/users/:user/absences', { schema: { params: z.strictObject({ user: z.string().max(16) }), response: { 200: z.array(absenceSchema), 401: errorBody, 403: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      if (!ctx.site().index.users.has(req.params.user) || !mayReadAbsenceReason(s.extension, req.params.user, rulesOf(ctx.site()))) {
        return reply.code(403).send({ code: 'ZEN_FORBIDDEN' });
      }
      return views.own(req.params.user).absences;
    });
    app.get('/api/presence/hotlines/:number', { schema: { params: z.strictObject({ number: z.string().max(16) }), response: { 200: hotlineSummary, 401: errorBody, 403: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      const summary = summarizeHotline(deps.hub.snapshot(), req.params.number, views.viewerOf(s), rulesOf(ctx.site()));
      if (summary.kind === 'refused') return reply.code(403).send({ code: 'ZEN_FORBIDDEN' });
      return summary;
    });

    app.get('/api/presence/me', { schema: { response: { 200: ownView, 401: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      return views.own(s.extension);
    });
    app.post('/api/presence/me/dnd', { schema: { body: dndBody, response: { 200: ok, 401: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      await deps.state.setDnd(s.extension, req.body.on);
      return { ok: true as const };
    });
    app.post('/api/presence/me/absences', { schema: { body: absenceBody, response: { 200: z.strictObject({ id: z.string() }), 400: errorBody, 401: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      const from = req.body.from ?? ctx.now();
      const until = req.body.until ?? null;
      if (until !== null && until <= from) return reply.code(400).send({ code: 'ZEN_BAD_REQUEST', issues: [{ path: '/until', message: 'must be after from' }] });
      return { id: await deps.state.addAbsence(s.extension, { reason: req.body.reason as AbsenceReason, from, until }) };
    });
    app.delete('/api/presence/me/absences', { schema: { response: { 200: ok, 401: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      await deps.state.clearAbsence(s.extension, null);
      return { ok: true as const };
    });
    app.delete('/api/presence/me/absences/:id', { schema: { params: z.strictObject({ id: z.uuid() }), response: { 200: ok, 401: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      await deps.state.clearAbsence(s.extension, req.params.id);
      return { ok: true as const };
    });
    app.put('/api/presence/me/status', { schema: { body: statusBody, response: { 200: ok, 401: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      await deps.state.setManual(s.extension, { status: req.body.status as ManualStatus, note: req.body.note ?? null, shareNote: req.body.shareNote ?? false });
      return { ok: true as const };
    });
    app.put('/api/presence/me/substitute', { schema: { body: substituteBody, response: { 200: ok, 400: errorBody, 401: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      const sub = req.body.substitute;
      if (sub !== null && (sub === s.extension || !ctx.site().index.users.has(sub))) {
        return reply.code(400).send({ code: 'ZEN_BAD_REQUEST', issues: [{ path: '/substitute', message: 'not a user of the site' }] });
      }
      await deps.state.setSubstitute(s.extension, sub);
      return { ok: true as const };
    });

    app.post('/api/switchboard/transfer', { schema: { body: transferBody, response: { 200: z.strictObject({ result: z.literal('transferred') }), 401: errorBody, 403: errorBody, 409: errorBody, 502: errorBody } } }, async (req, reply) => {
      const s = auth(req, reply);
      if (!s) return reply;
      if (!views.isOperator(s.extension)) return reply.code(403).send({ code: 'ZEN_FORBIDDEN' });
      const found = liveBridgesOf(ctx.srf).ofUser(s.extension);
      if (!found) return reply.code(409).send({ code: 'ZEN_NO_CALL' });
      const callId = `panel-transfer-${ctx.now()}`;
      const r = await transferBlind(ctx.calls, { referrer: found.own, other: found.other, bridge: found.live.bridge }, req.body.to, callId);
      // The log names the operator and the new call's id, not the party the call now goes to
      // (presence.md §5.3 test 16); the call record has it.
      if (r.status !== 200) {
        deps.log.info({ operator: s.extension, callId, status: r.status }, 'switchboard transfer failed');
        return reply.code(502).send({ code: 'ZEN_TRANSFER_FAILED' });
      }
      found.live.end('transferred');
      found.own.dialog.destroy().catch(() => undefined);
      deps.log.info({ operator: s.extension, callId }, 'call transferred from the switchboard');
      return { result: 'transferred' as const };
    });

    app.get('/api/presence/stream', { websocket: true }, (socket, req) => {
      // Cross-site WebSocket hijacking: a browser sends the Origin; it must be this host.
      const origin = req.headers.origin;
      if (origin !== undefined && origin.replace(/^https?:\/\//, '') !== req.headers.host) {
        socket.close(4403, 'origin not allowed');
        return;
      }
      const s = sessions.get(tokenOf(req.headers));
      if (!s) {
        socket.close(4401, 'login required');
        return;
      }
      runStream(socket, views.viewerOf(s), { hub: deps.hub, views, now: ctx.now, log: deps.log, onRules: deps.onRules, alive: () => sessions.get(s.token) !== undefined });
    });

    // The CLI changed presence facts in the store: read them again (admin token, like /internal/reload).
    app.post('/internal/presence/reload', { schema: { body: z.strictObject({ extension: z.string().max(16), passwordChanged: z.boolean().optional() }), response: { 200: ok, 401: errorBody } } }, async (req, reply) => {
      if (req.headers.authorization !== `Bearer ${adminToken}`) return reply.code(401).send({ code: 'ZEN_UNAUTHORIZED' });
      await deps.state.reloadUser(req.body.extension);
      // A new web password ends the user's sessions (someone else may have known the old one).
      if (req.body.passwordChanged === true) sessions.logoutUser(req.body.extension);
      return { ok: true as const };
    });
  });
}
