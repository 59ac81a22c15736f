/**
 * SDP offer/answer (RFC 3264) the way FreeSWITCH's `drachtio_mrf` profile does it:
 * codec preferences `PCMU,PCMA`, `inbound-codec-negotiation=greedy` (our preference order wins,
 * not the offerer's), telephone-event mirrored at the offerer's payload type and answered with
 * `a=fmtp:<pt> 0-15` (FreeSWITCH answers 0-15 to an offer of 0-16, see conformance/README),
 * `a=ptime:20`.
 */
import { parse } from 'sdp-transform';
import type { MediaAttributes, SessionDescription } from 'sdp-transform';
import type { G711Law } from '../codec/index.js';
import { G711_PAYLOAD_TYPE } from '../codec/index.js';

/** RFC 3264 §6.1 stream directions. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** An IPv4 address and port. */
export interface MediaAddress {
  readonly ip: string;
  readonly port: number;
}

/** The `o=` values this side uses; strings because FreeSWITCH's ids exceed 2^53. */
export interface SdpOrigin {
  readonly sessionId: string;
  readonly sessionVersion: string;
  /** Address in `o=`; FreeSWITCH puts its host address there in the 200 OK. */
  readonly address: string;
}

/** What an offer/answer exchange settled for the audio stream. */
export interface NegotiatedMedia {
  readonly codec: G711Law;
  readonly payloadType: number;
  readonly telephoneEventPayloadType: number | undefined;
  /** Where to send RTP until symmetric RTP latches onto the real source; port 0 when held. */
  readonly remote: MediaAddress;
  readonly remoteDirection: MediaDirection;
  readonly localDirection: MediaDirection;
  /** The peer's `a=ptime`, 20 when absent. Informational: we always send 20 ms. */
  readonly remotePtime: number;
  /** True for an RFC 2543 hold (`c=0.0.0.0`). */
  readonly remoteOnHold: boolean;
}

/** Why negotiation failed; the SIP side maps it to 488 Not Acceptable Here. */
export type SdpError = {
  readonly kind: 'unparseable' | 'no-audio' | 'no-common-codec';
  readonly detail: string;
};

/** Result type for the negotiation functions. */
export type SdpResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SdpError };

/** The local SDPs of an answer. */
export interface SdpAnswer {
  /** Body for the 200 OK. As FreeSWITCH's, it has no `a=sendrecv` line (the default direction). */
  readonly sdp: string;
  /** The same with the direction always spelled out: FreeSWITCH's `rtp_local_sdp_str`. */
  readonly localSdpStr: string;
  readonly media: NegotiatedMedia;
}

/** Inputs for building a local description. */
export interface LocalMediaOptions {
  readonly local: MediaAddress;
  readonly origin: SdpOrigin;
  /** Preference order, default `['PCMU', 'PCMA']` (vars.xml global_codec_prefs in freeswitch-conf). */
  readonly codecPrefs?: readonly G711Law[];
}

const DEFAULT_PREFS: readonly G711Law[] = ['PCMU', 'PCMA'];
const TELEPHONE_EVENT_FMTP = '0-15';
/** FreeSWITCH's rfc2833-pt for offers it makes (3pcc). */
export const OFFER_TELEPHONE_EVENT_PT = 101;
const CN_PT = 13;

/** The direction to answer with (RFC 3264 §6.1). */
export function answerDirection(remote: MediaDirection): MediaDirection {
  switch (remote) {
    case 'sendonly': return 'recvonly';
    case 'recvonly': return 'sendonly';
    case 'inactive': return 'inactive';
    case 'sendrecv': return 'sendrecv';
  }
}

/** True when this side may send RTP in the given local direction. */
export function canSend(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'sendonly';
}

/** True when this side expects RTP in the given local direction. */
export function canReceive(direction: MediaDirection): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

function parseSdp(text: string): SdpResult<SessionDescription> {
  if (!/^v=0/m.test(text)) return { ok: false, error: { kind: 'unparseable', detail: 'no v=0 line' } };
  try {
    return { ok: true, value: parse(text) };
  } catch (err) {
    return { ok: false, error: { kind: 'unparseable', detail: err instanceof Error ? err.message : String(err) } };
  }
}

