/**
 * SIPp callers for the voicemail and IVR tests, written from a timeline: after the call is
 * answered the caller sends RFC 4733 digits and G.711 audio from SIPp's bundled pcap files
 * (/usr/share/sip-tester: dtmf_2833_<d>.pcap, g711a.pcap: 7.08 s of speech, A-law, 30 ms
 * packets) at given times, then hangs up itself or expects the PBX to hang up. The scenario
 * file is generated so each test reads as the keys a person would press.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** SIPp's bundled pcap files. */
export const PCAP_DIR = '/usr/share/sip-tester';
/** The speech sample: A-law (payload type 8), 236 packets of 30 ms. */
export const SPEECH_PCAP = `${PCAP_DIR}/g711a.pcap`;
/** Milliseconds of speech in SPEECH_PCAP. */
export const SPEECH_MS = 7080;

/**
 * One thing the caller does, `afterMs` after the previous one. A key's pcap carries fixed RTP
 * timestamps: sent twice in one call, the second is the same RFC 4733 event and is ignored.
 */
export type CallerAction =
  | { readonly afterMs: number; readonly keys: string }
  | { readonly afterMs: number; readonly speak: true }
  /** The PBX moves the call to a callee with a re-INVITE (within `afterMs`); it is accepted. */
  | { readonly afterMs: number; readonly reinvite: true };

/** How the caller reaches the PBX. */
export type CallerKind = 'user' | 'carrier';

/** How the call ends. */
export type CallEnd = { readonly kind: 'caller-hangs-up'; readonly afterMs: number } | { readonly kind: 'expect-bye'; readonly withinMs: number };

/** Stands for a header left out; its line is removed (an empty line would end SIPp's headers). */
export const DROP = '@@drop@@';

/** Removes the lines of left-out headers. */
export function dropLines(xml: string): string {
  return xml.split('\n').filter((l) => !l.includes(DROP)).join('\n');
}

const DTMF_FILE: Readonly<Record<string, string>> = { '#': 'pound', '*': 'star' };
/** Gap between two keys of one `keys` action (a pcap digit lasts 140 ms). */
const KEY_GAP_MS = 350;

function sdp(): string {
  return [
    'v=0', 'o=caller 1 1 IN IP[local_ip_type] [local_ip]', 's=-', 'c=IN IP[media_ip_type] [media_ip]', 't=0 0',
    'm=audio [media_port] RTP/AVP 8 0 101', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16', 'a=ptime:20', 'a=sendrecv', '',
  ].join('\n      ');
}

function invite(kind: CallerKind, cseq: number, auth: boolean): string {
  const from = kind === 'user' ? '<sip:[user]@[remote_ip]:[remote_port]>' : '<sip:[caller]@carrier.test>';
  const extra = kind === 'carrier' ? 'P-Asserted-Identity: <sip:[caller]@carrier.test>\n      Privacy: none' : auth ? '[authentication]' : DROP;
  return `
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: ${from};tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: ${cseq} INVITE
      Contact: <sip:caller@[local_ip]:[local_port];transport=[transport]>
      ${extra}
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      ${sdp()}
    ]]>
  </send>`;
}

/**
 * The ACK of the 407 is part of the first INVITE's transaction and carries its branch (RFC 3261
 * §17.1.1.3): the INVITE is three messages back (100, 407). The ACK of the 200 is a new one.
 */
function ack(kind: CallerKind, cseq: number, afterChallenge: boolean): string {
  const from = kind === 'user' ? '<sip:[user]@[remote_ip]:[remote_port]>' : '<sip:[caller]@carrier.test>';
  return `
  <send>
    <![CDATA[
      ACK ${afterChallenge ? 'sip:[service]@[remote_ip]:[remote_port]' : '[next_url]'} SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${afterChallenge ? '[branch-3]' : '[branch]'}
      From: ${from};tag=[pid]SIPpTag00[call_number]
      ${afterChallenge ? 'To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]' : '[last_To:]'}
      Call-ID: [call_id]
      ${afterChallenge ? DROP : '[routes]'}
      CSeq: ${cseq} ACK
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>`;
}

/** Accepts the PBX's re-INVITE that moves the caller from the media server to a callee. */
function reinvite(withinMs: number): string {
  return `
  <recv request="INVITE" timeout="${withinMs}"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:caller@[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      ${sdp()}
    ]]>
  </send>
  <recv request="ACK"/>`;
}

function play(file: string): string {
  return `\n  <nop><action><exec play_pcap_audio="${file}"/></action></nop>`;
}

function pause(ms: number): string {
  return ms > 0 ? `\n  <pause milliseconds="${Math.round(ms)}"/>` : '';
}

/** The SIPp scenario XML of a timeline. */
export function timelineScenario(kind: CallerKind, actions: readonly CallerAction[], end: CallEnd): string {
  let body = kind === 'user'
    ? `${invite(kind, 1, false)}\n  <recv response="100" optional="true"/>\n  <recv response="407" auth="true"/>${ack(kind, 1, true)}${invite(kind, 2, true)}`
    : invite(kind, 1, false);
  const cseq = kind === 'user' ? 2 : 1;
  body += `\n  <recv response="100" optional="true"/>\n  <recv response="180" optional="true"/>\n  <recv response="183" optional="true"/>
  <recv response="200" rrs="true">${end.kind === 'caller-hangs-up' ? `
    <action><ereg regexp=".*" search_in="hdr" header="To:" check_it="true" assign_to="to200"/></action>` : ''}
  </recv>${ack(kind, cseq, false)}`;
  for (const a of actions) {
    if ('reinvite' in a) {
      body += reinvite(a.afterMs);
      continue;
    }
    body += pause(a.afterMs);
    if ('speak' in a) body += play(SPEECH_PCAP);
    else {
      Array.from(a.keys).forEach((k, i) => {
        if (i > 0) body += pause(KEY_GAP_MS);
        body += play(`${PCAP_DIR}/dtmf_2833_${DTMF_FILE[k] ?? k}.pcap`);
      });
    }
  }
  const from = kind === 'user' ? '<sip:[user]@[remote_ip]:[remote_port]>' : '<sip:[caller]@carrier.test>';
  if (end.kind === 'caller-hangs-up') {
    body += `${pause(end.afterMs)}
  <send retrans="500">
    <![CDATA[
      BYE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: ${from};tag=[pid]SIPpTag00[call_number]
      To:[$to200]
      Call-ID: [call_id]
      [routes]
      CSeq: ${cseq + 1} BYE
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="200"/>`;
  } else {
    body += `
  <recv request="BYE" timeout="${end.withinMs}"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]>
  </send>`;
  }
  return dropLines(`<?xml version="1.0" encoding="ISO-8859-1" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n<scenario name="voicemail-timeline">${body}\n</scenario>\n`);
}

/** Writes a timeline scenario to a temporary file and returns its path. */
export function writeTimeline(kind: CallerKind, actions: readonly CallerAction[], end: CallEnd): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vm-sipp-')), 'timeline.xml');
  writeFileSync(file, timelineScenario(kind, actions, end));
  return file;
}
