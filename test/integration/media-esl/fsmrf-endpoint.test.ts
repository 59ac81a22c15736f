import t, { type Test } from 'tap';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import wavefile from 'wavefile';
import Mrf, { type Endpoint, type MediaServer } from 'drachtio-fsmrf';
import { decodeWav } from '../../../engine/media/src/wav/index.js';
import { startTestEngine, waitFor, type TestEngine } from './helpers/engine.js';
import { LoopbackSrf } from './helpers/loopback-srf.js';
import { RtpPeer } from './helpers/rtp-peer.js';

const { WaveFile } = wavefile;

function tone(rate: number, seconds: number, freq: number, amplitude: number): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * freq * i) / rate)));
}

function rms(samples: ArrayLike<number>, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] as number) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

function writeWav(path: string, rate: number, samples: Int16Array): void {
  const w = new WaveFile();
  w.fromScratch(1, rate, '16', samples);
  writeFileSync(path, w.toBuffer());
}

interface World {
  readonly te: TestEngine;
  readonly ms: MediaServer;
  readonly srf: LoopbackSrf;
  readonly prompt: string;
}

async function world(t: Test): Promise<World> {
  const te = await startTestEngine(t);
  mkdirSync(te.soundsDir, { recursive: true });
  const prompt = join(te.soundsDir, 'prompt.wav');
  // 16 kHz on purpose: playback must resample to 8 kHz.
  writeWav(prompt, 16000, tone(16000, 1.5, 440, 8000));
  const srf = new LoopbackSrf(te.engine);
  const ms = await new Mrf(srf).connect({ address: '127.0.0.1', port: te.engine.eslPort, secret: 'ClueCon', listenAddress: '127.0.0.1' });
  t.teardown(() => ms.disconnect());
  return { te, ms, srf, prompt };
}

async function endpoint(t: Test, w: World, peer: RtpPeer): Promise<Endpoint> {
  const ep = await w.ms.createEndpoint({ remoteSdp: peer.offer() });
  t.teardown(async () => {
    if (w.te.engine.channel(ep.uuid)) await ep.destroy().catch(() => undefined);
  });
  return ep;
}

void t.test('fsmrf connects: sofia status gives the SIP address, the endpoint gets the answer SDP', async (t) => {
  const w = await world(t);
  t.equal(w.ms.sip.ipv4.udp.address, '127.0.0.1:5080');
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  t.match(ep.local.sdp, new RegExp(`^v=0\\r\\no=FreeSWITCH \\d+ \\d+ IN IP4 127\\.0\\.0\\.1\\r\\ns=FreeSWITCH\\r\\nc=IN IP4 127\\.0\\.0\\.1\\r\\nt=0 0\\r\\nm=audio ${ep.local.mediaPort} RTP/AVP 0 101\\r\\n`));
  t.match(ep.local.sdp, /a=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n$/);
  t.equal(ep.remote.mediaPort, `${peer.port}`);
  t.equal(ep.dtmfType, 'rfc2833');
  t.ok(w.te.engine.channel(ep.uuid), 'the endpoint uuid is the engine channel');
});

void t.test('play sends the resampled WAV as 20 ms PCMU packets and reports FILE PLAYED values', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  const events: string[] = [];
  ep.on('playback-start', () => events.push('start'));
  ep.on('playback-stop', () => events.push('stop'));
  const before = peer.received.length;
  const result = await ep.play(w.prompt);
  t.same(result, { playbackSeconds: '1', playbackMilliseconds: '1500', playbackLastOffsetPos: '12000' });
  t.same(events, ['start', 'stop']);
  const packets = peer.received.slice(before).map((r) => r.packet);
  t.ok(packets.every((p) => p.payloadType === 0 && p.payload.length === 160), 'PCMU, 160 bytes each');
  const steps = packets.slice(1).map((p, i) => [(p.sequence - (packets[i]?.sequence ?? 0)) & 0xffff, (p.timestamp - (packets[i]?.timestamp ?? 0)) >>> 0]);
  // A stalled event loop may make the clock skip frames (timestamp +n*160), never lose packets.
  t.same(steps.filter(([seq, ts]) => seq !== 1 || ts === 0 || (ts ?? 1) % 160 !== 0), [], 'every packet: sequence +1, timestamp + a multiple of 160');
  const audio = peer.audio('PCMU', 0);
  const loudFrames = Array.from({ length: Math.floor(audio.length / 160) }, (_, i) => rms(audio, i * 160, (i + 1) * 160)).filter((r) => r > 1000).length;
  t.ok(Math.abs(loudFrames - 75) <= 2, `${loudFrames} frames of tone ≈ 75 (1.5 s)`);
  const loud = Array.from(audio).filter((_, i) => rms(audio, Math.floor(i / 160) * 160, Math.floor(i / 160) * 160 + 160) > 1000);
  t.ok(Math.abs(rms(loud) - 8000 / Math.SQRT2) < 300, `tone rms ${rms(loud).toFixed(0)}`);
});

