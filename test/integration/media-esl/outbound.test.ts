import t, { type Test } from 'tap';
import { createServer, type Server } from 'node:net';
import esl, { type EslConnection, type EslEvent } from 'drachtio-modesl';
import type { HangupInfo, MediaEngine, MrfLeg } from '../../../engine/media/src/index.js';
import { startTestEngine, waitFor } from './helpers/engine.js';
import { RtpPeer } from './helpers/rtp-peer.js';

interface Outbound {
  readonly leg: MrfLeg;
  readonly conn: EslConnection;
  readonly uuid: string;
  readonly hangups: HangupInfo[];
  readonly events: EslEvent[];
  readonly peer: RtpPeer;
}

/** Listens like fsmrf does (esl.Server on a net.Server) and creates a channel pointing at it. */
async function outbound(t: Test, engine: MediaEngine): Promise<Outbound> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const eslServer = new esl.Server({ server, myevents: false });
  const ready = new Promise<EslConnection>((resolve) => eslServer.on('connection::ready', (conn) => resolve(conn)));
  const peer = await RtpPeer.open();
  t.teardown(() => {
    peer.close();
    server.close();
  });
  const result = await engine.createChannel({
    remoteSdp: peer.offer(),
    requestUri: 'sip:drachtio@127.0.0.1:5080',
    sipHeaders: {
      From: '<sip:127.0.0.1:5060>;tag=f1', To: '<sip:drachtio@127.0.0.1:5080>', 'Call-ID': `c-${Math.random()}`, CSeq: '1 INVITE',
      Via: 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx', Contact: '<sip:127.0.0.1:5060>', 'User-Agent': 'drachtio-fsmrf:test',
      'X-esl-outbound': `127.0.0.1:${port}`,
    },
    network: { ip: '127.0.0.1', port: 5060 },
  });
  if (!result.ok) throw new Error(result.rejection.detail);
  const hangups: HangupInfo[] = [];
  result.leg.onHangup((h) => hangups.push(h));
  result.leg.ack();
  const conn = await ready;
  const events: EslEvent[] = [];
  conn.on('esl::event::**', (e) => {
    if (e.getHeader('Event-Name')) events.push(e);
  });
  return { leg: result.leg, conn, uuid: result.channel.uuid, hangups, events, peer };
}

function reply(conn: EslConnection, command: string): Promise<string | undefined> {
  return new Promise((resolve) => conn.sendRecv(command, (e) => resolve(e.getHeader('Reply-Text'))));
}

void t.test('connect returns CHANNEL_DATA for the channel created through the boundary', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  const info = o.conn.getInfo();
  t.equal(info.getHeader('Channel-Unique-ID'), o.uuid);
  t.equal(info.getHeader('Socket-Mode'), 'async');
  t.equal(info.getHeader('Control'), 'full');
  t.equal(info.getHeader('Reply-Text'), '+OK\n');
  t.equal(info.getHeader('variable_sip_user_agent'), 'drachtio-fsmrf:test');
  t.equal(info.getHeader('variable_current_application'), 'socket');
  t.equal(info.getHeader('variable_playback_terminators'), 'none');
  t.equal(info.getHeader('Channel-Call-State'), 'ACTIVE');
});

void t.test('execute completes with Application-UUID equal to the Event-UUID sent', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  await reply(o.conn, 'event json CHANNEL_EXECUTE_COMPLETE');
  const done = await new Promise<EslEvent>((resolve) => {
    const id = o.conn.execute('set', 'x_probe=42', resolve);
    t.match(id, /^[0-9a-f-]{36}$/);
  });
  t.equal(done.getHeader('Application'), 'set');
  t.equal(done.getHeader('Application-Response'), '_none_');
  t.equal(done.getHeader('variable_x_probe'), '42');
});

void t.test('loops run an application several times with current_loop/total_loops', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  await reply(o.conn, 'event json CHANNEL_EXECUTE');
  o.conn.send(`sendmsg ${o.uuid}`, { 'call-command': 'execute', 'execute-app-name': 'log', 'execute-app-arg': 'hello', loops: '3', 'Event-UUID': 'loop-1' });
  await waitFor(() => o.events.filter((e) => e.getHeader('Application-UUID') === 'loop-1').length === 3);
  t.same(o.events.filter((e) => e.getHeader('Application-UUID') === 'loop-1').map((e) => e.getHeader('variable_current_loop')), ['1', '2', '3']);
});

