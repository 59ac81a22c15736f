import t, { type Test } from 'tap';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import wavefile from 'wavefile';
import Mrf, { type MediaServer } from 'drachtio-fsmrf';
import { startTestEngine, waitFor, type TestEngine } from './helpers/engine.js';
import { startTap, type EslTap } from './helpers/esl-tap.js';
import { compareStream } from './helpers/compare.js';
import { LoopbackSrf } from './helpers/loopback-srf.js';
import { RtpPeer } from './helpers/rtp-peer.js';
import { Bindings, loadTranscript } from './helpers/transcript.js';

const { WaveFile } = wavefile;

/**
 * Keys where the engine knowingly differs from the recorded FreeSWITCH, each with its reason
 * (also listed in engine/media/README.md).
 */
const ALLOWED = new Map<string, string>([
  ['variable_sip_to_tag', 'present only when the ACK was processed before the socket connected (README: run-to-run variation)'],
  ['variable_sip_cseq', 'same run-to-run variation'],
  ['variable_rtp_last_audio_local_crypto_key', 'no SRTP: the 3pcc offer has no RTP/SAVP stream'],
  ['variable_rtp_last_video_local_crypto_key', 'no SRTP'],
  ['variable_rtp_last_text_local_crypto_key', 'no SRTP'],
  ['variable_srtp_remote_audio_crypto_key', 'no SRTP'],
  ['variable_srtp_remote_audio_crypto_type', 'no SRTP'],
  ['variable_rtp_has_crypto', 'no SRTP'],
  ['variable_rtp_secure_audio_confirmed', 'no SRTP'],
  ['variable_rtp_secure_media_negotiated', 'no SRTP'],
  ['variable_sip_reinvite_sdp', 'FreeSWITCH copies the ACK answer here; the engine keeps it in switch_r_sdp only'],
  ['variable_media_timeout_audio', 'media timeouts are not implemented (FreeSWITCH sets them to 0 here)'],
  ['variable_media_hold_timeout_audio', 'media timeouts are not implemented (0 in the recording)'],
  ['variable_rtp_timeout_sec', 'media timeouts are not implemented (0 in the recording)'],
  ['variable_rtp_hold_timeout_sec', 'media timeouts are not implemented (0 in the recording)'],
]);

interface Scenario {
  readonly te: TestEngine;
  readonly ms: MediaServer;
  readonly inboundTap: EslTap;
  readonly outboundTap: EslTap;
  readonly audioDir: string;
}

async function setup(t: Test, heartbeatSec = 20): Promise<Scenario> {
  // A five-digit SIP port like FreeSWITCH's in the recording keeps `sofia status` column widths equal.
  const te = await startTestEngine(t, { sip: { port: 15080 }, esl: { heartbeatSec } });
  const audioDir = te.soundsDir;
  mkdirSync(audioDir, { recursive: true });
  // The conformance prompt: 0.5 s 440 Hz, 0.25 s silence, 0.5 s 660 Hz, 0.25 s silence (8 kHz).
  const prompt = new Int16Array(12000);
  for (let i = 0; i < 4000; i++) prompt[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  for (let i = 0; i < 4000; i++) prompt[6000 + i] = Math.round(8000 * Math.sin((2 * Math.PI * 660 * i) / 8000));
  const w = new WaveFile();
  w.fromScratch(1, 8000, '16', prompt);
  writeFileSync(join(audioDir, 'prompt.wav'), w.toBuffer());
  const inboundTap = await startTap({ host: '127.0.0.1', port: te.engine.eslPort });
  const outboundTap = await startTap();
  t.teardown(async () => {
    await inboundTap.close();
    await outboundTap.close();
  });
  const ms = await new Mrf(new LoopbackSrf(te.engine)).connect({
    address: '127.0.0.1', port: inboundTap.port, secret: 'ClueCon', listenAddress: '127.0.0.1', advertisedAddress: '127.0.0.1', advertisedPort: outboundTap.port,
  } as Parameters<Mrf['connect']>[0]);
  const listen = (ms as unknown as { listenPort: number }).listenPort;
  outboundTap.target = { host: '127.0.0.1', port: listen };
  return { te, ms, inboundTap, outboundTap, audioDir };
}

function check(t: Test, scenario: string, s: Scenario, channel: 'esl-inbound' | 'esl-outbound', ignoredValues?: ReadonlyMap<string, string>): void {
  const expected = loadTranscript(scenario).filter((r) => r.channel === channel && r.dir === 'fs->app');
  const tap = channel === 'esl-inbound' ? s.inboundTap : s.outboundTap;
  // Outbound, the engine is the TCP client; inbound, fsmrf is.
  const fromEngine = channel === 'esl-outbound' ? 'client->server' : 'server->client';
  const actual = tap.messages.filter((m) => m.dir === fromEngine && m.conn === 1);
  const diffs = compareStream(expected, actual, new Bindings(), { allowedKeyDifferences: ALLOWED, ...(ignoredValues ? { ignoredValues } : {}) });
  t.same(diffs, [], `${scenario} ${channel} matches the FreeSWITCH transcript`);
  const commands = loadTranscript(scenario).filter((r) => r.channel === channel && r.dir === 'app->fs').map((r) => r.head.split('\n')[0]?.replace(/\{\{[A-Z_0-9]+\}\}/g, '*'));
  const sent = tap.messages.filter((m) => m.dir !== fromEngine && m.conn === 1).map((m) => m.head.split('\n')[0]?.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '*').replace(new RegExp(s.audioDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), '*'));
  t.same(sent, commands, `${scenario} ${channel}: fsmrf sent the same commands`);
}

