/**
 * Turns a command block into an {@link EslCommand}, or into the `-ERR` text FreeSWITCH would
 * send for it (parse_command in mod_event_socket.c; unknown commands: `-ERR command not found`).
 */
import type { CommandBlock } from '../framing.js';
import { blockHeader } from '../framing.js';
import {
  apiSchema, authSchema, divertSchema, type EslCommand, type SimpleCommand, eventSchema, filterSchema, getvarSchema, lingerSchema, logSchema,
  myeventsSchema, nixeventSchema, sendeventSchema, sendmsgSchema,
} from './schema.js';

/** Result of {@link parseCommand}. */
export type ParsedCommand = { readonly ok: true; readonly command: EslCommand } | { readonly ok: false; readonly reply: string };

const SIMPLE = new Set(['exit', 'noevents', 'nolinger', 'nolog', 'connect', 'resume', 'userauth']);

/** Parses one block. */
export function parseCommand(block: CommandBlock): ParsedCommand {
  const line = block.command.replace(/\r$/, '');
  const space = line.indexOf(' ');
  const verb = (space < 0 ? line : line.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : line.slice(space + 1);
  const headers = block.headers.map(([k, v]) => [k, v] as [string, string]);
  const fromBody = block.body;
  if (verb === '...') return { ok: true, command: { kind: 'exit' } };
  if (SIMPLE.has(verb)) return { ok: true, command: { kind: verb } as SimpleCommand };
  const attempt = (() => {
    switch (verb) {
      case 'auth': return authSchema.safeParse({ rest });
      case 'event': return eventSchema.safeParse({ rest });
      case 'nixevent': return nixeventSchema.safeParse({ rest });
      case 'filter': return filterSchema.safeParse({ rest });
      case 'api': return apiSchema.safeParse({ rest, background: false });
      case 'bgapi': return apiSchema.safeParse({ rest, background: true, jobUuid: blockHeader(block, 'job-uuid') });
      case 'linger': return lingerSchema.safeParse({ rest });
      case 'log': return logSchema.safeParse({ rest });
      case 'myevents': return myeventsSchema.safeParse({ rest });
      case 'divert_events': return divertSchema.safeParse({ rest });
      case 'sendmsg': return sendmsgSchema.safeParse({ rest, headers, body: fromBody });
      case 'sendevent': return sendeventSchema.safeParse({ rest, headers, body: fromBody });
      case 'getvar': return getvarSchema.safeParse({ rest });
      default: return undefined;
    }
  })();
  if (!attempt) return { ok: false, reply: '-ERR command not found' };
  if (!attempt.success) return { ok: false, reply: `-ERR ${attempt.error.issues[0]?.message ?? 'invalid syntax'}` };
  return { ok: true, command: attempt.data };
}