void t.test('without event-lock a set runs during a playback; with event-lock it waits', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  await reply(o.conn, 'event json CHANNEL_EXECUTE CHANNEL_EXECUTE_COMPLETE');
  const order = (): string[] => o.events.map((e) => `${e.getHeader('Event-Name') === 'CHANNEL_EXECUTE' ? '>' : '<'}${e.getHeader('Application')}`);
  o.conn.send(`sendmsg ${o.uuid}`, { 'call-command': 'execute', 'execute-app-name': 'playback', 'execute-app-arg': 'silence_stream://300', 'Event-UUID': 'p1' });
  o.conn.send(`sendmsg ${o.uuid}`, { 'call-command': 'execute', 'execute-app-name': 'set', 'execute-app-arg': 'a=1', 'Event-UUID': 's1' });
  await waitFor(() => order().includes('<playback'));
  t.same(order(), ['>playback', '>set', '<set', '<playback'], 'set ran inside the playback');
  o.events.length = 0;
  o.conn.send(`sendmsg ${o.uuid}`, { 'call-command': 'execute', 'execute-app-name': 'playback', 'execute-app-arg': 'silence_stream://300', 'event-lock': 'true', 'Event-UUID': 'p2' });
  o.conn.send(`sendmsg ${o.uuid}`, { 'call-command': 'execute', 'execute-app-name': 'set', 'execute-app-arg': 'b=1', 'Event-UUID': 's2' });
  await waitFor(() => order().includes('<set'));
  t.same(order(), ['>playback', '<playback', '>set', '<set'], 'event-lock held the set back');
});

void t.test('uuid_break all stops the playback and drops queued media applications', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  await reply(o.conn, 'event json CHANNEL_EXECUTE_COMPLETE PLAYBACK_STOP');
  o.conn.send(`sendmsg ${o.uuid}`, { 'call-command': 'execute', 'execute-app-name': 'playback', 'execute-app-arg': 'tone_stream://%(10000,0,425)', 'Event-UUID': 'long' });
  o.conn.send(`sendmsg ${o.uuid}`, { 'call-command': 'execute', 'execute-app-name': 'playback', 'execute-app-arg': 'tone_stream://%(10000,0,425)', 'Event-UUID': 'queued' });
  await waitFor(() => engine.channel(o.uuid)?.vars.get('current_application') === 'playback');
  const body = await new Promise<string>((resolve) => o.conn.api(`uuid_break ${o.uuid} all`, (e) => resolve(e.getBody())));
  t.equal(body, '-ERR no reply\n', 'uuid_break prints nothing, as in FreeSWITCH');
  await waitFor(() => o.events.some((e) => e.getHeader('Application-UUID') === 'long' && e.getHeader('Event-Name') === 'CHANNEL_EXECUTE_COMPLETE'));
  const stop = o.events.find((e) => e.getHeader('Event-Name') === 'PLAYBACK_STOP');
  t.equal(stop?.getHeader('Playback-Status'), 'break');
  t.notOk(o.events.some((e) => e.getHeader('Application-UUID') === 'queued'), 'the queued playback was dropped');
});

void t.test('an unknown application hangs the call up with DESTINATION_OUT_OF_ORDER, like FreeSWITCH', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  o.conn.send(`sendmsg ${o.uuid}`, { 'call-command': 'execute', 'execute-app-name': 'speak', 'execute-app-arg': 'flite|kal|hallo' });
  await waitFor(() => o.hangups.length === 1);
  t.same(o.hangups.map((h) => [h.initiator, h.cause, h.q850]), [['local', 'DESTINATION_OUT_OF_ORDER', 27]]);
});

void t.test('sendmsg call-command hangup uses the given cause', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  o.conn.send(`sendmsg ${o.uuid}`, { 'call-command': 'hangup', 'hangup-cause': 'USER_BUSY' });
  await waitFor(() => o.hangups.length === 1);
  t.equal(o.hangups[0]?.cause, 'USER_BUSY');
});

void t.test('linger keeps the socket open after hangup and sends the linger notice first', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  t.equal(await reply(o.conn, 'linger 1'), '+OK will linger 1 seconds');
  t.equal(await reply(o.conn, 'myevents'), '+OK Events Enabled');
  const notices: string[] = [];
  o.conn.on('esl::event::disconnect::notice', (e) => notices.push(e.getHeader('Content-Disposition') ?? ''));
  const closed = new Promise<void>((resolve) => o.conn.on('esl::end', () => resolve()));
  o.conn.execute('hangup', 'NORMAL_CLEARING', () => undefined);
  await closed;
  t.same(notices, ['linger', 'disconnect']);
  t.ok(o.events.some((e) => e.getHeader('Event-Name') === 'CHANNEL_HANGUP_COMPLETE'), 'events after the hangup still arrived while lingering');
});

void t.test('closing the controlling socket hangs the call up', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  o.conn.disconnect();
  await waitFor(() => o.hangups.length === 1);
  t.same(o.hangups.map((h) => [h.initiator, h.cause]), [['local', 'NORMAL_CLEARING']]);
});

