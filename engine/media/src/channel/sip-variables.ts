/**
 * The `sip_*` channel variables mod_sofia derives from an incoming INVITE, computed from the
 * header values the SIP side hands over. Tolerant parsing: the SIP side has already validated
 * the message (RFC 3261 §8.2), this only picks fields apart.
 */

/** A SIP or SIPS URI split into the parts mod_sofia reports. */
export interface ParsedUri {
  readonly user: string | undefined;
  readonly host: string;
  readonly port: string | undefined;
}

/** A name-addr / addr-spec header value (From, To, Contact). */
export interface ParsedNameAddr {
  readonly display: string | undefined;
  readonly uri: ParsedUri;
  readonly tag: string | undefined;
}

/** Parses `sip:user@host:port;params` (RFC 3261 §19.1.1). */
export function parseSipUri(text: string): ParsedUri {
  let rest = text.trim().replace(/^sips?:/i, '');
  const headersAt = rest.indexOf('?');
  if (headersAt >= 0) rest = rest.slice(0, headersAt);
  const at = rest.lastIndexOf('@');
  const user = at >= 0 ? rest.slice(0, at).split(':')[0] : undefined;
  let hostport = (at >= 0 ? rest.slice(at + 1) : rest).split(';')[0] ?? '';
  let port: string | undefined;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    port = hostport.slice(close + 1).replace(/^:/, '') || undefined;
    hostport = hostport.slice(0, close + 1);
  } else if (hostport.includes(':')) {
    [hostport, port] = hostport.split(':') as [string, string];
  }
  return { user: user === '' ? undefined : user, host: hostport, port: port === '' ? undefined : port };
}

/** Parses a From/To/Contact value: optional display name, URI in `<>` or bare, header params. */
export function parseNameAddr(text: string): ParsedNameAddr {
  const value = text.trim();
  let display: string | undefined;
  let uriText: string;
  let params: string;
  const lt = value.indexOf('<');
  if (lt >= 0) {
    const gt = value.indexOf('>', lt);
    display = value.slice(0, lt).trim().replace(/^"(.*)"$/, '$1') || undefined;
    uriText = value.slice(lt + 1, gt < 0 ? undefined : gt);
    params = gt < 0 ? '' : value.slice(gt + 1);
  } else {
    const semi = value.indexOf(';');
    uriText = semi < 0 ? value : value.slice(0, semi);
    params = semi < 0 ? '' : value.slice(semi);
  }
  const tag = /;\s*tag=([^;\s]+)/i.exec(params)?.[1];
  return { display, uri: parseSipUri(uriText), tag };
}

/** What the SIP side tells the channel about the INVITE. */
export interface InviteInfo {
  readonly requestUri: string;
  /** Header values by name (case-insensitive lookup); the first value for repeated headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Source of the INVITE (drachtio-server). */
  readonly network: { readonly ip: string; readonly port: number; readonly transport: 'udp' | 'tcp' };
  /** This engine's SIP address, for `sofia_profile_url`. */
  readonly local: { readonly ip: string; readonly port: number };
  readonly profileName: string;
}

/** Case-insensitive header lookup, also accepting compact forms (RFC 3261 §7.3.3). */
export function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const compact: Record<string, string> = { from: 'f', to: 't', via: 'v', contact: 'm', 'call-id': 'i' };
  const wanted = [name.toLowerCase(), compact[name.toLowerCase()]].filter((n): n is string => n !== undefined);
  for (const [key, value] of Object.entries(headers)) {
    if (wanted.includes(key.toLowerCase())) return value;
  }
  return undefined;
}

/** Caller-profile fields mod_sofia fills from the INVITE. */
export interface InviteProfile {
  readonly callerIdName: string;
  readonly callerIdNumber: string | undefined;
  readonly destinationNumber: string;
  readonly channelName: string;
  readonly userAgent: string | undefined;
}

function uriText(user: string, uri: ParsedUri): string {
  return `${user}@${uri.host}${uri.port ? `:${uri.port}` : ''}`;
}

/**
 * The variables set when the channel is created, in mod_sofia's order
 * (conformance/freeswitch/connect-caller CHANNEL_DATA), and the caller profile.
 */
