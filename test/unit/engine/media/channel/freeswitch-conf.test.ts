import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MRF_STEPS, MRF_USER_AGENT } from '../../../../../engine/media/src/channel/mrf-dialplan.js';
import { mediaEngineConfigSchema } from '../../../../../engine/media/src/config.js';

const conf = join(import.meta.dirname, '..', '..', '..', '..', '..', 'freeswitch-conf');
const read = (path: string): string => readFileSync(join(conf, path), 'utf8');
const params = (xml: string): Map<string, string> =>
  new Map(Array.from(xml.matchAll(/<param name="([^"]+)" value="([^"]*)"\/>/g), (m) => [m[1] as string, m[2] as string]));
const vars = new Map(Array.from(read('vars.xml').matchAll(/data="([^=]+)=([^"]*)"/g), (m) => [m[1] as string, m[2] as string]));
const defaults = mediaEngineConfigSchema.parse({});
/** The allowed CIDRs of one default-deny list of acl.conf.xml. */
const allowed = (list: string): string[] => {
  const body = new RegExp(`<list name="${list}" default="deny">([\\s\\S]*?)</list>`).exec(read('autoload_configs/acl.conf.xml'))?.[1] ?? '';
  return Array.from(body.matchAll(/<node type="allow" cidr="([^"]+)"\/>/g), (m) => m[1] as string);
};

void t.test('the engine runs the same dialplan steps as the production mrf context', async (t) => {
  const xml = read('dialplan/mrf.xml');
  const condition = /<condition field="\$\{sip_user_agent\}" expression="([^"]+)">/.exec(xml);
  t.equal(condition?.[1], MRF_USER_AGENT.source);
  const actions = Array.from(xml.matchAll(/<action application="([^"]+)"(?: data="([^"]*)")?\/>/g), (m) => [m[1], m[2] ?? '']);
  t.same(actions, MRF_STEPS);
});

void t.test('the sofia profile settings the engine imitates are the production ones', async (t) => {
  const p = params(read('sip_profiles/mrf.xml'));
  t.match(read('sip_profiles/mrf.xml'), new RegExp(`<profile name="${defaults.sip.profileName}">`));
  t.equal(p.get('context'), 'mrf');
  t.equal(p.get('dtmf-type'), 'rfc2833');
  t.equal(p.get('rfc2833-pt'), '101');
  t.equal(p.get('inbound-codec-negotiation'), 'greedy');
  t.equal(p.get('inbound-late-negotiation'), 'true');
  t.equal(p.get('enable-3pcc'), 'true');
  t.equal(p.get('enable-timer'), 'false');
  t.equal(p.get('auth-calls'), 'false');
  t.equal(vars.get('mrf_sip_port'), String(defaults.sip.port));
  // Only drachtio-server may send INVITEs: X-esl-outbound would otherwise let anyone make the
  // media server connect out (the engine binds loopback, sip.ip, for the same reason).
  t.equal(p.get('apply-inbound-acl'), 'zentrale_sip');
  t.same(allowed('zentrale_sip'), ['127.0.0.1/32']);
  t.equal(vars.get('global_codec_prefs'), defaults.codecPrefs.join(','));
});

void t.test('event socket, ACL and RTP range match the engine defaults', async (t) => {
  const esl = params(read('autoload_configs/event_socket.conf.xml'));
  t.equal(esl.get('listen-ip'), defaults.esl.host);
  t.equal(esl.get('listen-port'), String(defaults.esl.port));
  t.equal(vars.get('event_socket_password'), defaults.esl.password);
  t.equal(esl.get('apply-inbound-acl'), 'zentrale_esl');
  t.same(allowed('zentrale_esl'), defaults.esl.acl.map((c) => (c.includes('/') ? c : `${c}/128`)));
  const sw = params(read('autoload_configs/switch.conf.xml'));
  t.equal(sw.get('rtp-start-port'), String(defaults.rtp.portMin));
  t.equal(sw.get('rtp-end-port'), String(defaults.rtp.portMax));
  t.equal(sw.get('max-sessions'), String(defaults.maxSessions));
  t.equal(sw.get('sessions-per-second'), String(defaults.sessionsPerSecond));
});
