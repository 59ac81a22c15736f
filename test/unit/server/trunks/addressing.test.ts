// Golden header sets toward the trunk for every identity profile: what the carrier receives is
// pinned here (reported failure #8), built by the same functions the executors use.
import t from 'tap';
import { callerIdFor } from '../../../../server/src/callerid/index.js';
import type { Leg } from '../../../../server/src/callerid/index.js';
import { callCredentials, calledUser, trunkInvite, trunkUri } from '../../../../server/src/trunks/addressing.js';
import { policyOf, trunkContext } from '../../../../server/src/trunks/identity.js';
import { mobileRingTarget } from '../../../../server/src/trunks/mobile.js';
import { calleridSite, identity } from './site.js';

const D = 'pbx.musterhausen.test';

function invite(site: ReturnType<typeof calleridSite>, leg: Leg, ext: string, number: string, original: { number: string | null; withheld: boolean } | null = null) {
  const trunk = site.index.trunks.get('carrier')!;
  const ids = callerIdFor(leg, trunkContext(site, trunk, { user: site.index.users.get(ext) ?? null, originalCaller: original }), policyOf(site));
  return trunkInvite(site, trunk, number, ids);
}

void t.test('trunk URIs carry the port and a transport other than UDP', async (t) => {
  const udp = calleridSite().index.trunks.get('carrier')!;
  t.equal(trunkUri(udp, '+4989123456'), 'sip:+4989123456@127.0.0.1:5090');
  t.equal(trunkUri(udp, null), 'sip:127.0.0.1:5090');
  const tcp = calleridSite((d) => { d.trunks[0]!.transport = 'tcp'; d.trunks[0]!.host = '2001:db8::1'; }).index.trunks.get('carrier')!;
  t.equal(trunkUri(tcp, '112'), 'sip:112@[2001:db8::1]:5090;transport=tcp');
});

void t.test('the called number is written in the trunk\'s format; emergency numbers stay bare', async (t) => {
  const cases: [string, string, string][] = [
    ['e164', '+4989123456', '+4989123456'], ['e164-no-plus', '+4989123456', '4989123456'],
    ['international-00', '+4989123456', '004989123456'], ['national', '+4989123456', '089123456'],
    ['national', '+43123456789', '0043123456789'], ['national', '112', '112'], ['e164-no-plus', '110', '110'],
  ];
  for (const [format, number, user] of cases) {
    const site = calleridSite(identity({ format }));
    t.equal(calledUser(site, site.index.trunks.get('carrier')!, number), user, `${format} ${number}`);
  }
});

void t.test('credentials: auth for calls, else the registration\'s; none without a password', async (t) => {
  t.equal(callCredentials(calleridSite().index.trunks.get('carrier')!), undefined);
  const reg = calleridSite((d) => { d.trunks[0]!.register = { username: 'u1', password: 'p1' }; });
  t.same(callCredentials(reg.index.trunks.get('carrier')!), { username: 'u1', password: 'p1' });
  const both = calleridSite((d) => { d.trunks[0]!.register = { username: 'u1', password: 'p1' }; d.trunks[0]!.auth = { username: 'u2', password: 'p2' }; });
  t.same(callCredentials(both.index.trunks.get('carrier')!), { username: 'u2', password: 'p2' });
});

void t.test('outbound INVITE headers per identity profile', async (t) => {
  const leg: Leg = { kind: 'external', origin: 'home-office', clirRequested: false };
  const clir: Leg = { kind: 'external', origin: 'office', clirRequested: true };
  const cases: [Record<string, unknown>, Leg, Record<string, string>][] = [
    [{}, leg, { From: `"Stadt Musterhausen" <sip:+49803162301@${D}>`, 'P-Asserted-Identity': `<sip:+49803162301@${D}>`, Privacy: 'none', To: '<sip:+4989123456@127.0.0.1:5090>' }],
    [{ presentIn: 'ppi', format: 'e164-no-plus' }, leg, { From: `"Stadt Musterhausen" <sip:49803162301@${D}>`, 'P-Preferred-Identity': `<sip:49803162301@${D}>`, Privacy: 'none', To: '<sip:4989123456@127.0.0.1:5090>' }],
    [{ presentIn: 'from', format: 'national' }, leg, { From: `"Stadt Musterhausen" <sip:0803162301@${D}>`, 'P-Asserted-Identity': `<sip:0803162301@${D}>`, Privacy: 'none', To: '<sip:089123456@127.0.0.1:5090>' }],
    [{}, clir, { From: '"Anonymous" <sip:anonymous@anonymous.invalid>', 'P-Asserted-Identity': `<sip:+49803162301@${D}>`, Privacy: 'id', To: '<sip:+4989123456@127.0.0.1:5090>' }],
    [{ presentIn: 'ppi', format: 'international-00' }, clir, { From: '"Anonymous" <sip:anonymous@anonymous.invalid>', 'P-Preferred-Identity': `<sip:0049803162301@${D}>`, Privacy: 'id', To: '<sip:004989123456@127.0.0.1:5090>' }],
  ];
  for (const [profile, l, headers] of cases) {
    t.same(invite(calleridSite(identity(profile)), l, '3001', '+4989123456').headers, headers, JSON.stringify([profile, l]));
  }
});

