import t, { type Test } from 'tap';
import { createSocket } from 'node:dgram';
import { encodeG711 } from '../../../engine/media/src/codec/index.js';
import { MediaClock, PortAllocator, RtpSession, writeRtpHeader } from '../../../engine/media/src/rtp/index.js';
import type { NegotiatedMedia } from '../../../engine/media/src/sdp/index.js';
import { PcmSource } from '../../../engine/media/src/tone/index.js';
import { waitFor } from './helpers/engine.js';
import { RtpPeer } from './helpers/rtp-peer.js';

const base = 23000 + (process.pid % 100) * 20;

function media(port: number): NegotiatedMedia {
  return {
    codec: 'PCMU', payloadType: 0, telephoneEventPayloadType: 101, remote: { ip: '127.0.0.1', port },
    remoteDirection: 'sendrecv', localDirection: 'sendrecv', remotePtime: 20, remoteOnHold: false,
  };
}

async function session(t: Test, remotePort: number): Promise<RtpSession> {
  const clock = new MediaClock();
  const ports = new PortAllocator('127.0.0.1', base, base + 19);
  const s = new RtpSession({ port: await ports.allocate(), clock, media: media(remotePort), ssrc: 77 });
  s.start();
  t.teardown(() => {
    s.close();
    clock.stop();
  });
  return s;
}

void t.test('symmetric RTP: packets go to where the peer really sends from', async (t) => {
  const announced = await RtpPeer.open();
  const actual = await RtpPeer.open();
  t.teardown(() => {
    announced.close();
    actual.close();
  });
  const s = await session(t, announced.port);
  await waitFor(() => announced.received.length > 2);
  const probe = Buffer.alloc(172);
  writeRtpHeader(probe, true, 0, 1, 1000, 9);
  actual.socket.send(probe, s.localPort, '127.0.0.1');
  await waitFor(() => actual.received.length > 2);
  t.same(s.remoteAddress, { ip: '127.0.0.1', port: actual.port });
  const before = announced.received.length;
  await waitFor(() => actual.received.length > 10);
  t.ok(announced.received.length - before <= 1, 'the announced address gets nothing more');
});

void t.test('reordered packets come out of the jitter buffer in order', async (t) => {
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const s = await session(t, peer.port);
  const frames: number[] = [];
  s.addFrameListener((samples, real) => {
    if (real) frames.push(samples[0] as number);
  });
  const sender = createSocket('udp4');
  t.teardown(() => sender.close());
  for (const n of [1, 3, 2, 5, 4, 6]) {
    const payload = encodeG711('PCMU', new Int16Array(160).fill(n * 1000));
    const packet = Buffer.alloc(172);
    writeRtpHeader(packet, n === 1, 0, n, n * 160, 4242);
    packet.set(payload, 12);
    sender.send(packet, s.localPort, '127.0.0.1');
  }
  await waitFor(() => frames.length >= 6);
  t.same(frames.slice(0, 6).map((v) => Math.round(v / 1000)), [1, 2, 3, 4, 5, 6]);
});

void t.test('a played source is sent frame by frame and its end is reported once', async (t) => {
  const peer = await RtpPeer.open();
  t.teardown(() => peer.close());
  const s = await session(t, peer.port);
  let ends = 0;
  const start = peer.received.length;
  await new Promise<void>((resolve) => {
    s.play(new PcmSource(new Int16Array(400).fill(5000)), () => {
      ends++;
      resolve();
    });
  });
  await waitFor(() => peer.received.length - start >= 4);
  t.equal(ends, 1);
  const stats = s.stats();
  t.ok(stats.outMediaPacketCount >= 3);
  t.equal(stats.outMediaBytes, stats.outMediaPacketCount * 160);
});