void t.test('playing a missing file rejects with File Not Found', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  await t.rejects(ep.play(join(w.te.soundsDir, 'missing.wav')), /File Not Found/);
});

void t.test('DTMF sent as RFC 4733 ends play_and_get_digits with the terminator', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  const dtmf: Array<Record<string, string>> = [];
  ep.on('dtmf', (d: Record<string, string>) => dtmf.push(d));
  const collect = ep.playCollect({ file: w.prompt, min: 1, max: 4, tries: 1, timeout: 5000, terminators: '#', digitTimeout: 3000 });
  const port = Number(ep.local.mediaPort);
  for (const digit of ['1', '2', '3', '#']) await peer.sendDigit(port, digit, 160);
  const result = await collect;
  t.equal(result.digits, '123');
  t.equal(result.terminatorUsed, '#');
  t.notOk(result.invalidDigits, 'no invalid input');
  await waitFor(() => dtmf.length === 4);
  t.same(dtmf.map((d) => [d.dtmf, d.duration, d.source]), [['1', '1280', 'RTP'], ['2', '1280', 'RTP'], ['3', '1280', 'RTP'], ['#', '1280', 'RTP']]);
  const read = await ep.api('uuid_getvar', `${ep.uuid} read_result`);
  t.equal(read.getBody(), 'success');
});

void t.test('digits that fail the regexp land in <var>_invalid and the invalid prompt plays', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  const collect = ep.playCollect({ file: 'silence_stream://200', min: 1, max: 3, tries: 1, timeout: 5000, terminators: '#', regexp: '^9', digitTimeout: 2000 });
  const port = Number(ep.local.mediaPort);
  for (const digit of ['4', '5', '#']) await peer.sendDigit(port, digit, 100);
  const result = await collect;
  t.notOk(result.digits, 'no valid digits');
  t.equal(result.invalidDigits, '45');
});

void t.test('record writes a WAV holding the audio the caller sent, ended by a terminator digit', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  await ep.set('playback_terminators', '#');
  const file = join(w.te.recordingsDir, 'msg', 'one.wav');
  // The recording starts when the engine runs the app, not when fsmrf sends it: wait for
  // RECORD_START so that a loaded machine does not cut the start of the tone.
  const started = new Promise<void>((resolve) => {
    const off = w.te.engine.bus.subscribe((e) => {
      if (e.name === 'RECORD_START') { off(); resolve(); }
    }, (name) => name === 'RECORD_START');
  });
  const recording = ep.record(file, { timeLimitSecs: 20 });
  await started;
  const port = Number(ep.local.mediaPort);
  await peer.sendAudio(port, tone(8000, 1, 440, 6000), 'PCMU', 0);
  await peer.sendDigit(port, '#', 100);
  const result = await recording;
  t.equal(result.terminatorUsed, '#');
  const decoded = decodeWav(readFileSync(file));
  if (!decoded.ok) { t.fail(decoded.error.detail); return; }
  const pcm = decoded.value.samples;
  t.equal(decoded.value.sampleRate, 8000);
  t.equal(Number(result.recordSamples), pcm.length, 'record_samples matches the file');
  const frames = Array.from({ length: Math.floor(pcm.length / 160) }, (_, i) => rms(pcm, i * 160, (i + 1) * 160));
  const toneFrames = frames.filter((r) => r > 2000).length;
  t.ok(Math.abs(toneFrames - 50) <= 2, `${toneFrames} frames of tone ≈ 50 (1 s sent)`);
  const loud = frames.filter((r) => r > 2000);
  const meanRms = loud.reduce((a, b) => a + b, 0) / Math.max(1, loud.length);
  t.ok(Math.abs(meanRms - 6000 / Math.SQRT2) < 200, `recorded tone rms ${meanRms.toFixed(0)} ≈ ${(6000 / Math.SQRT2).toFixed(0)}`);
});

void t.test('record stops after the silence hits and reports it', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  const file = join(w.te.recordingsDir, 'silence.wav');
  const recording = ep.record(file, { timeLimitSecs: 20, silenceThresh: 200, silenceHits: 1 });
  await peer.sendAudio(Number(ep.local.mediaPort), tone(8000, 0.5, 440, 6000), 'PCMU', 0);
  const result = await recording;
  t.notOk(result.terminatorUsed, 'no terminator');
  const vars = await ep.getChannelVariables();
  t.equal(vars.variable_silence_hits_exhausted, 'true');
  t.ok(Number(result.recordMilliseconds) >= 1000, `${result.recordMilliseconds} ms: tone plus one second of silence`);
});

