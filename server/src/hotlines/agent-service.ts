/**
 * Agents on any phone (issue 7 items 4 and 6): the agent service number (numbers.services.
 * agentService, or *45 from a registered phone) and the last-agent guard by phone.
 *
 * - Who calls: a registered device is already authenticated (its digest); from outside, the caller
 *   is recognised by the mobile stored for the user, otherwise asked for the extension, and always
 *   asked for the PIN by DTMF (a calling number is spoofable, caller-id.md §2.1). Wrong PINs count
 *   per user and per calling number with a lockout (pin-guard.ts); an unknown extension costs a
 *   try like a wrong PIN, so extensions cannot be probed.
 * - Then: log in, log out (per hotline or all) or pause/resume, confirmed by a prompt.
 * - Logging out or pausing the last staffed agent of a line with minAgents plays that they are the
 *   last one on duty and needs the digit 1; then it is forced and the staffing alarm goes out.
 */
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { Endpoint } from 'drachtio-fsmrf';
import type { Logger } from 'pino';
import type { SiteConfig, User } from '../config/dialplan/index.js';
import type { FeatureHandler, FeatureResult } from '../sip/calls/feature-executor.js';
import type { IncomingCall } from '../sip/calls/incoming-call.js';
import { originalCallerOfCall } from '../trunks/caller.js';
import type { AcdService } from './acd-service.js';
import type { AgentRequest } from './agent-requests.js';
import { pinKeys, type PinGuard } from '../lib/pin-guard.js';
import { promptFiles } from './queue-media.js';

/** PIN tries within one call before it is hung up. */
export const PIN_TRIES_PER_CALL = 3;

let dummy: Promise<string> | undefined;
/** A hash nobody knows the input of: an unknown extension is verified against it. */
function dummyHash(): Promise<string> {
  dummy ??= argon2Hash(randomBytes(16).toString('hex'));
  return dummy;
}

/** Plays prompts and collects digits on the caller's endpoint. */
export class Prompter {
  constructor(private readonly ep: Endpoint, private readonly lang: string, private readonly log: Logger) {}

  /** Plays prompts to the end. */
  async say(ids: readonly string[]): Promise<void> {
    const files = promptFiles(ids, this.lang, this.log);
    if (files.length) await this.ep.play(files).catch(() => undefined);
  }

  /**
   * Plays `prompts` and returns the digits (ended by `#` or `max`), '' for `#` alone, null on
   * timeout or hang-up. Every prompt takes digits (barge-in): a caller who types during a notice
   * before the question ("wrong PIN", then "enter your extension") is not ignored.
   */
  async ask(prompts: string | readonly string[], max: number, timeoutSec = 8): Promise<string | null> {
    const files = promptFiles(typeof prompts === 'string' ? [prompts] : prompts, this.lang, this.log);
    if (files.length === 0) return null;
    for (let i = 0; i < files.length; i++) {
      const last = i === files.length - 1;
      try {
        const r = await this.ep.playCollect({ file: files[i], min: 0, max, tries: 1, timeout: last ? timeoutSec * 1000 : 1, terminators: '#', digitTimeout: 4000, regexp: '\\d*' });
        if (r.digits) return r.digits;
        if (r.terminatorUsed === '#') return '';
      } catch {
        return null;
      }
    }
    return null;
  }
}

/** The prompt confirming a request that succeeded. */
function donePrompt(r: AgentRequest): string {
  switch (r.kind) {
    case 'login': return 'hotline/logged-in';
    case 'logout': return 'hotline/logged-out';
    case 'pause': return 'hotline/paused';
    case 'resume': return 'hotline/unpaused';
    case 'wrap-up-end': return 'hotline/wrap-up-ended';
  }
}

/**
 * Runs an agent request from a phone: on `last-agent` the caller hears that they are the last one
 * on duty and confirms with 1 (then the request is forced). Returns the prompt to end with.
 */
