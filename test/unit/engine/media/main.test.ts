import t from 'tap';
import { parseMediaEngineArgs } from '../../../../engine/media/src/main.js';
import { parseMediaEngineConfig } from '../../../../engine/media/src/config.js';

void t.test('defaults mirror the production FreeSWITCH configuration', async (t) => {
  const r = parseMediaEngineArgs([], {});
  t.same(r.ok && { esl: r.value.esl, password: r.value.password, rtp: r.value.rtpPorts, codecs: r.value.codecs }, {
    esl: { host: '127.0.0.1', port: 8021 }, password: 'ClueCon', rtp: { min: 20000, max: 20999 }, codecs: ['PCMU', 'PCMA'],
  });
});

void t.test('flags and the password environment variable are read', async (t) => {
  const r = parseMediaEngineArgs(['--esl', '127.0.0.1:18021', '--rtp-ports', '30000-30099', '--codecs', 'pcma'], { ZENTRALE_ESL_PASSWORD: 'geheim' });
  t.same(r.ok && [r.value.esl.port, r.value.rtpPorts, r.value.codecs, r.value.password], [18021, { min: 30000, max: 30099 }, ['PCMA'], 'geheim']);
});

void t.test('bad flags are reported with the flag name', async (t) => {
  const r = parseMediaEngineArgs(['--esl', 'nonsense', '--codecs', 'G722'], {});
  t.equal(r.ok, false);
  t.match(!r.ok ? r.errors.join('\n') : '', /--esl: expected HOST:PORT/);
  t.match(!r.ok ? r.errors.join('\n') : '', /--codecs/);
  t.same(parseMediaEngineArgs(['--help'], {}), { ok: false, errors: [], help: true });
  t.equal(parseMediaEngineArgs(['--unknown'], {}).ok, false);
});

void t.test('the config schema rejects unknown keys and an empty port range', async (t) => {
  const unknown = parseMediaEngineConfig({ esl: { prot: 1 } });
  t.match(!unknown.ok ? unknown.issues.join('\n') : '', /esl/);
  const range = parseMediaEngineConfig({ rtp: { portMin: 30000, portMax: 29000 } });
  t.match(!range.ok ? range.issues.join('\n') : '', /rtp\.portMin: rtp\.portMin must not exceed rtp\.portMax/);
  const ok = parseMediaEngineConfig({});
  t.ok(ok.ok && Object.isFrozen(ok.value), 'frozen');
});
