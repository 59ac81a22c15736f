// Registration at carriers (issue 8 item 1): REGISTER through srf with digest credentials (srf
// answers the 401/407 itself), refresh before the granted lifetime ends, back off on failure.
// The state lives in memory only and is what `zentrale trunk status` shows. Calls never wait for
// it: an emergency call goes out whatever the registration state (caller-id.md §6).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { SiteConfig, Trunk } from '../config/dialplan/index.js';
import type { EventBus } from '../events/bus.js';
import type { SrfApp, SrfMessage } from '../sip/srf-types.js';
import { requestFinal } from '../sip/final-response.js';
import { trunkUri } from './addressing.js';
import { backoffDelayMs, DEFAULT_BACKOFF, grantedExpiresSec, refreshDelayMs, retryAfterSec, type BackoffLimits } from './registration-timing.js';

/** Where a carrier registration stands. */
export type RegistrationState = 'registering' | 'registered' | 'failed' | 'unregistered';

/** What `zentrale trunk status` shows of one trunk's registration. */
export interface RegistrationStatus {
  readonly state: RegistrationState;
  /** epoch ms of the last successful REGISTER */
  readonly registeredAt: number | null;
  /** epoch ms when the carrier's binding runs out */
  readonly expiresAt: number | null;
  /** lifetime granted by the carrier on the last success */
  readonly grantedSec: number | null;
  /** the last final response: status and reason phrase */
  readonly lastStatus: number | null;
  readonly lastReason: string | null;
  /** consecutive failures */
  readonly failures: number;
  /** epoch ms of the next REGISTER (refresh or retry) */
  readonly nextAttemptAt: number | null;
  /** successful REGISTERs since start */
  readonly registrations: number;
}

/** Options of the registrations. */
export interface RegistrationOptions {
  readonly srf: SrfApp;
  readonly log: Logger;
  readonly now: () => number;
  readonly bus?: EventBus;
  readonly backoff?: BackoffLimits;
  /** random source for back-off jitter, [0, 1) */
  readonly random?: () => number;
  /** longest wait for a final response before counting a failure */
  readonly responseTimeoutMs?: number;
}

interface Entry {
  readonly trunk: Trunk;
  readonly key: string;
  readonly callId: string;
  cseq: number;
  timer: NodeJS.Timeout | undefined;
  stopped: boolean;
  status: RegistrationStatus;
}

const INITIAL: RegistrationStatus = {
  state: 'registering', registeredAt: null, expiresAt: null, grantedSec: null, lastStatus: null, lastReason: null,
  failures: 0, nextAttemptAt: null, registrations: 0,
};

// What makes a registration a different one: a change of any of these starts it afresh.
function keyOf(t: Trunk): string {
  return JSON.stringify([t.host, t.port, t.transport, t.register?.username, t.register?.password, t.register?.expiresSec]);
}

/** Registrations of every trunk that has `register:`, kept in step with the site config. */
export class TrunkRegistrations {
  private readonly entries = new Map<string, Entry>();
  private readonly backoff: BackoffLimits;

  constructor(private readonly o: RegistrationOptions) {
    this.backoff = o.backoff ?? DEFAULT_BACKOFF;
  }

  /** Starts, restarts or ends registrations so that they match the site's trunks. */
  sync(site: SiteConfig): void {
    const wanted = new Map<string, Trunk>(site.trunks.filter((t) => t.register?.password).map((t) => [t.id, t]));
    for (const [id, e] of this.entries) {
      const next = wanted.get(id);
      if (!next || keyOf(next) !== e.key) {
        this.entries.delete(id);
        this.end(e, true).catch((err: unknown) => this.o.log.error({ err, trunk: id }, 'ending a registration failed'));
      }
    }
    for (const [id, trunk] of wanted) {
      if (this.entries.has(id)) continue;
      const e: Entry = { trunk, key: keyOf(trunk), callId: `${randomUUID()}@zentrale`, cseq: 1, timer: undefined, stopped: false, status: INITIAL };
      this.entries.set(id, e);
      this.send(e);
    }
  }

  /** The registration status of a trunk, undefined when it does not register. */
  status(trunk: string): RegistrationStatus | undefined {
    return this.entries.get(trunk)?.status;
  }

  /** Ends every registration (REGISTER with Expires: 0), waiting a moment for the answers. */
  async stop(): Promise<void> {
    const ending = [...this.entries.values()].map((e) => this.end(e, true));
    this.entries.clear();
    await Promise.all(ending);
  }

  private update(e: Entry, patch: Partial<RegistrationStatus>): void {
    const before = e.status.state;
    e.status = { ...e.status, ...patch };
    if (e.status.state !== before || patch.state === 'failed') {
      this.o.bus?.emit('trunk.registration', {
        trunk: e.trunk.id, state: e.status.state,
        expiresSec: e.status.state === 'registered' ? e.status.grantedSec : null,
        status: e.status.state === 'failed' ? e.status.lastStatus : null,
      });
    }
  }