export async function requestByPhone(io: Prompter, acd: AcdService, r: AgentRequest): Promise<string> {
  const first = acd.request(r);
  if (first.ok) return donePrompt(r);
  if (first.reason !== 'last-agent' || (r.kind !== 'logout' && r.kind !== 'pause')) return 'common/invalid';
  const digit = await io.ask(r.kind === 'logout' ? 'hotline/last-agent' : 'hotline/last-agent-pause', 1, 10);
  if (digit !== '1') return 'common/goodbye';
  const forced = acd.request({ ...r, force: true });
  return forced.ok ? donePrompt(r) : 'common/invalid';
}

/** What the agent service needs. */
export interface AgentServiceDeps {
  readonly acd: AcdService;
  readonly guard: PinGuard;
  readonly log: Logger;
  readonly now: () => number;
}

function languageOf(site: SiteConfig, user: User | undefined): string {
  return user?.language ?? site.site.language;
}

async function hangUp(call: IncomingCall, io: Prompter, prompts: readonly string[], cause: string): Promise<FeatureResult> {
  await io.say(prompts);
  call.hangupMedia();
  call.end(cause, null);
  return { kind: 'handled' };
}

/** Finds out who calls: the device's user, or extension (unless recognised) and PIN by DTMF. */
async function identify(call: IncomingCall, io: Prompter, d: AgentServiceDeps, recognised: string | null): Promise<User | 'locked' | null> {
  const site = call.deps.site();
  const party = call.caller.party;
  if (party.kind === 'user') return party.user;
  const original = originalCallerOfCall(site, call.caller, call.req);
  const callingNumber = original.withheld ? null : original.number;
  let known = recognised === null ? undefined : site.index.users.get(recognised);
  // The notice of a wrong PIN is said before the next question, and takes digits like it.
  let notice: string[] = [];
  for (let i = 0; i < PIN_TRIES_PER_CALL; i++) {
    let claimed: string | null = known?.extension ?? null;
    if (!known) {
      claimed = await io.ask([...notice, 'hotline/enter-extension'], 8);
      if (claimed === null) return null;
      notice = [];
    }
    const keys = pinKeys(claimed === '' ? null : claimed, callingNumber);
    if (d.guard.locked(keys, d.now())) return 'locked';
    const pin = await io.ask([...notice, 'vm/enter-pin'], 12, 10);
    notice = [];
    if (pin === null) return null;
    const user = claimed === null ? undefined : site.index.users.get(claimed);
    // An unknown extension costs the same hash work as a wrong PIN (no probing by timing).
    const ok = await argon2Verify(user?.pinHash ?? (await dummyHash()), pin).catch(() => false) && user?.pinHash !== undefined;
    if (ok && user) {
      d.guard.succeeded(user.extension, d.now());
      return user;
    }
    d.log.info({ callId: call.callId, recognised: known !== undefined }, 'agent service: wrong PIN');
    if (d.guard.failed(keys, d.now())) {
      d.log.warn({ callId: call.callId }, 'agent service: locked after wrong PINs');
      return 'locked';
    }
    notice = ['vm/wrong-pin'];
    if (recognised === null) known = undefined;
  }
  await io.say(notice);
  return null;
}

