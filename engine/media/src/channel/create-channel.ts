/**
 * The boundary to the SIP side (the `drachtio_mrf` sofia profile stand-in, engine/media/src/sip).
 * An INVITE from drachtio-server becomes {@link ChannelFactory.create}: the channel is created,
 * the SDP negotiated (or, without SDP, an offer made: enable-3pcc), the call answered and the mrf
 * dialplan started. The SIP side sends 200 OK with `localSdp` and drives the returned
 * {@link MrfLeg} with ACK, re-INVITE and BYE; it sends BYE itself when the leg reports a local
 * hangup. See engine/media/README.md for the sequence.
 */
import { randomInt } from 'node:crypto';
import type { G711Law } from '../codec/index.js';
import type { EventBus } from '../events/index.js';
import type { MediaClock, PortAllocator, AllocatedPort } from '../rtp/index.js';
import { RtpSession } from '../rtp/index.js';
import {
  acceptAnswer, answerOffer, createOffer, type NegotiatedMedia, type SdpOrigin,
} from '../sdp/index.js';
import type { CallingSite } from '../events/index.js';
import type { AppRegistry, AppServices } from './app-context.js';
import type { CallerProfile } from './channel-events.js';
import type { SessionThrottle } from './session-throttle.js';
import { Channel, type HangupInfo } from './channel.js';
import { matchMrf, runMrfDialplan } from './mrf-dialplan.js';
import type { ChannelRegistry } from './registry.js';
import { headerValue, inviteVariables, parseNameAddr } from './sip-variables.js';
import type { HangupCause } from './states.js';

/** An INVITE as the SIP side hands it over. */
export interface CreateChannelRequest {
  /** The SDP body of the INVITE; omitted for an INVITE without body (3pcc). */
  readonly remoteSdp?: string;
  /** Request-URI of the INVITE (`sip:drachtio@127.0.0.1:5080`). */
  readonly requestUri: string;
  /** Header values of the INVITE by name (first value of each; names case-insensitive). */
  readonly sipHeaders: Readonly<Record<string, string>>;
  /** Source address of the INVITE (drachtio-server). */
  readonly network: { readonly ip: string; readonly port: number; readonly transport?: 'udp' | 'tcp' };
}

/** Why an INVITE was refused, with the final response the SIP side should send. */
export interface CreateChannelRejection {
  readonly reason: 'no-route' | 'not-acceptable' | 'no-rtp-port' | 'too-many-sessions';
  readonly status: 404 | 488 | 503;
  readonly phrase: string;
  readonly detail: string;
  /** Seconds for a Retry-After header (sofia sends 300 with "Maximum Calls In Progress"). */
  readonly retryAfter?: number;
}

/** Result of {@link ChannelFactory.create}. */
export type CreateChannelResult =
  | { readonly ok: true; readonly leg: MrfLeg; readonly channel: Channel; readonly localSdp: string }
  | { readonly ok: false; readonly rejection: CreateChannelRejection };

/** Result of a re-INVITE: the 200 OK body, or a refusal (488). */
export type ReinviteResult = { readonly ok: true; readonly localSdp: string } | { readonly ok: false; readonly rejection: CreateChannelRejection };

/** Engine parts the factory wires a channel to. */
export interface ChannelFactoryDeps {
  readonly bus: EventBus;
  readonly clock: MediaClock;
  readonly ports: PortAllocator;
  readonly registry: ChannelRegistry;
  readonly apps: AppRegistry;
  readonly appServices: AppServices;
  readonly nowMs: () => number;
  readonly newUuid: () => string;
  /** Address put into SDP and `local_media_ip`. */
  readonly mediaIp: string;
  /** `o=` address of the 200 OK body (FreeSWITCH uses its host address there). */
  readonly originIp: string;
  readonly codecPrefs: readonly G711Law[];
  readonly profileName: string;
  readonly sipAddress: { readonly ip: string; readonly port: number };
  readonly maxSessions: number;
  /** The sessions-per-second budget; see {@link SessionThrottle}. */
  readonly throttle: SessionThrottle;
}