void t.test('a remote BYE ends the socket with CHANNEL_CALLSTATE HANGUP then the disconnect notice', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  await reply(o.conn, 'event json CHANNEL_CALLSTATE');
  const closed = new Promise<void>((resolve) => o.conn.on('esl::end', () => resolve()));
  engine.channel(o.uuid)?.hangup('NORMAL_CLEARING', 'remote');
  await closed;
  const last = o.events[o.events.length - 1];
  t.equal(last?.getHeader('Channel-Call-State'), 'HANGUP');
  t.equal(last?.getHeader('Hangup-Cause'), 'NORMAL_CLEARING');
  t.same(o.hangups.map((h) => h.initiator), ['remote']);
});

void t.test('send_dtmf goes out as RFC 4733 packets with three end packets', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  await reply(o.conn, 'event json CHANNEL_EXECUTE_COMPLETE');
  const start = o.peer.received.length;
  await new Promise((resolve) => o.conn.execute('send_dtmf', '5@100', resolve));
  await waitFor(() => o.peer.received.slice(start).filter((r) => r.packet.payloadType === 101 && ((r.packet.payload[1] ?? 0) & 0x80) !== 0).length === 3);
  const dtmf = o.peer.received.slice(start).filter((r) => r.packet.payloadType === 101).map((r) => r.packet);
  t.equal(dtmf[0]?.marker, true);
  t.ok(dtmf.every((p) => p.timestamp === dtmf[0]?.timestamp && p.payload[0] === 5), 'one timestamp, event 5');
  t.same(dtmf.filter((p) => ((p.payload[1] ?? 0) & 0x80) !== 0).map((p) => ((p.payload[2] ?? 0) << 8) | (p.payload[3] ?? 0)), [800, 800, 800]);
});

void t.test('a hold re-INVITE stops our RTP and fires CHANNEL_HOLD; unhold resumes it', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  await reply(o.conn, 'event json CHANNEL_HOLD CHANNEL_UNHOLD CHANNEL_CALLSTATE');
  const channel = engine.channel(o.uuid);
  const leg = o.leg;
  await waitFor(() => o.peer.received.length > 3);
  const held = leg.reinvite(o.peer.offer().replace('a=sendrecv', 'a=sendonly'));
  t.match(held.ok ? held.localSdp : '', /a=recvonly\r\n$/);
  await waitFor(() => o.events.some((e) => e.getHeader('Event-Name') === 'CHANNEL_HOLD'));
  t.equal(channel?.callState, 'HELD');
  const count = o.peer.received.length;
  const frame = engine.clock.currentFrame;
  await waitFor(() => engine.clock.currentFrame >= frame + 10);
  t.ok(o.peer.received.length - count <= 1, 'no RTP for ten frames towards a party that only sends');
  const resumed = leg.reinvite(o.peer.offer());
  t.ok(resumed.ok);
  await waitFor(() => o.events.some((e) => e.getHeader('Event-Name') === 'CHANNEL_UNHOLD'));
  const before = o.peer.received.length;
  await waitFor(() => o.peer.received.length > before + 3);
  t.equal(channel?.callState, 'ACTIVE');
});

void t.test('an inbound connection sees the channel in show channels and can sendmsg to it', async (t) => {
  const { engine } = await startTestEngine(t);
  const o = await outbound(t, engine);
  const inbound = await new Promise<EslConnection>((resolve) => {
    const c: EslConnection = new esl.Connection('127.0.0.1', engine.eslPort, 'ClueCon', () => resolve(c));
  });
  t.teardown(() => inbound.disconnect());
  const csv = await new Promise<string>((resolve) => inbound.api('show channels', (e) => resolve(e.getBody())));
  t.match(csv, /^uuid,direction,created,created_epoch,name,state,cid_name,/);
  t.match(csv, new RegExp(`\\n${o.uuid},inbound,`));
  t.match(csv, /\n\n1 total\.\n$/);
  const json = await new Promise<string>((resolve) => inbound.api('show channels as json', (e) => resolve(e.getBody())));
  t.equal((JSON.parse(json) as { row_count: number }).row_count, 1);
  const r = await new Promise<string | undefined>((resolve) => inbound.sendRecv(`sendmsg ${o.uuid}\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: from_inbound=yes`, (e) => resolve(e.getHeader('Reply-Text'))));
  t.equal(r, '+OK');
  await waitFor(() => engine.channel(o.uuid)?.vars.get('from_inbound') === 'yes');
  const bad = await new Promise<string | undefined>((resolve) => inbound.sendRecv('sendmsg 00000000-0000-0000-0000-000000000000\ncall-command: execute\nexecute-app-name: set\nexecute-app-arg: x=1', (e) => resolve(e.getHeader('Reply-Text'))));
  t.equal(bad, '-ERR invalid session id [00000000-0000-0000-0000-000000000000]');
  t.equal(await new Promise<string>((resolve) => inbound.api(`uuid_getvar ${o.uuid} from_inbound`, (e) => resolve(e.getBody()))), 'yes');
});