/** The `agent-service` feature step (service DDI from outside, *45 from a phone). */
export function agentServiceHandler(d: AgentServiceDeps): FeatureHandler {
  return async (call, step): Promise<FeatureResult> => {
    if (step.feature !== 'agent-service') return { kind: 'refused', status: 403, prompt: 'common/invalid', text: 'Forbidden' };
    const site = call.deps.site();
    const ep = await call.answerWithMedia();
    // The PIN needs DTMF: without a media server the service is refused, never opened without it.
    if (!ep) return { kind: 'refused', status: 480, prompt: 'common/invalid', text: 'Agent service needs the media server' };
    const device = call.caller.party.kind === 'user' ? call.caller.party.user : undefined;
    let io = new Prompter(ep, languageOf(site, device), d.log);
    const who = await identify(call, io, d, step.by);
    if (who === 'locked') return hangUp(call, io, ['hotline/locked'], 'agent-service-locked');
    if (who === null) return hangUp(call, io, ['common/goodbye'], 'agent-service-not-identified');
    io = new Prompter(ep, languageOf(site, who), d.log);
    const hotlines = site.index.agentOf.get(who.extension) ?? [];
    if (hotlines.length === 0) return hangUp(call, io, ['common/invalid', 'common/goodbye'], 'agent-service-no-hotline');
    const choice = await io.ask('hotline/agent-menu', 1, 10);
    let request: AgentRequest | undefined;
    if (choice === '3') {
      const paused = d.acd.current.agents.get(who.extension)?.pauseReason != null;
      request = paused ? { kind: 'resume', extension: who.extension } : { kind: 'pause', extension: who.extension, reason: 'phone' };
    } else if (choice === '1' || choice === '2') {
      let hotline: string | undefined = hotlines[0];
      if (hotlines.length > 1) {
        const h = await io.ask('hotline/enter-hotline', 8, 10);
        if (h === null || (h !== '' && !hotlines.includes(h as (typeof hotlines)[number]))) return hangUp(call, io, ['common/invalid', 'common/goodbye'], 'agent-service-invalid');
        hotline = h === '' ? undefined : h;
      }
      request = choice === '1'
        ? { kind: 'login', extension: who.extension, ...(hotline ? { hotline } : {}) }
        : { kind: 'logout', extension: who.extension, ...(hotline ? { hotline } : {}) };
    }
    if (!request) return hangUp(call, io, ['common/invalid', 'common/goodbye'], 'agent-service-invalid');
    d.log.info({ callId: call.callId, extension: who.extension, request: request.kind }, 'agent service request');
    const prompt = await requestByPhone(io, d.acd, request);
    return hangUp(call, io, prompt === 'common/goodbye' ? [prompt] : [prompt, 'common/goodbye'], `feature-agent-service-${request.kind}`);
  };
}

/**
 * The by-phone variant of *42 and *43 from an agent's own phone: the request runs through the
 * last-agent confirmation when a media server is there; otherwise the phone's reason phrase says
 * it was refused (a phone without media cannot press 1).
 */
export async function guardedFeatureRequest(call: IncomingCall, acd: AcdService, log: Logger, r: AgentRequest & { kind: 'logout' | 'pause' }): Promise<FeatureResult> {
  const outcome = acd.request(r);
  if (outcome.ok) return { kind: 'done', prompt: donePrompt(r), text: r.kind === 'logout' ? 'Logged out' : 'Paused' };
  if (outcome.reason !== 'last-agent') return { kind: 'refused', status: 403, prompt: 'common/invalid', text: outcome.reason === 'not-a-member' ? 'Not an agent of this hotline' : 'Not possible' };
  const ep = await call.answerWithMedia();
  if (!ep) return { kind: 'refused', status: 403, prompt: 'hotline/last-agent', text: 'Last agent on duty' };
  const site = call.deps.site();
  const user = call.caller.party.kind === 'user' ? call.caller.party.user : undefined;
  const io = new Prompter(ep, languageOf(site, user), log);
  const digit = await io.ask(r.kind === 'logout' ? 'hotline/last-agent' : 'hotline/last-agent-pause', 1, 10);
  if (digit !== '1') return hangUp(call, io, ['common/goodbye'], 'feature-last-agent-kept');
  const forced = acd.request({ ...r, force: true });
  log.info({ callId: call.callId, extension: r.extension, request: r.kind }, 'last agent confirmed by phone');
  return hangUp(call, io, forced.ok ? [donePrompt(r)] : ['common/invalid'], `feature-${r.kind}-forced`);
}