const CREATE_SITE: CallingSite = { file: 'switch_core_state_machine.c', func: 'switch_core_session_run', line: 628 };
const HOLD_SITE: CallingSite = { file: 'switch_channel.c', func: 'switch_channel_perform_mark_hold', line: 1269 };

function reject(reason: CreateChannelRejection['reason'], detail: string): { ok: false; rejection: CreateChannelRejection } {
  const table = {
    'no-route': [404, 'Not Found'],
    'not-acceptable': [488, 'Not Acceptable Here'],
    'no-rtp-port': [503, 'Service Unavailable'],
    // sofia's answer when the session limit or the session rate is exceeded (sofia.c).
    'too-many-sessions': [503, 'Maximum Calls In Progress'],
  } as const;
  const [status, phrase] = table[reason];
  return { ok: false, rejection: { reason, status, phrase, detail, ...(reason === 'too-many-sessions' ? { retryAfter: 300 } : {}) } };
}

/** The SIP-facing handle of one channel. */
export class MrfLeg {
  readonly channel: Channel;
  readonly #deps: ChannelFactoryDeps;
  readonly #port: number;
  readonly #sessionId: string;
  #version: bigint;
  /** True while our last SDP was an offer waiting for the answer (3pcc, re-INVITE without SDP). */
  #awaitingAnswer: boolean;

  /** Created by {@link ChannelFactory}. */
  constructor(channel: Channel, deps: ChannelFactoryDeps, port: number, sessionId: string, awaitingAnswer: boolean) {
    this.channel = channel;
    this.#deps = deps;
    this.#port = port;
    this.#sessionId = sessionId;
    this.#version = BigInt(sessionId) + 1n;
    this.#awaitingAnswer = awaitingAnswer;
  }

  /** The channel uuid (FreeSWITCH's `Unique-ID`). */
  get uuid(): string {
    return this.channel.uuid;
  }

