import t from 'tap';
import { inviteVariables, parseNameAddr, parseSipUri } from '../../../../../engine/media/src/channel/sip-variables.js';

void t.test('URIs and name-addrs are split into user, host, port and tag', async (t) => {
  t.same(parseSipUri('sip:drachtio@127.0.0.1:5080'), { user: 'drachtio', host: '127.0.0.1', port: '5080' });
  t.same(parseSipUri('sip:127.0.0.1:5060;transport=udp'), { user: undefined, host: '127.0.0.1', port: '5060' });
  t.same(parseSipUri('sips:alice:secret@[2001:db8::1]:5061'), { user: 'alice', host: '[2001:db8::1]', port: '5061' });
  t.same(parseNameAddr('"Rathaus Zentrale" <sip:100@pbx.example.de>;tag=abc'), { display: 'Rathaus Zentrale', uri: { user: '100', host: 'pbx.example.de', port: undefined }, tag: 'abc' });
  t.same(parseNameAddr('sip:bob@host;tag=x1'), { display: undefined, uri: { user: 'bob', host: 'host', port: undefined }, tag: 'x1' });
});

void t.test("drachtio's INVITE yields the sip_* variables of the recorded CHANNEL_DATA", async (t) => {
  // conformance/freeswitch/connect-caller: placeholders bound to 5060 (drachtio), 5080 (FS), 40000 (fsmrf).
  const { vars, profile } = inviteVariables({
    requestUri: 'sip:drachtio@127.0.0.1:5080',
    headers: {
      Via: 'SIP/2.0/UDP 127.0.0.1:5060;rport;branch=z9hG4bKabc',
      'Max-Forwards': '70',
      From: '<sip:127.0.0.1:5060>;tag=tag1',
      To: '<sip:drachtio@127.0.0.1:5080>',
      'Call-ID': 'call-1',
      CSeq: '100 INVITE',
      Contact: '<sip:127.0.0.1:5060>',
      'User-Agent': 'drachtio-fsmrf:u-1',
      'X-esl-outbound': '127.0.0.1:40000',
    },
    network: { ip: '127.0.0.1', port: 5060, transport: 'udp' },
    local: { ip: '127.0.0.1', port: 5080 },
    profileName: 'drachtio_mrf',
  }, 1700000000000000);
  t.same(vars, [
    ['sip_from_user', 'nobody'],
    ['sip_from_port', '5060'],
    ['sip_from_uri', 'nobody@127.0.0.1:5060'],
    ['sip_from_host', '127.0.0.1'],
    ['video_media_flow', 'disabled'],
    ['text_media_flow', 'disabled'],
    ['channel_name', 'sofia/drachtio_mrf/nobody@127.0.0.1:5060'],
    ['sip_call_id', 'call-1'],
    ['sip_local_network_addr', '127.0.0.1'],
    ['sip_network_ip', '127.0.0.1'],
    ['sip_network_port', '5060'],
    ['sip_invite_stamp', '1700000000000000'],
    ['sip_received_ip', '127.0.0.1'],
    ['sip_received_port', '5060'],
    ['sip_via_protocol', 'udp'],
    ['sip_from_tag', 'tag1'],
    ['sofia_profile_name', 'drachtio_mrf'],
    ['sofia_profile_url', 'sip:mod_sofia@127.0.0.1:5080'],
    ['recovery_profile_name', 'drachtio_mrf'],
    ['sip_full_via', 'SIP/2.0/UDP 127.0.0.1:5060;rport=5060;branch=z9hG4bKabc'],
    ['sip_full_from', '<sip:127.0.0.1:5060>;tag=tag1'],
    ['sip_full_to', '<sip:drachtio@127.0.0.1:5080>'],
    ['sip_req_user', 'drachtio'],
    ['sip_req_port', '5080'],
    ['sip_req_uri', 'drachtio@127.0.0.1:5080'],
    ['sip_req_host', '127.0.0.1'],
    ['sip_to_user', 'drachtio'],
    ['sip_to_port', '5080'],
    ['sip_to_uri', 'drachtio@127.0.0.1:5080'],
    ['sip_to_host', '127.0.0.1'],
    ['sip_contact_user', 'nobody'],
    ['sip_contact_port', '5060'],
    ['sip_contact_uri', 'nobody@127.0.0.1:5060'],
    ['sip_contact_host', '127.0.0.1'],
    ['sip_user_agent', 'drachtio-fsmrf:u-1'],
    ['sip_via_host', '127.0.0.1'],
    ['sip_via_port', '5060'],
    ['sip_via_rport', '5060'],
    ['max_forwards', '70'],
    ['sip_h_X-esl-outbound', '127.0.0.1:40000'],
  ]);
  t.same(profile, { callerIdName: 'unknown', callerIdNumber: undefined, destinationNumber: 'drachtio', channelName: 'sofia/drachtio_mrf/nobody@127.0.0.1:5060', userAgent: 'drachtio-fsmrf:u-1' });
});

void t.test('compact header names and display names are understood', async (t) => {
  const { vars, profile } = inviteVariables({
    requestUri: 'sip:ivr@10.0.0.5',
    headers: { f: '"Amt 3" <sip:0301234@10.0.0.9>;tag=q', t: '<sip:ivr@10.0.0.5>', i: 'c2', v: 'SIP/2.0/TCP 10.0.0.9:5070;branch=z9hG4bK1', m: '<sip:0301234@10.0.0.9:5070>' },
    network: { ip: '10.0.0.9', port: 5070, transport: 'tcp' },
    local: { ip: '10.0.0.5', port: 5080 },
    profileName: 'drachtio_mrf',
  }, 1);
  const map = new Map(vars);
  t.equal(map.get('sip_call_id'), 'c2');
  t.equal(map.get('sip_via_protocol'), 'tcp');
  t.equal(map.get('sip_via_rport'), undefined, 'no rport requested');
  t.same([profile.callerIdName, profile.callerIdNumber], ['Amt 3', '0301234']);
});
