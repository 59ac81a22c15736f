/**
 * The small mod_dptools applications fsmrf and the mrf dialplan use: answer, set, multiset,
 * export, unset, hangup, sleep, park, log, send_dtmf, flush_dtmf, set_mute.
 */
import type { AppContext, AppDefinition } from '../channel/app-context.js';
import { parseHangupCause } from '../channel/states.js';
import { isDtmfDigit } from '../dtmf/index.js';
import { intArg } from './args.js';

/** `set name=value` semantics (base_set): no `=` or an empty value unsets. */
export function applySet(ctx: AppContext, assignment: string): void {
  const eq = assignment.indexOf('=');
  const name = (eq < 0 ? assignment : assignment.slice(0, eq)).trim();
  if (name === '') return;
  const value = eq < 0 ? undefined : assignment.slice(eq + 1);
  ctx.channel.vars.set(name, value);
}

/** Splits multiset data: `^^<d>a=1<d>b=2` uses delimiter `<d>`, otherwise spaces (multiset_function). */
export function multisetAssignments(data: string): string[] {
  let delimiter = ' ';
  let rest = data;
  if (rest.startsWith('^^') && rest.length >= 3) {
    delimiter = rest[2] as string;
    rest = rest.slice(3);
  }
  return rest.split(delimiter).filter((a) => a.trim() !== '');
}

function simple(name: string, run: (ctx: AppContext, arg: string) => void | Promise<void>, media = false): AppDefinition {
  return { name, media, run: async (ctx, arg) => run(ctx, arg) };
}

/** Waits `ms` milliseconds unless aborted; digits stay queued unless `eat` is set. */
function sleepFor(ctx: AppContext, ms: number, eat: boolean): Promise<void> {
  return new Promise((resolve) => {
    const detach = ctx.channel.digits.attach(() => eat);
    const done = (): void => {
      cancel();
      detach();
      ctx.signal.removeEventListener('abort', done);
      resolve();
    };
    const cancel = ctx.services.scheduler.after(Math.max(0, ms), done);
    if (ctx.signal.aborted) done();
    else ctx.signal.addEventListener('abort', done, { once: true });
  });
}

/** Applications that need no media loop of their own (sleep is the exception: it waits). */
export const basicApps: readonly AppDefinition[] = [
  simple('answer', (ctx) => ctx.channel.markAnswered(ctx.channel.rtp.media !== undefined)),
  simple('pre_answer', () => undefined),
  simple('ring_ready', () => undefined),
  simple('park', () => undefined),
  simple('set', (ctx, arg) => applySet(ctx, arg)),
  simple('multiset', (ctx, arg) => {
    for (const assignment of multisetAssignments(arg)) applySet(ctx, assignment);
  }),
  simple('unset', (ctx, arg) => ctx.channel.vars.unset(arg.trim())),
  simple('export', (ctx, arg) => {
    const local = !arg.startsWith('nolocal:');
    const assignment = local ? arg : arg.slice('nolocal:'.length);
    const name = assignment.split('=')[0]?.trim() ?? '';
    if (name === '') return;
    if (local) applySet(ctx, assignment);
    const exported = (ctx.channel.vars.get('export_vars') ?? '').split(',').filter((v) => v !== '');
    if (!exported.includes(name)) ctx.channel.vars.set('export_vars', [...exported, name].join(','));
  }),
  simple('hangup', (ctx, arg) => ctx.channel.hangup(parseHangupCause(arg))),
  simple('log', (ctx, arg) => ctx.services.log.info({ uuid: ctx.channel.uuid, text: arg }, 'dialplan log')),
  simple('info', (ctx) => ctx.services.log.info({ uuid: ctx.channel.uuid, vars: ctx.channel.vars.entries().length }, 'channel info')),
  simple('flush_dtmf', (ctx) => ctx.channel.digits.flush()),
  simple('set_mute', () => undefined),
  simple('send_dtmf', (ctx, arg) => {
    const [digits = '', duration] = arg.trim().split('@');
    const valid = digits.split('').filter(isDtmfDigit).join('');
    ctx.channel.rtp.sendDigits(valid, intArg(duration, 100));
  }),
  {
    name: 'sleep',
    media: true,
    run: (ctx, arg) => sleepFor(ctx, intArg(arg, 0), (ctx.channel.vars.get('sleep_eat_digits') ?? '') === 'true'),
  },
];
