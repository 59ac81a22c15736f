import t from 'tap';
import {
  acceptAnswer, answerDirection, answerOffer, canReceive, canSend, createOffer, type MediaDirection,
} from '../../../../../engine/media/src/sdp/index.js';

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

// conformance/freeswitch/connect-caller.jsonl: SIPp's offer, with placeholders bound to values.
const SIPP_PCMU_OFFER = crlf([
  'v=0', 'o=user1 53655765 2353687637 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
  'm=audio 6000 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16',
  'a=ptime:20', 'a=sendrecv',
]);
// FreeSWITCH's answers in the same transcript: the 200 OK body and variable_rtp_local_sdp_str.
const FS_200_BODY = crlf([
  'v=0', 'o=FreeSWITCH 1700000000 1700000001 IN IP4 192.0.2.10', 's=FreeSWITCH', 'c=IN IP4 127.0.0.1', 't=0 0',
  'm=audio 20002 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20',
]);
const FS_RTP_LOCAL_SDP_STR = crlf([
  'v=0', 'o=FreeSWITCH 1700000000 1700000001 IN IP4 127.0.0.1', 's=FreeSWITCH', 'c=IN IP4 127.0.0.1', 't=0 0',
  'm=audio 20002 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=ptime:20',
  'a=sendrecv',
]);
// conformance/freeswitch/record.jsonl: PCMA offer and FreeSWITCH's rtp_local_sdp_str.
const SIPP_PCMA_OFFER = SIPP_PCMU_OFFER.replace('RTP/AVP 0 101', 'RTP/AVP 8 101').replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000');
const FS_PCMA_LOCAL = FS_RTP_LOCAL_SDP_STR.replace('RTP/AVP 0 101', 'RTP/AVP 8 101').replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000');

const local = {
  local: { ip: '127.0.0.1', port: 20002 },
  origin: { sessionId: '1700000000', sessionVersion: '1700000001', address: '192.0.2.10' },
};

void t.test('a PCMU offer from the conformance run is answered exactly like FreeSWITCH', async (t) => {
  const r = answerOffer(SIPP_PCMU_OFFER, local);
  if (!r.ok) { t.fail(r.error.detail); return; }
  t.equal(r.value.sdp, FS_200_BODY);
  t.equal(r.value.localSdpStr, FS_RTP_LOCAL_SDP_STR);
  t.same(r.value.media, {
    codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: 101, remote: { ip: '127.0.0.1', port: 6000 },
    remoteDirection: 'sendrecv', localDirection: 'sendrecv', remotePtime: 20, remoteOnHold: false,
  });
});

void t.test('a PCMA-only offer is answered with PCMA like the record transcript', async (t) => {
  const r = answerOffer(SIPP_PCMA_OFFER, local);
  if (!r.ok) { t.fail(r.error.detail); return; }
  t.equal(r.value.localSdpStr, FS_PCMA_LOCAL);
  t.equal(r.value.media.codec, 'PCMA');
});

void t.test('greedy negotiation picks our preferred codec even when the offer lists it second', async (t) => {
  const offer = SIPP_PCMU_OFFER.replace('RTP/AVP 0 101', 'RTP/AVP 8 0 101').replace('a=rtpmap:0', 'a=rtpmap:8 PCMA/8000\r\na=rtpmap:0');
  const r = answerOffer(offer, local);
  t.equal(r.ok && r.value.media.codec, 'PCMU');
  const pcmaFirst = answerOffer(offer, { ...local, codecPrefs: ['PCMA', 'PCMU'] });
  t.equal(pcmaFirst.ok && pcmaFirst.value.media.codec, 'PCMA');
});

void t.test('static payload types are recognised without rtpmap, dynamic ones by name', async (t) => {
  const bare = crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 8']);
  const r = answerOffer(bare, local);
  t.equal(r.ok && r.value.media.codec, 'PCMA');
  t.equal(r.ok && r.value.media.telephoneEventPayloadType, undefined, 'no telephone-event offered, none answered');
  t.notMatch(r.ok ? r.value.sdp : '', /telephone-event/);
  const dynamic = crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 96 97',
    'a=rtpmap:96 pcmu/8000', 'a=rtpmap:97 telephone-event/8000']);
  const d = answerOffer(dynamic, local);
  t.same(d.ok && [d.value.media.payloadType, d.value.media.telephoneEventPayloadType], [96, 97]);
  t.match(d.ok ? d.value.sdp : '', /m=audio 20002 RTP\/AVP 96 97\r\na=rtpmap:96 PCMU\/8000\r\na=rtpmap:97 telephone-event\/8000\r\na=fmtp:97 0-15/);
});

