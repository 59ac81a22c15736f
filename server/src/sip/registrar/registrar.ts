/**
 * The registrar (RFC 3261 §10.3) as drachtio-srf middleware: digest-authenticated REGISTER,
 * several contacts per device and several devices per user, expiry with 423 Interval Too Brief,
 * unregistration by Expires: 0 and by `*`.
 */
import type { Logger } from 'pino';
import type { Middleware, SrfRequest, SrfResponse } from '../srf-types.js';
import type { DigestAuthenticator } from './authenticator.js';
import { bindingId, type Binding, type LocationService } from './location.js';

/** Registrar limits. */
export interface RegistrarOptions {
  readonly auth: DigestAuthenticator;
  readonly location: LocationService;
  readonly now: () => number;
  readonly log: Logger;
  readonly minExpires?: number;
  readonly maxExpires?: number;
  readonly defaultExpires?: number;
  readonly maxBindingsPerAor?: number;
}

interface ContactSpec {
  readonly uri: string;
  readonly expires: number;
  readonly instance: string | null;
}

/** Parses Contact values into URI, expires and +sip.instance. */
export function parseContacts(values: readonly string[], defaultExpires: number): ContactSpec[] | undefined {
  const out: ContactSpec[] = [];
  for (const raw of values) {
    const v = raw.trim();
    const m = /^(?:"[^"]*"\s*|[^<"]*)?<([^>]+)>(.*)$/.exec(v) ?? /^([^;]+)(.*)$/.exec(v);
    if (!m) return undefined;
    const uri = m[1]!.trim();
    if (!/^sips?:/i.test(uri)) return undefined;
    const params = m[2] ?? '';
    const e = /;\s*expires\s*=\s*(\d+)/i.exec(params);
    const inst = /;\s*\+sip\.instance\s*=\s*"?<?([^">;]+)>?"?/i.exec(params);
    out.push({ uri, expires: e ? Number(e[1]) : defaultExpires, instance: inst ? inst[1]! : null });
  }
  return out;
}

/** Splits a Contact header at top-level commas. */
function splitContacts(header: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') depth++;
    else if (!quoted && c === '>') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      out.push(header.slice(start, i));
      start = i + 1;
    }
  }
  out.push(header.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** The REGISTER middleware. */
export function registrar(opts: RegistrarOptions): Middleware {
  const minExpires = opts.minExpires ?? 60;
  const maxExpires = opts.maxExpires ?? 3600;
  const defaultExpires = opts.defaultExpires ?? 3600;
  const maxBindings = opts.maxBindingsPerAor ?? 10;
  return (req: SrfRequest, res: SrfResponse) => {
    const who = opts.auth.authenticate(req, res, false);
    if (!who.ok) return;
    const now = opts.now();
    const aor = who.device.username;
    const toUser = /sips?:([^@;>]+)@/i.exec(req.get('To') ?? '')?.[1];
    // The AOR registered must be the authenticated device's (or its user's extension).
    if (toUser !== aor && toUser !== who.user.extension) {
      res.send(403);
      return;
    }
    const callId = req.get('Call-ID') ?? '';
    const cseq = Number(/^\s*(\d+)/.exec(req.get('CSeq') ?? '')?.[1] ?? 0);
    const contactHeader = req.get('Contact');
    const headerExpires = req.has('Expires') ? Number(req.get('Expires')) : undefined;
    const current = opts.location.ofAor(aor, now);
    if (contactHeader && contactHeader.trim() === '*') {
      // §10.3 step 6: `*` removes every binding; the engine already refused it with Expires != 0.
      opts.location.remove(current.map((b) => b.id), 'unregistered');
      return reply(res, [], now);
    }
    if (contactHeader) {
      const contacts = parseContacts(splitContacts(contactHeader), headerExpires ?? defaultExpires);
      if (!contacts) {
        res.send(400, 'Invalid Contact');
        return;
      }
      const brief = contacts.find((c) => c.expires > 0 && c.expires < minExpires);
      if (brief) {
        res.send(423, 'Interval Too Brief', { headers: { 'Min-Expires': String(minExpires) } });
        return;
      }
      const remove: string[] = [];
      for (const c of contacts) {
        const id = bindingId(aor, c.uri);
        const existing = opts.location.get(id);
        // §10.3 step 7: a request with the same Call-ID and a CSeq not higher is out of order.
        if (existing && existing.callId === callId && cseq <= existing.cseq) continue;
        if (c.expires === 0) {
          remove.push(id);
          continue;
        }
        const b: Binding = {
          id, aor, extension: who.user.extension, contact: c.uri, expiresAt: now + Math.min(c.expires, maxExpires) * 1000,
          callId, cseq, protocol: String(req.protocol || 'udp'), sourceAddress: req.source_address, sourcePort: Number(req.source_port),
          receivedOn: req.receivedOn ?? '', instance: c.instance, userAgent: req.get('User-Agent') ?? null, updatedAt: now, missedKeepalives: 0,
        };
        // A device that re-registers with the same instance id replaces its old contact (RFC 5626 §6).
        if (c.instance) for (const o of current) if (o.instance === c.instance && o.id !== id) remove.push(o.id);
        opts.location.put(b, existing ? 'refreshed' : 'registered');
      }
      opts.location.remove(remove, 'unregistered');
      const live = opts.location.ofAor(aor, now).sort((a, b) => a.updatedAt - b.updatedAt);
      if (live.length > maxBindings) opts.location.remove(live.slice(0, live.length - maxBindings).map((b) => b.id), 'unregistered');
    }
    reply(res, opts.location.ofAor(aor, now), now);
  };
}

function reply(res: SrfResponse, bindings: readonly Binding[], now: number): void {
  const headers: Record<string, string> = { Date: new Date(now).toUTCString() };
  if (bindings.length) headers.Contact = bindings.map((b) => `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`).join(', ');
  res.send(200, { headers });
}
