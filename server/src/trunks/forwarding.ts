// Forwarding set at run time (issue 8 item 4): feature codes *21/#21, *67/#67, *61/#61 (routing
// parses them into `forward-set`/`forward-clear` steps), the CLI (`zentrale user forward`) and
// the stored state. The runtime facts are what routing reads; the store keeps them over a
// restart. A key set to null cancels the dialplan's forward as well (runtime-facts.ts).
import { z } from 'zod';
import type { Db } from '../store/db.js';
import type { ForwardDestination, ForwardingKind, UserFacts } from '../routing/index.js';
import type { FeatureHandler } from '../sip/calls/feature-executor.js';

/** A user's run-time forwarding, as routing reads it. */
export type Forwarding = NonNullable<UserFacts['forwarding']>;

const destination = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('internal'), number: z.string().regex(/^[0-9]{1,15}$/) }),
  z.strictObject({ kind: z.literal('external'), number: z.string().regex(/^\+[1-9][0-9]{3,14}$/) }),
]);
const storedForwarding = z.strictObject({
  always: destination.nullable().optional(),
  busy: destination.nullable().optional(),
  noAnswer: destination.nullable().optional(),
});

/** Reads a stored forwarding JSON value; anything unreadable counts as none (and is reported). */
export function parseForwarding(value: unknown): { forwarding: Forwarding; ok: boolean } {
  const r = storedForwarding.safeParse(value);
  return r.success ? { forwarding: r.data as Forwarding, ok: true } : { forwarding: {}, ok: false };
}

/** `forwarding` with one kind set (a destination) or cancelled (null). */
export function withForwarding(forwarding: Forwarding, which: ForwardingKind, dest: ForwardDestination | null): Forwarding {
  return { ...forwarding, [which]: dest };
}

/** Stored forwardings of every user (or one). */
export async function loadForwardings(db: Db, extension?: string): Promise<Map<string, { forwarding: Forwarding; ok: boolean }>> {
  let q = db.selectFrom('user_state').select(['extension', 'forwarding']);
  if (extension !== undefined) q = q.where('extension', '=', extension);
  const rows = await q.execute();
  return new Map(rows.map((r) => {
    let json: unknown;
    try {
      json = JSON.parse(r.forwarding);
    } catch {
      json = null;
    }
    return [r.extension, parseForwarding(json)];
  }));
}

/** Writes a user's forwarding, keeping the DND flag another feature writes in the same row. */
export async function saveForwarding(db: Db, extension: string, forwarding: Forwarding, now: number): Promise<void> {
  const json = JSON.stringify(forwarding);
  await db.insertInto('user_state').values({ extension, dnd: 0, forwarding: json, updated_at: now })
    .onConflict((oc) => oc.column('extension').doUpdateSet({ forwarding: json, updated_at: now })).execute();
}

const LABEL: Record<ForwardingKind, string> = { always: 'always', busy: 'on busy', noAnswer: 'on no answer' };

/** What the feature handlers need: the current forwarding of a user and how to change it. */
export interface ForwardingState {
  get(extension: string): Forwarding;
  set(extension: string, forwarding: Forwarding): Promise<void>;
}

/** The `forward-set` feature: *21<number>, *67<number>, *61<number>. */
export function forwardSetHandler(state: ForwardingState): FeatureHandler {
  return async (call, step) => {
    if (step.feature !== 'forward-set' || step.by === null) return { kind: 'refused', status: 403, prompt: 'forbidden', text: 'Forbidden' };
    await state.set(step.by, withForwarding(state.get(step.by), step.which, step.destination));
    call.deps.log.info({ extension: step.by, which: step.which, kind: step.destination.kind }, 'forwarding set by feature code');
    return { kind: 'done', prompt: 'forwarding-on', text: `Forwarding ${LABEL[step.which]} on` };
  };
}

/** The `forward-clear` feature: #21, #67, #61. */
export function forwardClearHandler(state: ForwardingState): FeatureHandler {
  return async (call, step) => {
    if (step.feature !== 'forward-clear' || step.by === null) return { kind: 'refused', status: 403, prompt: 'forbidden', text: 'Forbidden' };
    await state.set(step.by, withForwarding(state.get(step.by), step.which, null));
    call.deps.log.info({ extension: step.by, which: step.which }, 'forwarding cancelled by feature code');
    return { kind: 'done', prompt: 'forwarding-off', text: `Forwarding ${LABEL[step.which]} off` };
  };
}
