/**
 * The staffing alarm's pure parts (issue 7 item 6): the alarm and all-clear e-mails name the
 * hotline, the figures and the cause, never who left; the alarm call rings a user's devices
 * presenting the hotline, or an external number through the outbound trunk.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { formatIssue, loadDialplan, type SiteConfig } from '../../../../server/src/config/dialplan/index.js';
import { alarmMail, alarmTargets } from '../../../../server/src/hotlines/alarms.js';
import type { Binding } from '../../../../server/src/sip/registrar/location.js';

function site(patch: (text: string) => string = (x) => x): SiteConfig {
  const text = patch(readFileSync('test/fixtures/dialplans/e2e/hotline-trunk.yaml', 'utf8'));
  const r = loadDialplan([{ path: 'site.yaml', text }]);
  if (!r.ok) throw new Error(r.error.map(formatIssue).join('\n'));
  return r.value;
}

const binding = (extension: string): Binding => ({
  id: 'b1', aor: extension, extension, contact: `sip:${extension}@192.0.2.7:5062`, expiresAt: 0, callId: 'x', cseq: 1,
  protocol: 'udp', sourceAddress: '192.0.2.7', sourcePort: 5062, receivedOn: 'udp', instance: null,
} as Binding);

// 2026-03-02 09:30 in Berlin.
const AT = Date.UTC(2026, 2, 2, 8, 30);

void t.test('the alarm e-mail: hotline, figures, cause and repetition; nobody named', async (t) => {
  const m = alarmMail(site(), { type: 'staffing-alarm', hotline: '4400', staffed: 0, minAgents: 1, since: AT, repeat: 0 }, 'logout', AT);
  t.same(m?.to, ['leitstelle@musterhausen.test']);
  t.equal(m?.subject, 'Besetzungsalarm: Hausmeister (4400) ist nicht ausreichend besetzt');
  t.match(m?.text, /seit 02\.03\.2026, 09:30:00 nicht ausreichend besetzt: 0 von mindestens 1 Personen im Dienst\. Ursache: Abmeldung\./);
  t.match(m?.text, /alle 60 Minuten/);
  t.notMatch(m?.text, /3001|3002|3003|Anna|Bernd|Carla/);
  const paused = alarmMail(site(), { type: 'staffing-alarm', hotline: '4400', staffed: 0, minAgents: 1, since: AT, repeat: 0 }, 'missed-offers', AT);
  t.match(paused?.text, /Ursache: Pause nach unbeantworteten Anrufen\./);
});

void t.test('the all-clear e-mail', async (t) => {
  const m = alarmMail(site(), { type: 'hotline.staffed', hotline: '4400', staffed: 1, minAgents: 1 }, undefined, AT);
  t.equal(m?.subject, 'Entwarnung: Hausmeister (4400) ist wieder besetzt');
  t.match(m?.text, /seit 02\.03\.2026, 09:30:00 wieder ausreichend besetzt: 1 von mindestens 1 Personen im Dienst\./);
});

void t.test('no addresses, no e-mail', async (t) => {
  t.equal(alarmMail(site(), { type: 'hotline.staffed', hotline: '4401', staffed: 1, minAgents: 1 }, undefined, AT), null);
});

void t.test('an internal alarm number rings the user\'s devices, showing the alarm and the hotline', async (t) => {
  const targets = alarmTargets(site(), '4400', '3004', (ext) => (ext === '3004' ? [binding('3004')] : []));
  t.equal(targets.length, 1);
  t.equal(targets[0]?.uri, 'sip:3004@192.0.2.7:5062');
  t.match(targets[0]?.headers?.From, /^"Alarm Hausmeister" <sip:4400@pbx\.musterhausen\.test>/);
  t.same(alarmTargets(site(), '4400', '3004', () => []), [], 'not registered: nothing to ring');
});

void t.test('an external alarm number leaves through the outbound trunk presenting the hotline', async (t) => {
  const s = site((x) => x.replace('number: "3004", repeatMin: 60', 'number: "+491751112223", repeatMin: 60'));
  const targets = alarmTargets(s, '4400', '+491751112223', () => []);
  t.equal(targets.length, 1);
  t.match(targets[0]?.uri, /^sip:\+491751112223@127\.0\.0\.1:5090/);
  t.match(targets[0]?.headers?.['P-Asserted-Identity'], /\+49803162440/);
  t.equal(targets[0]?.label, 'alarm/4400', 'the label names the hotline, not the number');
});
