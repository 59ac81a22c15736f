/**
 * Dry runs for `zentrale route explain --to N [--from N] [--at ISO] --json` (issue 6 item 7):
 * what a call would do, as `{ steps: [{ kind, ... }], explain: [string] }`, without placing it.
 */
import type { SiteConfig } from '../config/dialplan/index.js';
import type { CallContext } from '../domain/call-context.js';
import { decideRoute } from './decide-route.js';
import { cleanNumber } from './normalize.js';
import type { RouteStep } from './route-step.js';
import type { RuntimeFacts } from './runtime-facts.js';

/** The JSON shape of a dry run. */
export interface RouteExplanation {
  readonly steps: readonly RouteStep[];
  readonly explain: readonly string[];
}

/**
 * The call a dry run simulates. `from` absent: a call without caller. `from` a user's extension:
 * that user dials `to`. Any other `from`: an external caller on the first trunk dialling `to` as
 * the carrier would send it; when `to` is an internal number (a citizen cannot dial one) the call
 * is simulated without caller instead.
 */
export function dryRunCall(args: { readonly to: string; readonly from?: string | undefined }, site: SiteConfig): CallContext {
  const to = cleanNumber(args.to);
  const from = args.from === undefined ? undefined : cleanNumber(args.from);
  if (from === undefined) return { from: { kind: 'system' }, to };
  if (site.index.users.has(from)) return { from: { kind: 'internal', extension: from }, to };
  const trunk = site.trunks[0];
  if (!trunk || site.index.internal.has(to)) return { from: { kind: 'system' }, to };
  return { from: { kind: 'trunk', trunk: trunk.id, number: from }, to };
}

/** The dry-run result for a call at an instant, as plain JSON-ready data. */
export function explainRoute(call: CallContext, site: SiteConfig, at: number, runtime?: RuntimeFacts): RouteExplanation {
  const plan = decideRoute(call, site, at, runtime);
  return { steps: plan.steps, explain: plan.explain };
}