async function finish(s: Scenario): Promise<void> {
  s.ms.disconnect();
  await waitFor(() => s.inboundTap.messages.some((m) => m.head.startsWith('Content-Type: text/disconnect-notice')));
  if (s.outboundTap.messages.length > 0) {
    await waitFor(() => s.outboundTap.messages.some((m) => m.head.startsWith('Content-Type: text/disconnect-notice')));
  }
}

void t.test('connect-caller: CHANNEL_DATA, subscription, hangup sequence as recorded', async (t) => {
  const s = await setup(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await s.ms.createEndpoint({ remoteSdp: peer.offer([[0, 'PCMU']], false) });
  await ep.destroy();
  await finish(s);
  check(t, 'connect-caller', s, 'esl-outbound');
  check(t, 'connect-caller', s, 'esl-inbound');
});

void t.test('play: PLAYBACK_START/STOP and FILE PLAYED as recorded', async (t) => {
  const s = await setup(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await s.ms.createEndpoint({ remoteSdp: peer.offer([[0, 'PCMU']], false) });
  await ep.play(join(s.audioDir, 'prompt.wav'));
  await ep.destroy();
  await finish(s);
  check(t, 'play', s, 'esl-outbound');
});

void t.test('play-missing-file: FILE NOT FOUND as recorded', async (t) => {
  const s = await setup(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await s.ms.createEndpoint({ remoteSdp: peer.offer([[0, 'PCMU']], false) });
  await ep.play(join(s.audioDir, 'missing.wav')).catch(() => undefined);
  await ep.destroy();
  await finish(s);
  check(t, 'play-missing-file', s, 'esl-outbound');
});

void t.test('play-collect: DTMF events and read variables as recorded', async (t) => {
  const s = await setup(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await s.ms.createEndpoint({ remoteSdp: peer.offer([[0, 'PCMU']], false) });
  const collect = ep.playCollect({ file: join(s.audioDir, 'prompt.wav'), min: 1, max: 4, tries: 1, timeout: 5000, terminators: '#', digitTimeout: 3000 });
  const port = Number(ep.local.mediaPort);
  // Like SIPp's fs-caller-dtmf.xml: the first digit arrives while the prompt is still playing.
  await new Promise((r) => ep.once('playback-start', r));
  const rtp = s.te.engine.channel(ep.uuid)?.rtp;
  const sent = rtp?.stats().outPacketCount ?? 0;
  await waitFor(() => (rtp?.stats().outPacketCount ?? 0) >= sent + 35);
  for (const digit of ['1', '2', '3', '#']) await peer.sendDigit(port, digit, 280);
  await collect;
  await ep.destroy();
  await finish(s);
  check(t, 'play-collect', s, 'esl-outbound');
});

void t.test('set: set and multiset events as recorded', async (t) => {
  const s = await setup(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await s.ms.createEndpoint({ remoteSdp: peer.offer([[0, 'PCMU']], false) });
  await ep.set('x_conformance', 'one');
  await ep.set({ x_a: '1', x_b: '2' });
  await ep.destroy();
  await finish(s);
  check(t, 'set', s, 'esl-outbound');
});

void t.test('get-channel-variables: uuid_set_media_stats and uuid_dump as recorded', async (t) => {
  const s = await setup(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await s.ms.createEndpoint({ remoteSdp: peer.offer([[0, 'PCMU']], false) });
  await ep.getChannelVariables(true);
  await ep.destroy();
  await finish(s);
  check(t, 'get-channel-variables', s, 'esl-outbound');
});

void t.test('mrf-connect: inbound auth, subscription, sofia status, HEARTBEAT and exit as recorded', async (t) => {
  const s = await setup(t, 1);
  await waitFor(() => s.inboundTap.messages.some((m) => (m.body ?? '').includes('"Event-Name":"HEARTBEAT"')));
  await finish(s);
  check(t, 'mrf-connect', s, 'esl-inbound');
});

void t.test('record: a 2 s limit while the caller sends 30 ms PCMA packets, as recorded', async (t) => {
  const s = await setup(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await s.ms.createEndpoint({ remoteSdp: peer.offer([[8, 'PCMA']], false) });
  const recording = ep.record(join(s.te.recordingsDir, 'conformance.wav'), { timeLimitSecs: 2 });
  const audio = Int16Array.from({ length: 8000 * 3 }, (_, i) => Math.round(5000 * Math.sin((2 * Math.PI * 500 * i) / 8000)));
  void peer.sendAudio(Number(ep.local.mediaPort), audio, 'PCMA', 8, 30);
  const result = await recording;
  t.ok(Number(result.recordMilliseconds) >= 1700 && Number(result.recordMilliseconds) <= 2100, `record_ms ${result.recordMilliseconds} within FreeSWITCH's 1.7-2.1 s`);
  await ep.destroy();
  await finish(s);
  check(t, 'record', s, 'esl-outbound');
});

void t.test('create-endpoint-3pcc: offer, black-hole ACK, CHANNEL_DATA as recorded (without SRTP)', async (t) => {
  const s = await setup(t);
  const ep = await s.ms.createEndpoint();
  await ep.destroy();
  await finish(s);
  check(t, 'create-endpoint-3pcc', s, 'esl-outbound', new Map([
    ['variable_rtp_local_sdp_str', 'no SRTP: FreeSWITCH offers RTP/SAVP with crypto plus RTP/AVP, the engine RTP/AVP only'],
    ['variable_switch_r_sdp', 'the black-hole ACK echoes that offer'],
  ]));
});
