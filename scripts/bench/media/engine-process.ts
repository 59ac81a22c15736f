/**
 * The media engine under benchmark, in its own process: starts the engine, then creates one
 * channel per sink port through the SIP-side boundary, each pointing its outbound event socket
 * at the benchmark's app server (as fsmrf's X-esl-outbound would).
 */
import { startMediaEngine } from '../../../engine/media/src/index.js';

interface Setup {
  readonly sinkPorts: readonly number[];
  readonly appPort: number;
  readonly slots: number;
}

async function main(): Promise<void> {
  const setup = await new Promise<Setup>((resolve) => process.once('message', (m: Setup) => resolve(m)));
  const engine = await startMediaEngine({
    esl: { port: 0 },
    rtp: { portMin: 30000, portMax: 31999, clockSlots: setup.slots },
    soundsDir: 'assets/prompts',
  });
  let created = 0;
  for (const sinkPort of setup.sinkPorts) {
    const offer = [
      'v=0', 'o=bench 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
      `m=audio ${sinkPort} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=ptime:20', '',
    ].join('\r\n');
    const result = await engine.createChannel({
      remoteSdp: offer,
      requestUri: 'sip:drachtio@127.0.0.1:5080',
      sipHeaders: {
        From: '<sip:127.0.0.1:5060>;tag=b', To: '<sip:drachtio@127.0.0.1:5080>', 'Call-ID': `bench-${sinkPort}`, CSeq: '1 INVITE',
        Via: 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKb', Contact: '<sip:127.0.0.1:5060>', 'User-Agent': `drachtio-fsmrf:bench-${sinkPort}`,
        'X-esl-outbound': `127.0.0.1:${setup.appPort}`,
      },
      network: { ip: '127.0.0.1', port: 5060 },
    });
    if (result.ok) {
      result.leg.ack();
      created++;
    }
  }
  process.send?.({ kind: 'ready', created, pid: process.pid });
  process.on('message', (m: { kind: string }) => {
    if (m.kind === 'clock') process.send?.({ kind: 'clock', stats: engine.clock.stats() });
    if (m.kind === 'reset') engine.clock.resetStats();
    if (m.kind === 'stop') void engine.stop().then(() => process.exit(0));
  });
}

void main();