void t.test('the mobile rung in parallel: the user\'s DDI with Diversion reason follow-me; the caller only with CLIP no screening', async (t) => {
  const site = calleridSite();
  const callee = site.index.users.get('3003')!;
  const citizen = { number: '+4989123456', withheld: false };
  t.same(mobileRingTarget(site, callee, citizen), {
    uri: 'sip:+491709876543@127.0.0.1:5090', label: '3003/mobile', auth: undefined,
    headers: {
      From: `"Stadt Musterhausen" <sip:+49803162303@${D}>`, 'P-Asserted-Identity': `<sip:+49803162303@${D}>`, Privacy: 'none',
      Diversion: `<sip:+49803162303@${D}>;reason=follow-me;counter=1;privacy=off`, To: '<sip:+491709876543@127.0.0.1:5090>',
    },
    explain: mobileRingTarget(site, callee, citizen)!.explain,
  });
  const cns = calleridSite(identity({ clipNoScreening: true, diversion: 'history-info' }));
  t.same(mobileRingTarget(cns, cns.index.users.get('3003')!, citizen)!.headers, {
    From: `<sip:+4989123456@${D}>`, 'P-Asserted-Identity': `<sip:+4989123456@${D}>`, Privacy: 'none',
    'History-Info': `<sip:+49803162303@${D}>;index=1, <sip:+491709876543@127.0.0.1:5090;cause=404>;index=1.1;mp=1`, To: '<sip:+491709876543@127.0.0.1:5090>',
  });
  t.match(mobileRingTarget(cns, cns.index.users.get('3003')!, { number: '+4989123456', withheld: true })!.headers, { From: '"Anonymous" <sip:anonymous@anonymous.invalid>', Privacy: 'id' });
  t.equal(mobileRingTarget(site, site.index.users.get('3002')!, citizen), undefined, 'no mobile: no target');
  t.notMatch(JSON.stringify(mobileRingTarget(site, callee, citizen)!.explain), /491709876543/, 'the explain trail never names the mobile');
});

void t.test('a forward by a hotline diverts as the hotline, by the site as the main number', async (t) => {
  const site = calleridSite();
  const trunk = site.index.trunks.get('carrier')!;
  const group = callerIdFor({ kind: 'forwarded', reason: 'time-of-day', divertedBy: 'group' },
    trunkContext(site, trunk, { hotline: { number: '4100', ddi: '+49803162100', name: 'Bürgeramt Hotline' }, originalCaller: { number: '+4989123456', withheld: false } }), policyOf(site));
  t.match(trunkInvite(site, trunk, '+4930111', group).headers, { From: `"Stadt Musterhausen" <sip:+49803162100@${D}>`, Diversion: `<sip:+49803162100@${D}>;reason=time-of-day;counter=1;privacy=off` });
  const bySite = callerIdFor({ kind: 'forwarded', reason: 'hunt-group', divertedBy: 'site' }, trunkContext(site, trunk, {}), policyOf(site));
  t.match(trunkInvite(site, trunk, '+4930111', bySite).headers, { From: `"Stadt Musterhausen" <sip:+498031620@${D}>`, Diversion: `<sip:+498031620@${D}>;reason=unknown;counter=1;privacy=off` });
});

void t.test('an external hunt group member rings as a forward by the group, with the group\'s DDI', async (t) => {
  const site = calleridSite();
  const { externalRingTarget } = await import('../../../../server/src/trunks/mobile.js');
  const target = externalRingTarget(site, '+4930111', 'group 4100/member 2', { reason: 'hunt-group', divertedBy: 'group', hotline: { number: '4100', ddi: '+49803162100', name: 'Bürgeramt Hotline' } }, { number: '+4989123456', withheld: false });
  t.same(target?.headers, {
    From: `"Stadt Musterhausen" <sip:+49803162100@${D}>`, 'P-Asserted-Identity': `<sip:+49803162100@${D}>`, Privacy: 'none',
    Diversion: `<sip:+49803162100@${D}>;reason=unknown;counter=1;privacy=off`, To: '<sip:+4930111@127.0.0.1:5090>',
  });
  const noOutbound = calleridSite((d) => { delete d.outbound; d.users[2]!.ringMobile = 'no'; });
  t.equal(externalRingTarget(noOutbound, '+4930111', 'x', { reason: 'hunt-group', divertedBy: 'group' }, null), undefined, 'no outbound trunk: no target');
});