export function inviteVariables(info: InviteInfo, inviteStampUs: number): { vars: Array<[string, string]>; profile: InviteProfile } {
  const h = info.headers;
  const from = parseNameAddr(headerValue(h, 'from') ?? '');
  const to = parseNameAddr(headerValue(h, 'to') ?? '');
  const contact = parseNameAddr(headerValue(h, 'contact') ?? '');
  const req = parseSipUri(info.requestUri);
  const viaRaw = (headerValue(h, 'via') ?? '').split(',')[0]?.trim() ?? '';
  const via = /^SIP\/2\.0\/(\w+)\s+([^;:\s]+)(?::(\d+))?(.*)$/i.exec(viaRaw);
  const viaParams = via?.[4] ?? '';
  const hasRport = /;\s*rport(=|;|$)/i.test(viaParams);
  const rport = /;\s*rport=(\d+)/i.exec(viaParams)?.[1] ?? (hasRport ? `${info.network.port}` : undefined);
  const fullVia = viaRaw.replace(/;\s*rport(?=;|$)/i, `;rport=${info.network.port}`);
  // mod_sofia reports "nobody" for a URI without user part (drachtio's From and Contact have none).
  const fromUser = from.uri.user ?? 'nobody';
  const contactUser = contact.uri.user ?? 'nobody';
  const channelName = `sofia/${info.profileName}/${uriText(fromUser, from.uri)}`;
  const vars: Array<[string, string | undefined]> = [
    ['sip_from_user', fromUser],
    ['sip_from_port', from.uri.port],
    ['sip_from_uri', uriText(fromUser, from.uri)],
    ['sip_from_host', from.uri.host],
    ['video_media_flow', 'disabled'],
    ['text_media_flow', 'disabled'],
    ['channel_name', channelName],
    ['sip_call_id', headerValue(h, 'call-id')],
    ['sip_local_network_addr', info.local.ip],
    ['sip_network_ip', info.network.ip],
    ['sip_network_port', `${info.network.port}`],
    ['sip_invite_stamp', `${inviteStampUs}`],
    ['sip_received_ip', info.network.ip],
    ['sip_received_port', `${info.network.port}`],
    ['sip_via_protocol', (via?.[1] ?? info.network.transport).toLowerCase()],
    ['sip_from_tag', from.tag],
    ['sofia_profile_name', info.profileName],
    ['sofia_profile_url', `sip:mod_sofia@${info.local.ip}:${info.local.port}`],
    ['recovery_profile_name', info.profileName],
    ['sip_full_via', fullVia || undefined],
    ['sip_full_from', headerValue(h, 'from')],
    ['sip_full_to', headerValue(h, 'to')],
    ['sip_req_user', req.user],
    ['sip_req_port', req.port],
    ['sip_req_uri', req.user ? uriText(req.user, req) : `${req.host}${req.port ? `:${req.port}` : ''}`],
    ['sip_req_host', req.host],
    ['sip_to_user', to.uri.user],
    ['sip_to_port', to.uri.port],
    ['sip_to_uri', to.uri.user ? uriText(to.uri.user, to.uri) : to.uri.host],
    ['sip_to_host', to.uri.host],
    ['sip_contact_user', contactUser],
    ['sip_contact_port', contact.uri.port],
    ['sip_contact_uri', uriText(contactUser, contact.uri)],
    ['sip_contact_host', contact.uri.host],
    ['sip_user_agent', headerValue(h, 'user-agent')],
    ['sip_via_host', via?.[2]],
    ['sip_via_port', via?.[3]],
    ['sip_via_rport', rport],
    ['max_forwards', headerValue(h, 'max-forwards')],
  ];
  for (const [key, value] of Object.entries(h)) {
    if (/^x-/i.test(key)) vars.push([`sip_h_${key}`, value]);
  }
  const defined = vars.filter((v): v is [string, string] => v[1] !== undefined && v[1] !== '');
  return {
    vars: defined,
    profile: {
      callerIdName: from.display ?? from.uri.user ?? 'unknown',
      callerIdNumber: from.uri.user,
      destinationNumber: req.user ?? '',
      channelName,
      userAgent: headerValue(h, 'user-agent'),
    },
  };
}
