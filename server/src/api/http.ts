/**
 * The HTTP listener (Fastify): /healthz now; the REST API, WebSocket stream and web UI attach
 * here as plugins. Built without listening so tests can inject requests in-process.
 */
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';

/** What the HTTP layer reports and triggers. */
export interface HttpDeps {
  readonly log: Logger;
  /** Liveness details for /healthz. */
  readonly health: () => { sip: boolean; store: boolean; media: boolean | null; configVersion: number | undefined };
  /** Re-reads the stored configuration (called by the CLI after it changed the store). */
  readonly reload: () => Promise<{ version: number | undefined }>;
  /** Token the CLI presents for reloads (kept in the data directory, mode 600). */
  readonly adminToken: string;
}

/** Builds the Fastify instance. */
export function buildHttp(deps: HttpDeps) {
  const app = Fastify({ loggerInstance: deps.log.child({ component: 'http' }), logController: new LogController({ disableRequestLogging: true }) });
  app.get('/healthz', async (_req, reply) => {
    const h = deps.health();
    const ok = h.sip && h.store && h.media !== false;
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', ...h });
  });
  app.post('/internal/reload', async (req, reply) => {
    if (req.headers.authorization !== `Bearer ${deps.adminToken}`) return reply.code(401).send({ code: 'ZEN_UNAUTHORIZED' });
    return reply.send(await deps.reload());
  });
  return app;
}