type Media = SessionDescription['media'][number];

function payloadsOf(m: Media): number[] {
  return String(m.payloads ?? '').trim().split(/\s+/).filter((p) => p !== '').map(Number).filter(Number.isInteger);
}

function rtpmapOf(m: Media, pt: number): MediaAttributes['rtp'][number] | undefined {
  return m.rtp.find((r) => r.payload === pt);
}

function findCodecPt(m: Media, law: G711Law): number | undefined {
  for (const pt of payloadsOf(m)) {
    const map = rtpmapOf(m, pt);
    if (map) {
      if (map.codec.toUpperCase() === law && (map.rate ?? 8000) === 8000) return pt;
    } else if (pt === G711_PAYLOAD_TYPE[law]) {
      // RFC 3551 static payload types need no rtpmap.
      return pt;
    }
  }
  return undefined;
}

function findTelephoneEventPt(m: Media): number | undefined {
  for (const pt of payloadsOf(m)) {
    const map = rtpmapOf(m, pt);
    if (map && map.codec.toLowerCase() === 'telephone-event' && (map.rate ?? 8000) === 8000) return pt;
  }
  return undefined;
}

function directionOf(session: SessionDescription, m: Media): MediaDirection {
  return m.direction ?? session.direction ?? 'sendrecv';
}

function connectionIp(session: SessionDescription, m: Media): string {
  return m.connection?.ip ?? session.connection?.ip ?? '0.0.0.0';
}

function isPlainRtp(m: Media): boolean {
  return m.type === 'audio' && (m.protocol === 'RTP/AVP' || m.protocol === 'RTP/AVPF') && m.port !== 0;
}

interface Candidate {
  readonly index: number;
  readonly media: Media;
  readonly codec: G711Law;
  readonly pt: number;
}

function pickGreedy(session: SessionDescription, prefs: readonly G711Law[], mode: 'ours' | 'theirs'): SdpResult<Candidate> {
  const audio = session.media.map((media, index) => ({ media, index })).filter((c) => isPlainRtp(c.media));
  if (audio.length === 0) {
    return { ok: false, error: { kind: 'no-audio', detail: 'no RTP/AVP audio stream with a port' } };
  }
  for (const { media, index } of audio) {
    if (mode === 'ours') {
      // inbound-codec-negotiation=greedy: walk our preference list, take the first one offered.
      for (const codec of prefs) {
        const pt = findCodecPt(media, codec);
        if (pt !== undefined) return { ok: true, value: { index, media, codec, pt } };
      }
    } else {
      // An answer lists what the answerer chose; its first G.711 format is the one in use.
      for (const pt of payloadsOf(media)) {
        const codec = prefs.find((law) => findCodecPt(media, law) === pt);
        if (codec) return { ok: true, value: { index, media, codec, pt } };
      }
    }
  }
  return { ok: false, error: { kind: 'no-common-codec', detail: `none of ${prefs.join(',')} offered` } };
}

function negotiated(session: SessionDescription, c: Candidate): NegotiatedMedia {
  const remoteDirection = directionOf(session, c.media);
  const ip = connectionIp(session, c.media);
  const remoteOnHold = ip === '0.0.0.0';
  return {
    codec: c.codec,
    payloadType: c.pt,
    telephoneEventPayloadType: findTelephoneEventPt(c.media),
    remote: { ip, port: remoteOnHold ? 0 : c.media.port },
    remoteDirection,
    localDirection: answerDirection(remoteOnHold && remoteDirection === 'sendrecv' ? 'sendonly' : remoteDirection),
    remotePtime: c.media.ptime ?? 20,
    remoteOnHold,
  };
}

function sessionLines(opts: LocalMediaOptions, originAddress: string): string[] {
  return [
    'v=0',
    `o=FreeSWITCH ${opts.origin.sessionId} ${opts.origin.sessionVersion} IN IP4 ${originAddress}`,
    's=FreeSWITCH',
    `c=IN IP4 ${opts.local.ip}`,
    't=0 0',
  ];
}

