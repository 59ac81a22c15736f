// §5.3 test 16 (party numbers), static half (presence.md, CONVENTIONS §2.6): no log call of the
// feature server at debug or above, and no child logger's bindings, has a field that names the
// other party of a call. Party numbers and URIs are in the call record; the log carries call ids,
// the acting user's extension, trunk ids, counts and kinds. Raw SIP may appear at trace only.
// The e2e half reads a whole day's log (test/e2e/callerid-call-through.test.ts).
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { createServerLogger } from '../../../server/src/main.js';

/** Field names that would carry a party's number, URI or raw SIP. */
const FORBIDDEN = new Set([
  'phone', 'number', 'numbers', 'msisdn', 'mobile', 'to', 'from', 'caller', 'callee', 'callerNumber', 'calledNumber', 'dialled',
  'party', 'remote', 'remoteUri', 'uri', 'contact', 'destination', 'forwardTo', 'headers', 'req', 'res', 'message', 'raw',
]);

/** Forbidden names that are fine where they are, and why. */
const ALLOWED: Readonly<Record<string, string>> = {
  'server/src/trunks/emergency.ts number': 'the emergency number dialled (110, 112): a public service, logged at warn by design',
  'server/src/trunks/identify.ts dialled': 'our own DDI the carrier called, or [number] when it is not ours (isOwnNumber)',
};

const LEVELS = new Set(['debug', 'info', 'warn', 'error', 'fatal', 'child']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every property name in an object literal, nested ones and those of spread object literals too. */
function keysOf(node: ts.Node, out: Array<{ key: string; line: number }>, file: ts.SourceFile): void {
  if (ts.isObjectLiteralExpression(node)) {
    for (const p of node.properties) {
      if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
        out.push({ key: p.name.text, line: file.getLineAndCharacterOfPosition(p.getStart(file)).line + 1 });
      }
    }
  }
  ts.forEachChild(node, (c) => keysOf(c, out, file));
}

/** The log fields of every logging call in `path`: `{ file key, line }`. */
function logFieldsOf(path: string, text: string): Array<{ where: string; line: number }> {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Array<{ where: string; line: number }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && LEVELS.has(node.expression.name.text)) {
      const first = node.arguments[0];
      if (first && ts.isObjectLiteralExpression(first)) {
        const keys: Array<{ key: string; line: number }> = [];
        keysOf(first, keys, file);
        for (const k of keys) found.push({ where: `${path} ${k.key}`, line: k.line });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

void t.test('§5.3 test 16 (party numbers): no log field at debug or above names the other party of a call', async (t) => {
  const root = process.cwd();
  const files = [...sources(join(root, 'server/src')), ...sources(join(root, 'cli'))];
  t.ok(files.length > 50, 'the sources were found');
  const fields = files.flatMap((f) => logFieldsOf(relative(root, f), readFileSync(f, 'utf8')));
  t.ok(fields.length > 100, 'the log calls were found');
  const bad = fields.filter((f) => FORBIDDEN.has(f.where.split(' ')[1]!) && !(f.where in ALLOWED)).map((f) => `${f.where.split(' ')[0]}:${f.line} ${f.where.split(' ')[1]}`);
  t.same(bad, [], 'fields named like a party number, URI or raw SIP');
  const used = new Set(fields.map((f) => f.where));
  t.same(Object.keys(ALLOWED).filter((k) => !used.has(k)), [], 'every exception is still needed');
});

void t.test('the check sees shorthand, nested and spread fields, and ignores trace', async (t) => {
  const src = [
    "log.info({ callId, to }, 'a');",
    "log.debug({ sip: { from: x } }, 'b');",
    "log.warn({ ...(y ? { phone: n } : {}) }, 'c');",
    "const l = log.child({ callId, caller: n });",
    "log.trace({ raw: msg }, 'sip frame');",
  ].join('\n');
  t.same(logFieldsOf('x.ts', src).map((f) => f.where.split(' ')[1]).filter((k) => FORBIDDEN.has(k!)), ['to', 'from', 'phone', 'caller']);
});

void t.test('a failed leg\'s SipError is logged with its status, without the SIP response srf attaches', async (t) => {
  const srf = createRequire(new URL('../../../node_modules/drachtio-srf/lib/srf.js', import.meta.url));
  const SipError = srf('./sip_error') as new (status: number, reason: string) => Error & { res?: unknown };
  const SipMessage = srf('./sip-parser/message') as new (raw: string) => unknown;
  const err = new SipError(486, 'Busy Here');
  err.res = new SipMessage('SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\nFrom: <sip:+49803162301@pbx.test>;tag=1\r\n'
    + 'To: <sip:+4989123456@carrier.test>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n');
  let out = '';
  const log = createServerLogger('debug', new Writable({ write(c: Buffer, _e, cb) { out += c.toString(); cb(); } }));
  log.child({ component: 'hotline-calls' }).warn({ err, callId: 'c1' }, 'callback failed');
  const line = JSON.parse(out) as { err: Record<string, unknown> };
  t.match(line.err, { type: 'SipError', status: 486, reason: 'Busy Here' }, 'what failed stays');
  t.notOk('res' in line.err, 'the response is not logged');
  t.notMatch(out, /89123456|SIP\/2\.0|Via:/, 'no party number, no raw SIP');
});
