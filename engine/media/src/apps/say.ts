/**
 * `say <lang> <type> <method> [<gender>] <text>` (mod_dptools say, as fsmrf's Endpoint#say sends
 * it): NUMBER, ITEMS, PERSONS and MESSAGES, pronounced or iterated, from the prompt parts of
 * assets/prompts/<lang>/. Files resolve against `sound_prefix` when the channel has one (the
 * language's sound prefix in FreeSWITCH), else `<soundsDir>/<lang>/`.
 */
import type { AppContext, AppDefinition } from '../channel/app-context.js';
import { digitPrompts, numberPrompts, type SayLanguage } from '../prompts/index.js';
import { splitArgs } from './args.js';
import { playFile } from './play-file.js';

const COUNTABLE = new Set(['NUMBER', 'ITEMS', 'PERSONS', 'MESSAGES']);

async function runSay(ctx: AppContext, arg: string): Promise<void> {
  const { channel } = ctx;
  const argv = splitArgs(arg);
  const lang = (argv[0] ?? '').split(':').pop()?.slice(0, 2).toLowerCase();
  const type = (argv[1] ?? '').toUpperCase();
  const method = (argv[2] ?? '').toLowerCase();
  const hasGender = ['MASCULINE', 'FEMININE', 'NEUTER'].includes((argv[3] ?? '').toUpperCase());
  const text = argv.slice(hasGender ? 4 : 3).join(' ');
  if ((lang !== 'de' && lang !== 'en') || !COUNTABLE.has(type) || text === '') {
    ctx.services.log.warn({ uuid: channel.uuid, arg }, 'say: unsupported language, type or text');
    return;
  }
  const digits = text.replace(/[,\s]/g, '');
  let ids: string[];
  try {
    ids = method === 'iterated' ? digitPrompts(digits) : numberPrompts(Number(digits), lang as SayLanguage, { feminine: (argv[3] ?? '').toUpperCase() === 'FEMININE' });
  } catch {
    ctx.services.log.warn({ uuid: channel.uuid, text }, 'say: number out of range');
    return;
  }
  const prefix = channel.vars.get('sound_prefix') ? '' : `${lang}/`;
  for (const id of ids) {
    const result = await playFile(ctx, `${prefix}${id}.wav`);
    if (result.kind !== 'played' || result.status === 'break' || result.status === 'hangup') return;
  }
}

/** The `say` application. */
export const sayApp: AppDefinition = { name: 'say', media: true, run: runSay };
