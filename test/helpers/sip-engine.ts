/**
 * Starts the embedded SIP engine in-process on ephemeral loopback ports for integration tests,
 * and connects unchanged drachtio-srf apps to it.
 */
import Srf from 'drachtio-srf';
import type { SrfApp } from '../../server/src/sip/srf-types.js';
import pino from 'pino';
import { SipEngine } from '../../engine/sip/src/core/engine.js';
import { ControlServer } from '../../engine/sip/src/control/server.js';

/** A running engine. */
export interface EngineHandle {
  readonly engine: SipEngine;
  readonly sipPort: number;
  readonly controlPort: number;
  readonly secret: string;
  stop(): Promise<void>;
}

/** Starts an engine on 127.0.0.1 with port 0 for SIP and control. */
export async function startEngine(opts: { t1?: number; logLevel?: pino.LevelWithSilent; pendingRequestMs?: number } = {}): Promise<EngineHandle> {
  const log = pino({ level: opts.logLevel ?? process.env.ENGINE_LOG ?? 'silent' });
  const t1 = opts.t1 ?? 500;
  const engine = new SipEngine({ host: '127.0.0.1', port: 0, log, timers: { T1: t1, T2: t1 * 8, T4: t1 * 10 }, pendingRequestMs: opts.pendingRequestMs });
  await engine.start();
  const secret = 'cymru';
  const control = new ControlServer({ host: '127.0.0.1', port: 0, secret, engine, log });
  const controlPort = await control.listen();
  return {
    engine, sipPort: engine.transport.port, controlPort, secret,
    async stop() {
      await control.close();
      engine.stop();
    },
  };
}

/** Connects a drachtio-srf app to the engine and waits for `connect`. */
export async function connectSrf(h: { controlPort: number; secret: string }, opts: Record<string, unknown> = {}): Promise<SrfApp> {
  const srf = new Srf() as unknown as SrfApp;
  await new Promise<void>((resolve, reject) => {
    srf.connect({ host: '127.0.0.1', port: h.controlPort, secret: h.secret, ...opts });
    srf.once('connect', (err: Error | null) => (err ? reject(err) : resolve()));
    srf.once('error', reject);
  });
  return srf;
}