function audioLines(port: number, codec: G711Law, pt: number, tePt: number | undefined): string[] {
  const formats = tePt === undefined ? `${pt}` : `${pt} ${tePt}`;
  const lines = [`m=audio ${port} RTP/AVP ${formats}`, `a=rtpmap:${pt} ${codec}/8000`];
  if (tePt !== undefined) {
    lines.push(`a=rtpmap:${tePt} telephone-event/8000`, `a=fmtp:${tePt} ${TELEPHONE_EVENT_FMTP}`);
  }
  lines.push('a=ptime:20');
  return lines;
}

function joinSdp(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Answers an offer. Streams other than the chosen audio stream are rejected with port 0
 * (RFC 3264 §6), which is also what happens to an `RTP/SAVP` stream: this engine has no SRTP.
 */
export function answerOffer(offer: string, opts: LocalMediaOptions): SdpResult<SdpAnswer> {
  const parsed = parseSdp(offer);
  if (!parsed.ok) return parsed;
  const session = parsed.value;
  const picked = pickGreedy(session, opts.codecPrefs ?? DEFAULT_PREFS, 'ours');
  if (!picked.ok) return picked;
  const media = negotiated(session, picked.value);
  const body: string[] = [];
  const full: string[] = [];
  session.media.forEach((m, index) => {
    if (index === picked.value.index) {
      const lines = audioLines(opts.local.port, media.codec, media.payloadType, media.telephoneEventPayloadType);
      body.push(...lines);
      full.push(...lines);
      if (media.localDirection !== 'sendrecv') body.push(`a=${media.localDirection}`);
      full.push(`a=${media.localDirection}`);
    } else {
      const rejected = `m=${m.type} 0 ${m.protocol} ${payloadsOf(m).join(' ') || '0'}`;
      body.push(rejected);
      full.push(rejected);
    }
  });
  return {
    ok: true,
    value: {
      sdp: joinSdp([...sessionLines(opts, opts.origin.address), ...body]),
      localSdpStr: joinSdp([...sessionLines(opts, opts.local.ip), ...full]),
      media,
    },
  };
}

/**
 * The offer FreeSWITCH sends in the 200 OK to an INVITE without SDP (`enable-3pcc=true`):
 * all preferred codecs, telephone-event 101, CN 13, ptime 20. FreeSWITCH also offers an
 * `RTP/SAVP` copy with eleven crypto suites; without SRTP we offer only `RTP/AVP`.
 */
export function createOffer(opts: LocalMediaOptions): string {
  const prefs = opts.codecPrefs ?? DEFAULT_PREFS;
  const pts = prefs.map((law) => G711_PAYLOAD_TYPE[law]);
  const lines = sessionLines(opts, opts.origin.address);
  lines.push(`m=audio ${opts.local.port} RTP/AVP ${[...pts, OFFER_TELEPHONE_EVENT_PT, CN_PT].join(' ')}`);
  prefs.forEach((law) => lines.push(`a=rtpmap:${G711_PAYLOAD_TYPE[law]} ${law}/8000`));
  lines.push(
    `a=rtpmap:${OFFER_TELEPHONE_EVENT_PT} telephone-event/8000`,
    `a=fmtp:${OFFER_TELEPHONE_EVENT_PT} ${TELEPHONE_EVENT_FMTP}`,
    `a=rtpmap:${CN_PT} CN/8000`,
    'a=ptime:20',
  );
  return joinSdp(lines);
}

/**
 * Reads the answer to an offer from {@link createOffer} (the ACK of a 3pcc INVITE, or a re-INVITE
 * answer). drachtio-srf's "black-hole" ACK echoes the offer with `a=recvonly`; that yields
 * local direction `sendonly`, as FreeSWITCH reports (`media_audio_mode=sendonly`).
 */
export function acceptAnswer(answer: string, codecPrefs: readonly G711Law[] = DEFAULT_PREFS): SdpResult<NegotiatedMedia> {
  const parsed = parseSdp(answer);
  if (!parsed.ok) return parsed;
  const picked = pickGreedy(parsed.value, codecPrefs, 'theirs');
  if (!picked.ok) return picked;
  return { ok: true, value: negotiated(parsed.value, picked.value) };
}
