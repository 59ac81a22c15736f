/**
 * Minimal drachtio-srf app for the engine benchmark: answers every INVITE with 200 (createUAS)
 * and lets srf answer the BYE. Prints a 'listening' JSON line once connected.
 */
import Srf from 'drachtio-srf';
import type { SrfApp } from '../../../server/src/sip/srf-types.js';

const [host = '127.0.0.1', port = '9022'] = (process.argv[2] ?? '').split(':');
const srf = new Srf() as unknown as SrfApp;
const sdp = 'v=0\r\no=app 1 1 IN IP4 127.0.0.1\r\ns=app\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41420 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';
srf.connect({ host, port: Number(port), secret: process.env.ZENTRALE_ENGINE_SECRET ?? '' });
srf.on('connect', () => process.stdout.write(JSON.stringify({ event: 'listening' }) + '\n'));
srf.on('error', (err: Error) => process.stderr.write(`srf error: ${err.message}\n`));
srf.invite((req, res) => {
  srf.createUAS(req, res, { localSdp: sdp }).catch(() => undefined);
});