void t.test('offers without a usable codec or audio stream are refused with a reason', async (t) => {
  const g722 = crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 9', 'a=rtpmap:9 G722/8000']);
  const r = answerOffer(g722, local);
  t.same(!r.ok && r.error.kind, 'no-common-codec');
  const video = crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=video 4000 RTP/AVP 96']);
  const v = answerOffer(video, local);
  t.same(!v.ok && v.error.kind, 'no-audio');
  const junk = answerOffer('hello', local);
  t.same(!junk.ok && junk.error.kind, 'unparseable');
});

void t.test('hold offers are answered with the matching direction', async (t) => {
  const table: Array<[string, MediaDirection, MediaDirection]> = [
    ['a=sendonly', 'sendonly', 'recvonly'],
    ['a=recvonly', 'recvonly', 'sendonly'],
    ['a=inactive', 'inactive', 'inactive'],
  ];
  for (const [line, remote, answered] of table) {
    const r = answerOffer(SIPP_PCMU_OFFER.replace('a=sendrecv', line), local);
    if (!r.ok) { t.fail(r.error.detail); continue; }
    t.equal(r.value.media.remoteDirection, remote);
    t.equal(r.value.media.localDirection, answered);
    t.match(r.value.sdp, new RegExp(`a=${answered}\\r\\n$`));
  }
  const oldHold = answerOffer(SIPP_PCMU_OFFER.replace('c=IN IP4 127.0.0.1', 'c=IN IP4 0.0.0.0'), local);
  t.same(oldHold.ok && [oldHold.value.media.remoteOnHold, oldHold.value.media.localDirection, oldHold.value.media.remote.port], [true, 'recvonly', 0]);
});

void t.test('an SRTP stream is rejected with port 0 and the plain RTP stream answered', async (t) => {
  const offer = crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0',
    'm=audio 4000 RTP/SAVP 0', 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc', 'm=audio 4000 RTP/AVP 0']);
  const r = answerOffer(offer, local);
  if (!r.ok) { t.fail(r.error.detail); return; }
  t.match(r.value.sdp, /m=audio 0 RTP\/SAVP 0\r\nm=audio 20002 RTP\/AVP 0\r\n/);
});

void t.test('the 3pcc offer lists both laws, telephone-event 101 and CN like FreeSWITCH', async (t) => {
  t.equal(createOffer(local), crlf([
    'v=0', 'o=FreeSWITCH 1700000000 1700000001 IN IP4 192.0.2.10', 's=FreeSWITCH', 'c=IN IP4 127.0.0.1', 't=0 0',
    'm=audio 20002 RTP/AVP 0 8 101 13', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15', 'a=rtpmap:13 CN/8000', 'a=ptime:20',
  ]));
});

void t.test("drachtio-srf's black-hole ACK (offer echoed with a=recvonly) makes us sendonly", async (t) => {
  // conformance/freeswitch/create-endpoint-3pcc.jsonl, ACK body (crypto keys shortened).
  const ack = crlf(['v=0', 'o=FreeSWITCH 1 2 IN IP4 192.0.2.10', 's=FreeSWITCH', 'c=IN IP4 127.0.0.1', 't=0 0', 'a=recvonly',
    'm=audio 20002 RTP/SAVP 0 8 101 13', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000',
    'a=rtpmap:13 CN/8000', 'a=fmtp:101 0-15', 'a=crypto:1 AEAD_AES_256_GCM_8 inline:KEY', 'a=ptime:20',
    'm=audio 20002 RTP/AVP 0 8 101 13', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000',
    'a=rtpmap:13 CN/8000', 'a=fmtp:101 0-15', 'a=ptime:20']);
  const r = acceptAnswer(ack);
  t.same(r.ok && r.value, {
    codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: 101, remote: { ip: '127.0.0.1', port: 20002 },
    remoteDirection: 'recvonly', localDirection: 'sendonly', remotePtime: 20, remoteOnHold: false,
  });
});

void t.test("an answer's own order decides the codec", async (t) => {
  const answer = crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.9', 's=-', 'c=IN IP4 10.0.0.9', 't=0 0', 'm=audio 5004 RTP/AVP 8 101',
    'a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000']);
  const r = acceptAnswer(answer);
  t.same(r.ok && [r.value.codec, r.value.remote], ['PCMA', { ip: '10.0.0.9', port: 5004 }]);
});

void t.test('direction helpers follow RFC 3264', async (t) => {
  t.equal(answerDirection('sendrecv'), 'sendrecv');
  t.same([canSend('sendonly'), canSend('recvonly'), canReceive('recvonly'), canReceive('inactive')], [true, false, true, false]);
});
