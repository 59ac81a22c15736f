// Writing the policy's header data as SIP header values, so the adapter sets strings and every
// leg type's exact headers can be pinned by golden tests (reported failure #8).
import type { CallerIdHeaders, FromIdentity } from './types.js';

// RFC 3261 §25.1 quoted-string: escape `"` and `\`; control characters have no place in a name.
function quoteDisplayName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').replace(/(["\\])/g, '\\$1');
  return `"${clean}"`;
}

function nameAddr(id: { readonly user: string; readonly host: string; readonly displayName?: string | null }): string {
  const uri = `<sip:${id.user}@${id.host}>`;
  return id.displayName === null || id.displayName === undefined || id.displayName === ''
    ? uri
    : `${quoteDisplayName(id.displayName)} ${uri}`;
}

/** Renders a From value without tag, e.g. `"Stadt Rosenheim" <sip:+49803162301@pbx.example>`. */
export function renderFrom(from: FromIdentity): string {
  return nameAddr(from);
}

// RFC 4458: the cause goes into the target's URI as a URI parameter, before any `?headers`.
function withCause(requestUri: string, cause: number): string {
  const q = requestUri.indexOf('?');
  return q < 0 ? `${requestUri};cause=${cause}` : `${requestUri.slice(0, q)};cause=${cause}${requestUri.slice(q)}`;
}

/**
 * The header values to set on the new leg, by header name. `requestUri` is the leg's Request-URI;
 * it becomes the History-Info target entry (RFC 7044 §9.1: the UAC adds an entry for its own
 * Request-URI), which is left out when no URI is given. Headers without a value are absent.
 */
export function renderCallerIdHeaders(h: CallerIdHeaders, requestUri?: string): Readonly<Record<string, string>> {
  const out: Record<string, string> = { From: nameAddr(h.from) };
  if (h.identity !== null) out[h.identity.header] = nameAddr(h.identity);
  if (h.privacy.length > 0) out['Privacy'] = h.privacy.join(';');
  if (h.diversion.length > 0) {
    out['Diversion'] = h.diversion
      .map((d) => `${nameAddr(d)};reason=${d.reason};counter=${d.counter};privacy=${d.privacy}`)
      .join(', ');
  }
  const entries = h.historyInfo.flatMap((e) => {
    switch (e.kind) {
      case 'diverting':
        return [`${nameAddr(e)};index=${e.index}`];
      case 'target':
        return requestUri === undefined ? [] : [`<${withCause(requestUri, e.cause)}>;index=${e.index};mp=${e.mp}`];
    }
  });
  if (entries.length > 0) out['History-Info'] = entries.join(', ');
  return out;
}