  private schedule(e: Entry, delayMs: number): void {
    if (e.stopped) return;
    if (e.timer) clearTimeout(e.timer);
    this.update(e, { nextAttemptAt: this.o.now() + delayMs });
    e.timer = setTimeout(() => this.send(e), delayMs);
    e.timer.unref();
  }

  private send(e: Entry, expiresSec: number = e.trunk.register?.expiresSec ?? 600): void {
    if (e.stopped) return;
    e.timer = undefined;
    this.request(e, expiresSec).then(
      (res) => this.handle(e, res, expiresSec),
      (err: unknown) => this.failed(e, null, err instanceof Error ? err.message : String(err), undefined),
    );
  }

  private request(e: Entry, expiresSec: number): Promise<SrfMessage> {
    const reg = e.trunk.register!;
    const aor = `sip:${reg.username}@${e.trunk.host}`;
    const transport = e.trunk.transport === 'udp' ? '' : `;transport=${e.trunk.transport}`;
    e.cseq += 1;
    return requestFinal(this.o.srf, trunkUri(e.trunk, null), {
      method: 'REGISTER',
      headers: {
        From: `<${aor}>`, To: `<${aor}>`, 'Call-ID': e.callId, CSeq: `${e.cseq} REGISTER`,
        // `localhost` is replaced by the engine's own address (drachtio convention): the carrier
        // sends calls to the PBX, never to a device.
        Contact: `<sip:${reg.username}@localhost${transport}>`, Expires: String(expiresSec),
      },
      auth: { username: reg.username, password: reg.password ?? '' },
    }, this.o.responseTimeoutMs ?? 40_000).then((res) => {
      if (!res) throw new Error('no final response');
      return res;
    });
  }

  private handle(e: Entry, res: SrfMessage, requestedSec: number): void {
    const seq = Number(/^\s*(\d+)/.exec(res.get('CSeq') ?? '')?.[1] ?? NaN);
    if (Number.isFinite(seq) && seq > e.cseq) e.cseq = seq;
    if (e.stopped) return;
    if (res.status >= 200 && res.status < 300) {
      const contacts = res.get('Contact') ? [res.get('Contact')!] : [];
      const granted = grantedExpiresSec(contacts, res.get('Expires'), requestedSec, e.trunk.register!.username);
      if (granted <= 0) return this.failed(e, res.status, 'binding removed by the carrier', undefined);
      const now = this.o.now();
      if (e.status.state !== 'registered') this.o.log.info({ trunk: e.trunk.id, expiresSec: granted }, 'registered at the carrier');
      else this.o.log.debug({ trunk: e.trunk.id, expiresSec: granted }, 'registration at the carrier refreshed');
      this.update(e, {
        state: 'registered', registeredAt: now, expiresAt: now + granted * 1000, grantedSec: granted,
        lastStatus: res.status, lastReason: res.reason, failures: 0, registrations: e.status.registrations + 1,
      });
      this.schedule(e, refreshDelayMs(granted));
      return;
    }
    // RFC 3261 §10.2.8: 423 names the shortest lifetime the carrier accepts; ask again at once.
    const minExpires = Number(res.get('Min-Expires') ?? NaN);
    if (res.status === 423 && Number.isFinite(minExpires) && minExpires > requestedSec) {
      this.update(e, { lastStatus: res.status, lastReason: res.reason });
      this.send(e, minExpires);
      return;
    }
    this.failed(e, res.status, res.reason, retryAfterSec(res.get('Retry-After')));
  }

  private failed(e: Entry, status: number | null, reason: string, retryAfter: number | null | undefined): void {
    if (e.stopped) return;
    const failures = e.status.failures + 1;
    const delay = retryAfter ? retryAfter * 1000 : backoffDelayMs(failures, (this.o.random ?? Math.random)(), this.backoff);
    this.o.log.warn({ trunk: e.trunk.id, status, reason, failures, retryInMs: delay }, 'registration at the carrier failed');
    // A failed refresh leaves the carrier's binding in force until it expires.
    const stillValid = e.status.state === 'registered' && e.status.expiresAt !== null && e.status.expiresAt > this.o.now();
    this.update(e, { state: stillValid ? 'registered' : 'failed', lastStatus: status, lastReason: reason, failures });
    this.schedule(e, delay);
  }

  private async end(e: Entry, unregister: boolean): Promise<void> {
    e.stopped = true;
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    const was = e.status.state;
    e.status = { ...e.status, state: 'unregistered', nextAttemptAt: null };
    this.o.bus?.emit('trunk.registration', { trunk: e.trunk.id, state: 'unregistered', expiresSec: null, status: null });
    if (!unregister || was !== 'registered') return;
    try {
      await Promise.race([this.request(e, 0), new Promise((r) => setTimeout(r, 2000).unref())]);
      this.o.log.info({ trunk: e.trunk.id }, 'unregistered at the carrier');
    } catch (err) {
      this.o.log.warn({ err, trunk: e.trunk.id }, 'unregistering at the carrier failed');
    }
  }
}
