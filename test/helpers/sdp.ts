/** A constant SDP for tests, as the conformance app used (port 41420). */
export const APP_SDP = [
  'v=0', 'o=app 1700000000 1 IN IP4 127.0.0.1', 's=app', 'c=IN IP4 127.0.0.1', 't=0 0',
  'm=audio 41420 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=sendrecv', '',
].join('\r\n');