  /** The origin for our next SDP; the version goes up with every new description (RFC 3264 §8). */
  origin(bump: boolean): SdpOrigin {
    if (bump) this.#version += 1n;
    return { sessionId: this.#sessionId, sessionVersion: this.#version.toString(), address: this.#deps.originIp };
  }

  /** The local RTP port. */
  get rtpPort(): number {
    return this.#port;
  }

  /**
   * The ACK of our 200 OK arrived. `headers` updates the `sip_*` variables from the ACK (as
   * FreeSWITCH does when it processed the ACK before the socket connected); `sdp` is the answer
   * when our 200 carried an offer. Returns false when that answer is unusable (the call then
   * continues without media, as FreeSWITCH keeps a "black-hole" leg).
   */
  ack(ack: { readonly headers?: Readonly<Record<string, string>>; readonly sdp?: string } = {}): boolean {
    const vars = this.channel.vars;
    const h = ack.headers;
    if (h) {
      const to = parseNameAddr(headerValue(h, 'to') ?? '');
      const from = parseNameAddr(headerValue(h, 'from') ?? '');
      if (to.tag) vars.set('sip_to_tag', to.tag);
      if (from.tag) vars.set('sip_from_tag', from.tag);
      const cseq = headerValue(h, 'cseq')?.trim().split(/\s+/)[0];
      if (cseq) vars.set('sip_cseq', cseq);
      const callId = headerValue(h, 'call-id');
      if (callId) vars.set('sip_call_id', callId);
      const via = headerValue(h, 'via')?.split(',')[0]?.trim();
      if (via) vars.set('sip_full_via', via);
      const fullFrom = headerValue(h, 'from');
      if (fullFrom) vars.set('sip_full_from', fullFrom);
      const fullTo = headerValue(h, 'to');
      if (fullTo) vars.set('sip_full_to', fullTo);
    }
    if (!this.#awaitingAnswer || ack.sdp === undefined || ack.sdp.trim() === '') return true;
    this.#awaitingAnswer = false;
    const answered = acceptAnswer(ack.sdp, this.#deps.codecPrefs);
    if (!answered.ok) return false;
    vars.set('switch_r_sdp', ack.sdp);
    vars.set('ep_codec_string', epCodecString(ack.sdp));
    this.#applyMedia(answered.value);
    return true;
  }

  /** A re-INVITE: with an offer we answer it; without SDP we offer (the answer comes in the ACK). */
  reinvite(remoteSdp: string | undefined): ReinviteResult {
    if (remoteSdp === undefined || remoteSdp.trim() === '') {
      this.#awaitingAnswer = true;
      const offer = createOffer({ local: { ip: this.#deps.mediaIp, port: this.#port }, origin: this.origin(true), codecPrefs: this.#deps.codecPrefs });
      this.channel.vars.set('rtp_local_sdp_str', offer);
      return { ok: true, localSdp: offer };
    }
    const answer = answerOffer(remoteSdp, { local: { ip: this.#deps.mediaIp, port: this.#port }, origin: this.origin(true), codecPrefs: this.#deps.codecPrefs });
    if (!answer.ok) return reject('not-acceptable', answer.error.detail);
    this.channel.vars.set('switch_r_sdp', remoteSdp);
    this.channel.vars.set('rtp_local_sdp_str', answer.value.localSdpStr);
    this.#applyMedia(answer.value.media);
    return { ok: true, localSdp: answer.value.sdp };
  }

  /** The far end sent BYE (or the dialog died): the channel hangs up without sending BYE. */
  bye(cause: HangupCause = 'NORMAL_CLEARING'): void {
    this.channel.hangup(cause, 'remote');
  }

  /** Be told when the channel hangs up; when `initiator` is `local` the SIP side sends BYE. */
  onHangup(listener: (info: HangupInfo) => void): void {
    this.channel.onHangup(listener);
  }

  /** Ends the call from this side (the SIP side will be told through {@link onHangup}). */
  hangup(cause: HangupCause = 'NORMAL_CLEARING'): void {
    this.channel.hangup(cause);
  }

  #applyMedia(media: NegotiatedMedia): void {
    const before = this.channel.rtp.media;
    this.channel.rtp.setMedia(media);
    setMediaVariables(this.channel, media, this.#deps.mediaIp, this.#port);
    const held = media.localDirection !== 'sendrecv';
    const wasHeld = before !== undefined && before.localDirection !== 'sendrecv';
    if (held && !wasHeld && this.channel.answerState === 'answered' && before !== undefined) {
      this.channel.fire('CHANNEL_HOLD', HOLD_SITE);
      this.channel.setCallState('HELD');
    } else if (!held && wasHeld) {
      this.channel.fire('CHANNEL_UNHOLD', HOLD_SITE);
      this.channel.setCallState('ACTIVE');
    }
  }
}

/** Writes the `rtp_*` / media variables FreeSWITCH sets after negotiation, in its order. */
export function setMediaVariables(channel: Channel, media: NegotiatedMedia, mediaIp: string, port: number): void {
  const v = channel.vars;
  v.set('rtp_use_codec_string', 'PCMU,PCMA');
  v.set('remote_video_media_flow', 'inactive');
  v.set('remote_text_media_flow', 'inactive');
  v.set('remote_audio_media_flow', media.remoteDirection);
  if (media.localDirection !== 'sendrecv') v.set('media_audio_mode', media.localDirection);
  else v.unset('media_audio_mode');
  v.set('audio_media_flow', media.remoteDirection === 'sendrecv' ? 'sendrecv' : media.remoteDirection);
  v.set('rtp_audio_recv_pt', `${media.payloadType}`);
  v.set('rtp_use_codec_name', media.codec);
  v.set('rtp_use_codec_rate', '8000');
  v.set('rtp_use_codec_ptime', '20');
  v.set('rtp_use_codec_channels', '1');
  v.set('rtp_last_audio_codec_string', `${media.codec}@8000h@20i@1c`);
  v.set('read_codec', media.codec);
  v.set('original_read_codec', media.codec);
  v.set('read_rate', '8000');
  v.set('original_read_rate', '8000');
  v.set('write_codec', media.codec);
  v.set('write_rate', '8000');
  v.set('dtmf_type', media.telephoneEventPayloadType === undefined ? 'none' : 'rfc2833');
  v.set('local_media_ip', mediaIp);
  v.set('local_media_port', `${port}`);
  v.set('advertised_media_ip', mediaIp);
  v.set('rtp_use_timer_name', 'soft');
  v.set('rtp_use_pt', `${media.payloadType}`);
  v.set('rtp_use_ssrc', `${channel.rtp.ssrc}`);
  if (media.telephoneEventPayloadType !== undefined) {
    v.set('rtp_2833_send_payload', `${media.telephoneEventPayloadType}`);
    v.set('rtp_2833_recv_payload', `${media.telephoneEventPayloadType}`);
  }
  v.set('remote_media_ip', media.remote.ip);
  v.set('remote_media_port', `${media.remote.port}`);
}

/** `ep_codec_string`: the G.711 codecs of the offer's audio streams, as FreeSWITCH lists them. */
function epCodecString(sdp: string | undefined): string | undefined {
  if (!sdp) return undefined;
  const entries: string[] = [];
  for (const m of sdp.matchAll(/^m=audio \d+ [A-Z/]+ ([\d ]+)/gm)) {
    for (const pt of (m[1] ?? '').trim().split(/\s+/)) {
      if (pt === '0') entries.push('CORE_PCM_MODULE.PCMU@8000h@20i@64000b');
      if (pt === '8') entries.push('CORE_PCM_MODULE.PCMA@8000h@20i@64000b');
    }
  }
  return entries.length > 0 ? entries.join(',') : undefined;
}

/** Creates channels for INVITEs. */
export class ChannelFactory {
  readonly #deps: ChannelFactoryDeps;
  #sessionCounter = 0;

  /** Creates a factory over the engine parts. */
  constructor(deps: ChannelFactoryDeps) {
    this.#deps = deps;
  }

  /** Handles an INVITE; see the module comment. */
  async create(request: CreateChannelRequest): Promise<CreateChannelResult> {
    const deps = this.#deps;
    const dpMatch = matchMrf(headerValue(request.sipHeaders, 'user-agent'));
    if (!dpMatch) return reject('no-route', 'User-Agent does not match ^drachtio-fsmrf:(.*)$');
    if (deps.registry.size >= deps.maxSessions) return reject('too-many-sessions', `max-sessions ${deps.maxSessions} reached`);
    if (!deps.throttle.take()) return reject('too-many-sessions', `sessions-per-second ${deps.throttle.figures().limit} exceeded`);
    let port: AllocatedPort;
    try {
      port = await deps.ports.allocate();
    } catch (err) {
      return reject('no-rtp-port', err instanceof Error ? err.message : String(err));
    }
    const sessionId = `${1_000_000_000 + randomInt(0, 1_000_000_000)}`;
    const origin: SdpOrigin = { sessionId, sessionVersion: `${BigInt(sessionId) + 1n}`, address: deps.originIp };
    const localOptions = { local: { ip: deps.mediaIp, port: port.port }, origin, codecPrefs: deps.codecPrefs };
    let localSdp: string;
    let localSdpStr: string;
    let media: NegotiatedMedia | undefined;
    const hasOffer = request.remoteSdp !== undefined && request.remoteSdp.trim() !== '';
    if (hasOffer) {
      const answer = answerOffer(request.remoteSdp as string, localOptions);
      if (!answer.ok) {
        port.release();
        return reject('not-acceptable', answer.error.detail);
      }
      localSdp = answer.value.sdp;
      localSdpStr = answer.value.localSdpStr;
      media = answer.value.media;
    } else {
      localSdp = createOffer(localOptions);
      localSdpStr = localSdp;
    }
    const uuid = deps.newUuid();
    const nowUs = Math.round(deps.nowMs() * 1000);
    const invite = inviteVariables({
      requestUri: request.requestUri,
      headers: request.sipHeaders,
      network: { ip: request.network.ip, port: request.network.port, transport: request.network.transport ?? 'udp' },
      local: deps.sipAddress,
      profileName: deps.profileName,
    }, nowUs);
    const profile: CallerProfile = {
      direction: 'inbound',
      dialplan: 'XML',
      callerIdName: invite.profile.callerIdName,
      callerIdNumber: invite.profile.callerIdNumber,
      networkAddr: request.network.ip,
      destinationNumber: invite.profile.destinationNumber,
      uuid,
      source: 'mod_sofia',
      context: 'mrf',
      channelName: invite.profile.channelName,
      times: { profileCreated: nowUs, created: nowUs, answered: 0, progress: 0, progressMedia: 0, hangup: 0, transfer: 0, resurrect: 0, bridged: 0, lastHold: 0, holdAccum: 0 },
    };
    const rtp = new RtpSession({ port, clock: deps.clock, media, ssrc: randomInt(1, 0xffffffff) });
    const channel = new Channel({
      uuid,
      profile,
      rtp,
      services: { bus: deps.bus, apps: deps.apps, appServices: deps.appServices, nowMs: deps.nowMs, newUuid: deps.newUuid },
    });
    rtp.onDigit = (d) => {
      channel.fire('DTMF', { file: 'switch_channel.c', func: 'switch_channel_dequeue_dtmf', line: 677 }, [
        ['DTMF-Digit', d.digit],
        ['DTMF-Duration', `${d.durationSamples}`],
        ['DTMF-Source', 'RTP'],
      ]);
      channel.digits.push({ digit: d.digit, durationSamples: d.durationSamples, source: 'RTP' });
    };
    rtp.onBrokenPtime = (sentMs) => {
      const codec = rtp.media?.codec ?? 'PCMU';
      channel.vars.set('rtp_h_X-Broken-PTIME', `Adv=20;Sent=${sentMs}`);
      channel.vars.set('rtp_use_codec_ptime', `${sentMs}`);
      channel.vars.set('rtp_last_audio_codec_string', `${codec}@8000h@${sentMs}i@1c`);
    };
    const vars = channel.vars;
    vars.set('direction', 'inbound');
    vars.set('uuid', uuid);
    vars.set('session_id', `${++this.#sessionCounter}`);
    for (const [name, value] of invite.vars) vars.set(name, value);
    if (hasOffer) vars.set('switch_r_sdp', request.remoteSdp);
    vars.set('ep_codec_string', epCodecString(request.remoteSdp));
    vars.set('DP_MATCH', dpMatch);
    vars.set('call_uuid', uuid);
    if (media) setMediaVariables(channel, media, deps.mediaIp, port.port);
    vars.set('rtp_local_sdp_str', localSdpStr);
    vars.set('endpoint_disposition', 'ANSWER');
    deps.registry.add(channel);
    const leg = new MrfLeg(channel, deps, port.port, sessionId, !hasOffer);
    channel.setState('CS_INIT');
    channel.fire('CHANNEL_CREATE', CREATE_SITE);
    channel.setCallState('RINGING');
    rtp.start();
    setImmediate(() => {
      runMrfDialplan(channel).catch((err: unknown) => {
        deps.appServices.log.error({ err, uuid }, 'dialplan failed');
        channel.hangup('NORMAL_TEMPORARY_FAILURE');
      });
    });
    return { ok: true, leg, channel, localSdp };
  }
}
