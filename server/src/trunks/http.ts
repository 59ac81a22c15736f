// Internal routes for the CLI (protected by the admin token like /internal/reload):
// GET /internal/trunks for `zentrale trunk status`, POST /internal/forwarding after
// `zentrale user forward` changed the store. Passwords never leave.
import type { FeatureContext } from '../feature.js';
import type { SiteConfig, Trunk } from '../config/dialplan/index.js';
import type { RegistrationStatus } from './registrations.js';

/** One trunk in `zentrale trunk status --json`. */
export interface TrunkStatus {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly transport: string;
  /** used for outbound and forwarded calls */
  readonly outbound: boolean;
  readonly identity: Trunk['identity'];
  /** null when the trunk does not register */
  readonly registration: RegistrationStatus | null;
}

/** The status of every trunk of the site. */
export function trunkStatuses(site: SiteConfig, registration: (id: string) => RegistrationStatus | undefined): TrunkStatus[] {
  return site.trunks.map((t) => ({
    id: t.id, host: t.host, port: t.port, transport: t.transport, outbound: site.outbound?.trunk === t.id,
    identity: t.identity, registration: registration(t.id) ?? null,
  }));
}

/** Adds the routes. `reloadForwarding` re-reads one user's forwarding from the store. */
export function trunkRoutes(ctx: FeatureContext, opts: {
  adminToken: string;
  statuses: () => TrunkStatus[];
  reloadForwarding: (extension: string) => Promise<unknown>;
}): void {
  const authorised = (h: string | undefined) => h === `Bearer ${opts.adminToken}`;
  ctx.http.get('/internal/trunks', async (req, reply) => {
    if (!authorised(req.headers.authorization)) return reply.code(401).send({ code: 'ZEN_UNAUTHORIZED' });
    return reply.send({ trunks: opts.statuses() });
  });
  ctx.http.post('/internal/forwarding', async (req, reply) => {
    if (!authorised(req.headers.authorization)) return reply.code(401).send({ code: 'ZEN_UNAUTHORIZED' });
    const ext = (req.body as { extension?: unknown } | undefined)?.extension;
    if (typeof ext !== 'string' || !ctx.site().index.users.has(ext)) return reply.code(400).send({ code: 'ZEN_UNKNOWN_USER' });
    return reply.send({ extension: ext, forwarding: await opts.reloadForwarding(ext) });
  });
}
