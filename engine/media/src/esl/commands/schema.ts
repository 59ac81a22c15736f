/**
 * ESL commands as typed values, validated with zod (CONVENTIONS §2.4: bad commands get
 * `-ERR <reason>` and the connection stays up). Each schema's messages are the exact error texts
 * mod_event_socket.c replies with, so a client sees the same `-ERR` as from FreeSWITCH.
 */
import { z } from 'zod';
import { normaliseEventName } from '../../events/index.js';

/** Raw material for one command: the verb, the rest of the first line, headers and body. */
export interface CommandInput {
  readonly verb: string;
  readonly rest: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string | undefined;
}

const words = (text: string): string[] => text.trim().split(/\s+/).filter((w) => w !== '');

/** `auth <password>` */
export const authSchema = z.object({ rest: z.string() }).transform(({ rest }) => ({ kind: 'auth' as const, password: rest }));

/** `event [plain|json|xml] <names…> [CUSTOM <subclasses…>]` */
export const eventSchema = z.object({ rest: z.string() }).transform(({ rest }, ctx) => {
  let list = words(rest);
  let format: 'plain' | 'json' | 'xml' | undefined;
  const first = list[0]?.toLowerCase();
  if (first === 'plain' || first === 'json' || first === 'xml') {
    format = first;
    list = list.slice(1);
  }
  const names: string[] = [];
  const custom: string[] = [];
  let inCustom = false;
  for (const word of list) {
    if (inCustom) {
      custom.push(word);
      continue;
    }
    const name = normaliseEventName(word);
    if (!name) continue;
    names.push(name);
    if (name === 'CUSTOM') inCustom = true;
  }
  if (names.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'no keywords supplied' });
    return z.NEVER;
  }
  return { kind: 'event' as const, format, names, custom };
});

/** `nixevent <names…> [CUSTOM <subclasses…>]` */
export const nixeventSchema = z.object({ rest: z.string() }).transform(({ rest }, ctx) => {
  const names: string[] = [];
  const custom: string[] = [];
  let inCustom = false;
  for (const word of words(rest)) {
    if (inCustom) {
      custom.push(word);
      continue;
    }
    const name = normaliseEventName(word);
    if (!name) continue;
    names.push(name);
    if (name === 'CUSTOM') inCustom = true;
  }
  if (names.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'no keywords supplied' });
    return z.NEVER;
  }
  return { kind: 'nixevent' as const, names, custom };
});

/** `filter [add] <header> <value>`, `filter delete <header> [<value>]`, `filter delete all` */
export const filterSchema = z.object({ rest: z.string() }).transform(({ rest }, ctx) => {
  const text = rest.replace(/^ +/, '');
  const space = text.indexOf(' ');
  let header = space < 0 ? text : text.slice(0, space);
  let value: string | undefined = space < 0 ? undefined : text.slice(space + 1);
  if (header.toLowerCase() === 'delete' && value !== undefined) {
    const s = value.indexOf(' ');
    header = s < 0 ? value : value.slice(0, s);
    const v = s < 0 ? undefined : value.slice(s + 1);
    return { kind: 'filter-delete' as const, header, value: v };
  }
  if (value === undefined || header === '') {
    ctx.addIssue({ code: 'custom', message: 'invalid syntax' });
    return z.NEVER;
  }
  if (header.toLowerCase() === 'add') {
    const s = value.indexOf(' ');
    header = s < 0 ? value : value.slice(0, s);
    value = s < 0 ? '' : value.slice(s + 1);
  }
  return { kind: 'filter-add' as const, header, value };
});

/** `api <command> [<args>]` and `bgapi <command> [<args>]` (with optional `Job-UUID` header). */
export const apiSchema = z.object({ rest: z.string(), background: z.boolean(), jobUuid: z.string().optional() }).transform(({ rest, background, jobUuid }, ctx) => {
  const text = rest.trim();
  if (text === '') {
    ctx.addIssue({ code: 'custom', message: 'command not found' });
    return z.NEVER;
  }
  const space = text.indexOf(' ');
  const command = space < 0 ? text : text.slice(0, space);
  const args = space < 0 ? '' : text.slice(space + 1);
  return background ? { kind: 'bgapi' as const, command, args, jobUuid } : { kind: 'api' as const, command, args };
});

/** `linger [<seconds>]` */
export const lingerSchema = z.object({ rest: z.string() }).transform(({ rest }) => {
  const n = Number.parseInt(rest.trim(), 10);
  return { kind: 'linger' as const, seconds: Number.isFinite(n) ? n : undefined };
});

/** `log [<level>]` */
export const logSchema = z.object({ rest: z.string() }).transform(({ rest }, ctx) => {
  const level = rest.trim() || 'debug';
  const levels = ['console', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug', '0', '1', '2', '3', '4', '5', '6', '7'];
  if (!levels.includes(level.toLowerCase())) {
    ctx.addIssue({ code: 'custom', message: 'invalid log level' });
    return z.NEVER;
  }
  return { kind: 'log' as const, level };
});

/** `myevents [<uuid>] [plain|json|xml]` */
export const myeventsSchema = z.object({ rest: z.string() }).transform(({ rest }) => {
  const list = words(rest);
  const formats = ['plain', 'json', 'xml'];
  const format = list.find((w) => formats.includes(w.toLowerCase()))?.toLowerCase() as 'plain' | 'json' | 'xml' | undefined;
  const uuid = list.find((w) => !formats.includes(w.toLowerCase()));
  return { kind: 'myevents' as const, uuid, format };
});

/** `divert_events on|off` */
export const divertSchema = z.object({ rest: z.string() }).transform(({ rest }, ctx) => {
  const value = rest.trim();
  if (value === '') {
    ctx.addIssue({ code: 'custom', message: 'missing value.' });
    return z.NEVER;
  }
  return { kind: 'divert_events' as const, on: value.toLowerCase() === 'on' };
});

/** `sendmsg [<uuid>]` with call-command headers (or a `session-id` header). */
export const sendmsgSchema = z.object({
  rest: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.string().optional(),
}).transform(({ rest, headers, body }) => {
  const header = (name: string): string | undefined => headers.find(([k]) => k.toLowerCase() === name)?.[1];
  const uuid = rest.trim() || header('session-id') || undefined;
  return { kind: 'sendmsg' as const, uuid, headers, body };
});

/** `sendevent <name>` with headers and an optional body. */
export const sendeventSchema = z.object({
  rest: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.string().optional(),
}).transform(({ rest, headers, body }) => ({ kind: 'sendevent' as const, name: normaliseEventName(rest.trim()) ?? 'CUSTOM', headers, body }));

/** `getvar <name>` */
export const getvarSchema = z.object({ rest: z.string() }).transform(({ rest }) => ({ kind: 'getvar' as const, name: rest.trim() }));

/** Every command this server understands. */
export type EslCommand =
  | z.output<typeof authSchema>
  | z.output<typeof eventSchema>
  | z.output<typeof nixeventSchema>
  | z.output<typeof filterSchema>
  | z.output<typeof apiSchema>
  | z.output<typeof lingerSchema>
  | z.output<typeof logSchema>
  | z.output<typeof myeventsSchema>
  | z.output<typeof divertSchema>
  | z.output<typeof sendmsgSchema>
  | z.output<typeof sendeventSchema>
  | z.output<typeof getvarSchema>
  | SimpleCommand;

/** Commands without arguments. */
export type SimpleCommand =
  | { readonly kind: 'exit' }
  | { readonly kind: 'noevents' }
  | { readonly kind: 'nolinger' }
  | { readonly kind: 'nolog' }
  | { readonly kind: 'connect' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'userauth' };