void t.test('set, multiset and export land in the channel variables; media stats are added on request', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  await ep.set('x_single', 'one');
  await ep.set({ x_a: '1', x_b: '2' });
  await ep.export('x_exported', 'yes');
  const vars = await ep.getChannelVariables(true);
  t.equal(vars.variable_x_single, 'one');
  t.equal(vars.variable_x_a, '1');
  t.equal(vars.variable_x_b, '2');
  t.equal(vars.variable_x_exported, 'yes');
  t.equal(vars['Unique-ID'], ep.uuid);
  t.equal(vars.variable_park_after_bridge, 'true', 'the mrf dialplan ran');
  t.ok(Number(vars.variable_rtp_audio_out_packet_count) > 0, `rtp_audio_out_packet_count ${vars.variable_rtp_audio_out_packet_count}`);
  t.match(vars.variable_rtp_local_sdp_str ?? '', /^v=0\r\n/);
});

void t.test('uuid_break stops a long playback early', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  ep.once('playback-start', () => {
    void ep.api('uuid_break', ep.uuid);
  });
  const result = await ep.play('tone_stream://%(60000,0,425)');
  t.ok(Number(result.playbackLastOffsetPos) < 8000 * 10, `stopped at sample ${result.playbackLastOffsetPos}`);
});

void t.test('destroy hangs up: the engine sends BYE and the channel is gone', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  const leg = w.srf.legs[0];
  const hangups: string[] = [];
  leg?.onHangup((info) => hangups.push(`${info.initiator}:${info.cause}:${info.q850}`));
  await ep.destroy();
  t.same(hangups, ['local:NORMAL_CLEARING:16']);
  await waitFor(() => w.te.engine.channel(ep.uuid) === undefined);
});

void t.test('a BYE from the far side destroys the endpoint', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  const destroyed = new Promise<void>((resolve) => ep.once('destroy', () => resolve()));
  w.srf.legs[0]?.bye();
  await destroyed;
  t.pass('endpoint emitted destroy');
});

void t.test('a 3pcc endpoint gets an offer and becomes sendonly after the black-hole ACK', async (t) => {
  const w = await world(t);
  const ep = await w.ms.createEndpoint();
  t.teardown(() => ep.destroy().catch(() => undefined));
  t.match(ep.local.sdp, /m=audio \d+ RTP\/AVP 0 8 101 13\r\n/);
  const vars = await ep.getChannelVariables();
  t.equal(vars.variable_media_audio_mode, 'sendonly');
  t.equal(vars.variable_remote_audio_media_flow, 'recvonly');
});

void t.test('re-INVITE with a PCMA offer switches the codec', async (t) => {
  const w = await world(t);
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await endpoint(t, w, peer);
  await ep.modify(peer.offer([[8, 'PCMA']]));
  const vars = await ep.getChannelVariables();
  t.equal(vars.variable_read_codec, 'PCMA');
  t.match(vars.variable_rtp_local_sdp_str ?? '', /m=audio \d+ RTP\/AVP 8 101/);
});

void t.test('say composes a German number from the shipped prompt parts', async (t) => {
  const promptsDir = join(import.meta.dirname, '..', '..', '..', 'assets', 'prompts');
  const te = await startTestEngine(t, { soundsDir: promptsDir });
  const ms = await new Mrf(new LoopbackSrf(te.engine)).connect({ address: '127.0.0.1', port: te.engine.eslPort, secret: 'ClueCon', listenAddress: '127.0.0.1' });
  t.teardown(() => ms.disconnect());
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const ep = await ms.createEndpoint({ remoteSdp: peer.offer() });
  t.teardown(() => ep.destroy().catch(() => undefined));
  const started: string[] = [];
  ep.on('playback-start', (e: { file: string }) => started.push(e.file.slice(promptsDir.length + 1)));
  const result = await (ep as unknown as { say(text: string, opts: Record<string, string>): Promise<Record<string, string>> })
    .say('21', { lang: 'de', sayType: 'NUMBER', sayMethod: 'pronounced' });
  t.same(started, ['de/digits/ein.wav', 'de/currency/and.wav', 'de/digits/20.wav']);
  const index = JSON.parse(readFileSync(join(promptsDir, 'index.json'), 'utf8')) as { languages: { de: Record<string, { durationMs: number }> } };
  t.equal(result.playbackMilliseconds, `${index.languages.de['digits/20']?.durationMs}`, 'playback_ms of the last part');
});
