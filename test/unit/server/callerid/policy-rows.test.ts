// Golden tests: one block per row of caller-id.md §6, times each trunk identity profile.
import t from 'tap';
import type { Test } from 'tap';
import { callerIdFor, renderCallerIdHeaders } from '../../../../server/src/callerid/index.js';
import { ANNA, ANON, HOTLINE, PROFILE_NAMES, TARGET_URI, context, headersOf, ours } from './fixtures.js';
import type { ProfileName } from './fixtures.js';

type Golden = Record<ProfileName, Record<string, string>>;

const ORG = '"Stadt Rosenheim"';
const HOT = '"Bürgeramt Hotline"';

function eachProfile(t: Pick<Test, 'same'>, golden: Golden, run: (p: ProfileName) => Readonly<Record<string, string>>): void {
  for (const p of PROFILE_NAMES) t.same(run(p), golden[p], `trunk profile ${p}`);
}

void t.test('internal call shows the caller extension and directory name, with PAI from the account', async (t) => {
  t.same(headersOf({ kind: 'internal', clirRequested: false }, context('pai')), {
    From: `"Anna Berger" ${ours('3001')}`,
    'P-Asserted-Identity': ours('3001'),
    Privacy: 'none',
  });
});

void t.test('internal call with per-call CLIR is anonymous and carries no identity to the device', async (t) => {
  t.same(headersOf({ kind: 'internal', clirRequested: true }, context('pai')), { From: ANON, Privacy: 'id' });
});

void t.test('permanent CLIR hides the caller from colleagues only when the user asked for it internally', async (t) => {
  const clirUser = { ...ANNA, clir: true };
  t.same(headersOf({ kind: 'internal', clirRequested: false }, context('pai', { user: clirUser })), {
    From: `"Anna Berger" ${ours('3001')}`,
    'P-Asserted-Identity': ours('3001'),
    Privacy: 'none',
  });
  t.same(headersOf({ kind: 'internal', clirRequested: false }, context('pai', { user: { ...clirUser, clirInternal: true } })), {
    From: ANON,
    Privacy: 'id',
  });
});

void t.test('internal forward carries History-Info with the forwarding extension', async (t) => {
  const h = callerIdFor({ kind: 'internal', clirRequested: false, forwardedBy: { extension: '3002', reason: 'busy' } }, context('pai'));
  t.same(h.historyInfo, [
    { kind: 'diverting', index: '1', user: '3002', host: 'pbx.rosenheim.example' },
    { kind: 'target', index: '1.1', mp: '1', cause: 486 },
  ]);
  t.equal(h.towards, 'device');
});

const OFFICE: Golden = {
  pai: { From: `${ORG} ${ours('+49803162301')}`, 'P-Asserted-Identity': ours('+49803162301'), Privacy: 'none' },
  ppi: { From: `${ORG} ${ours('49803162301')}`, 'P-Preferred-Identity': ours('49803162301'), Privacy: 'none' },
  from: { From: `${ORG} ${ours('0049803162301')}`, 'P-Asserted-Identity': ours('0049803162301'), Privacy: 'none' },
  national: { From: `${ORG} ${ours('0803162301')}`, 'P-Asserted-Identity': ours('0803162301'), Privacy: 'none' },
};

void t.test("office phone to an external number presents the user's DDI with the organisation name", async (t) => {
  eachProfile(t, OFFICE, (p) => headersOf({ kind: 'external', origin: 'office', clirRequested: false }, context(p)));
});

void t.test('home-office softphone to an external number looks exactly like the office phone', async (t) => {
  eachProfile(t, OFFICE, (p) => headersOf({ kind: 'external', origin: 'home-office', clirRequested: false }, context(p)));
});

void t.test('a user without DDI, or a site presenting only the main number, presents the main number', async (t) => {
  t.same(headersOf({ kind: 'external', origin: 'office', clirRequested: false }, context('pai', { user: { ...ANNA, ddi: null } })), {
    From: `${ORG} ${ours('+498031620')}`,
    'P-Asserted-Identity': ours('+498031620'),
    Privacy: 'none',
  });
  const h = callerIdFor({ kind: 'external', origin: 'office', clirRequested: false }, context('pai'), {
    countryCode: '49',
    presentUserDdi: false,
    defaultTrunk: { presentIn: 'pai', format: 'e164', clipNoScreening: false, diversion: 'diversion' },
  });
  t.equal(h.presented.network, '+498031620');
});

const CLIR: Golden = {
  pai: { From: ANON, 'P-Asserted-Identity': ours('+49803162301'), Privacy: 'id' },
  ppi: { From: ANON, 'P-Preferred-Identity': ours('49803162301'), Privacy: 'id' },
  from: { From: ANON, 'P-Asserted-Identity': ours('0049803162301'), Privacy: 'id' },
  national: { From: ANON, 'P-Asserted-Identity': ours('0803162301'), Privacy: 'id' },
};

void t.test('per-call CLIR (#31#) gives an anonymous From and Privacy: id, the DDI stays in PAI/PPI', async (t) => {
  eachProfile(t, CLIR, (p) => headersOf({ kind: 'external', origin: 'office', clirRequested: true }, context(p)));
});

void t.test('per-user CLIR gives an anonymous From and Privacy: id, the DDI stays in PAI/PPI', async (t) => {
  eachProfile(t, CLIR, (p) => headersOf({ kind: 'external', origin: 'home-office', clirRequested: false }, context(p, { user: { ...ANNA, clir: true } })));
});

void t.test("call-through from a private mobile presents the user's DDI, never the mobile", async (t) => {
  eachProfile(t, OFFICE, (p) =>
    headersOf({ kind: 'call-through', clirRequested: false }, context(p, { originalCaller: { number: '+491701234567', withheld: false } })),
  );
  eachProfile(t, CLIR, (p) => headersOf({ kind: 'call-through', clirRequested: true }, context(p)));
});

void t.test('hotline agent calling a citizen back presents the hotline DDI and name', async (t) => {
  const golden: Golden = {
    pai: { From: `${HOT} ${ours('+49803162100')}`, 'P-Asserted-Identity': ours('+49803162100'), Privacy: 'none' },
    ppi: { From: `${HOT} ${ours('49803162100')}`, 'P-Preferred-Identity': ours('49803162100'), Privacy: 'none' },
    from: { From: `${HOT} ${ours('0049803162100')}`, 'P-Asserted-Identity': ours('0049803162100'), Privacy: 'none' },
    national: { From: `${HOT} ${ours('0803162100')}`, 'P-Asserted-Identity': ours('0803162100'), Privacy: 'none' },
  };
  eachProfile(t, golden, (p) => headersOf({ kind: 'hotline-callback', clirRequested: false }, context(p, { user: { ...ANNA, clir: true } })));
});

const CITIZEN = { number: '+4989123456', withheld: false };
const HI_302 = (user: string): string => `${ours(user)};index=1, <${TARGET_URI};cause=302>;index=1.1;mp=1`;

void t.test('forwarded call presents the original caller only with CLIP no screening, and names the forwarding DDI', async (t) => {
  const golden: Golden = {
    pai: {
      From: ours('+4989123456'),
      'P-Asserted-Identity': ours('+4989123456'),
      Privacy: 'none',
      Diversion: `${ours('+49803162301')};reason=unconditional;counter=1;privacy=off`,
    },
    ppi: {
      From: ours('49803162301'),
      'P-Preferred-Identity': ours('4989123456'),
      Privacy: 'none',
      Diversion: `${ours('49803162301')};reason=unconditional;counter=1;privacy=off`,
    },
    from: {
      From: ours('004989123456'),
      'P-Asserted-Identity': ours('0049803162301'),
      Privacy: 'none',
      'History-Info': HI_302('0049803162301'),
    },
    national: {
      From: `${ORG} ${ours('0803162301')}`,
      'P-Asserted-Identity': ours('0803162301'),
      Privacy: 'none',
      'History-Info': HI_302('0803162301'),
    },
  };
  eachProfile(t, golden, (p) => headersOf({ kind: 'forwarded', reason: 'unconditional' }, context(p, { originalCaller: CITIZEN })));
});

void t.test("forwarded call keeps the caller's CLIR: anonymous From, Privacy: id, forwarding DDI in PAI/PPI and Diversion", async (t) => {
  const golden: Golden = {
    pai: { From: ANON, 'P-Asserted-Identity': ours('+49803162301'), Privacy: 'id', Diversion: `${ours('+49803162301')};reason=no-answer;counter=1;privacy=off` },
    ppi: { From: ANON, 'P-Preferred-Identity': ours('49803162301'), Privacy: 'id', Diversion: `${ours('49803162301')};reason=no-answer;counter=1;privacy=off` },
    from: { From: ANON, 'P-Asserted-Identity': ours('0049803162301'), Privacy: 'id', 'History-Info': `${ours('0049803162301')};index=1, <${TARGET_URI};cause=408>;index=1.1;mp=1` },
    national: { From: ANON, 'P-Asserted-Identity': ours('0803162301'), Privacy: 'id', 'History-Info': `${ours('0803162301')};index=1, <${TARGET_URI};cause=408>;index=1.1;mp=1` },
  };
  eachProfile(t, golden, (p) => headersOf({ kind: 'forwarded', reason: 'no-answer' }, context(p, { originalCaller: { number: null, withheld: true } })));
});

void t.test('hotline call offered to a mobile presents the hotline number by default', async (t) => {
  const golden: Golden = {
    pai: { From: `${HOT} ${ours('+49803162100')}`, 'P-Asserted-Identity': ours('+49803162100'), Privacy: 'none', Diversion: `${ours('+49803162100')};reason=unknown;counter=1;privacy=off` },
    ppi: { From: `${HOT} ${ours('49803162100')}`, 'P-Preferred-Identity': ours('49803162100'), Privacy: 'none', Diversion: `${ours('49803162100')};reason=unknown;counter=1;privacy=off` },
    from: { From: `${HOT} ${ours('0049803162100')}`, 'P-Asserted-Identity': ours('0049803162100'), Privacy: 'none', 'History-Info': `${ours('0049803162100')};index=1, <${TARGET_URI};cause=404>;index=1.1;mp=1` },
    national: { From: `${HOT} ${ours('0803162100')}`, 'P-Asserted-Identity': ours('0803162100'), Privacy: 'none', 'History-Info': `${ours('0803162100')};index=1, <${TARGET_URI};cause=404>;index=1.1;mp=1` },
  };
  eachProfile(t, golden, (p) => headersOf({ kind: 'group-to-mobile', group: 'hotline' }, context(p, { originalCaller: CITIZEN })));
  eachProfile(t, golden, (p) => headersOf({ kind: 'group-to-mobile', group: 'hunt-group' }, context(p, { originalCaller: CITIZEN })));
});

void t.test("hotline set to presentToMobile: caller shows the citizen's number where CLIP no screening allows it", async (t) => {
  const hotline = { ...HOTLINE, presentToMobile: 'caller' as const };
  const golden: Golden = {
    pai: { From: `${HOT} ${ours('+4989123456')}`, 'P-Asserted-Identity': ours('+4989123456'), Privacy: 'none', Diversion: `${ours('+49803162100')};reason=unknown;counter=1;privacy=off` },
    ppi: { From: `${HOT} ${ours('49803162100')}`, 'P-Preferred-Identity': ours('4989123456'), Privacy: 'none', Diversion: `${ours('49803162100')};reason=unknown;counter=1;privacy=off` },
    from: { From: `${HOT} ${ours('004989123456')}`, 'P-Asserted-Identity': ours('0049803162100'), Privacy: 'none', 'History-Info': `${ours('0049803162100')};index=1, <${TARGET_URI};cause=404>;index=1.1;mp=1` },
    national: { From: `${HOT} ${ours('0803162100')}`, 'P-Asserted-Identity': ours('0803162100'), Privacy: 'none', 'History-Info': `${ours('0803162100')};index=1, <${TARGET_URI};cause=404>;index=1.1;mp=1` },
  };
  eachProfile(t, golden, (p) => headersOf({ kind: 'group-to-mobile', group: 'hotline' }, context(p, { hotline, originalCaller: CITIZEN })));
  t.same(
    headersOf({ kind: 'group-to-mobile', group: 'hotline' }, context('pai', { hotline, originalCaller: { number: null, withheld: true } })),
    { From: `${HOT} ${ours('+49803162100')}`, 'P-Asserted-Identity': ours('+49803162100'), Privacy: 'none', Diversion: `${ours('+49803162100')};reason=unknown;counter=1;privacy=off` },
    'a citizen who withheld the number is never shown',
  );
});

void t.test("emergency call from the office presents the site's emergency number, never withheld", async (t) => {
  const golden: Golden = {
    pai: { From: `"Rathaus Rosenheim" ${ours('+498031620')}`, 'P-Asserted-Identity': ours('+498031620'), Privacy: 'none' },
    ppi: { From: `"Rathaus Rosenheim" ${ours('498031620')}`, 'P-Preferred-Identity': ours('498031620'), Privacy: 'none' },
    from: { From: `"Rathaus Rosenheim" ${ours('00498031620')}`, 'P-Asserted-Identity': ours('00498031620'), Privacy: 'none' },
    national: { From: `"Rathaus Rosenheim" ${ours('08031620')}`, 'P-Asserted-Identity': ours('08031620'), Privacy: 'none' },
  };
  eachProfile(t, golden, (p) => headersOf({ kind: 'emergency', origin: 'office' }, context(p, { user: { ...ANNA, clir: true } })));
});

void t.test('emergency call from home office or call-through presents the emergency callback number', async (t) => {
  for (const origin of ['home-office', 'call-through'] as const) {
    t.same(headersOf({ kind: 'emergency', origin }, context('pai')), {
      From: `"Rathaus Rosenheim" ${ours('+49803162990')}`,
      'P-Asserted-Identity': ours('+49803162990'),
      Privacy: 'none',
    }, origin);
  }
  t.same(
    headersOf({ kind: 'emergency', origin: 'home-office' }, context('pai', { site: { ...context('pai').site, emergencyCallback: null } })),
    { From: `"Rathaus Rosenheim" ${ours('+498031620')}`, 'P-Asserted-Identity': ours('+498031620'), Privacy: 'none' },
    'without a callback number the site emergency number is used',
  );
});

void t.test('inbound call from the trunk shows the caller normalised to E.164 on our devices', async (t) => {
  const received: Record<ProfileName, string> = { pai: '+4989123456', ppi: '4989123456', from: '004989123456', national: '089123456' };
  for (const p of PROFILE_NAMES) {
    t.same(headersOf({ kind: 'inbound' }, context(p, { user: null, originalCaller: { number: received[p], withheld: false, name: 'Max Muster' } })), {
      From: `"Max Muster" ${ours('+4989123456')}`,
      'P-Asserted-Identity': ours('+4989123456'),
    }, `received as ${received[p]} on ${p}`);
  }
});

void t.test('inbound anonymous call stays anonymous on our devices', async (t) => {
  t.same(headersOf({ kind: 'inbound' }, context('pai', { originalCaller: { number: '+4989123456', withheld: true } })), { From: ANON, Privacy: 'id' });
  t.same(headersOf({ kind: 'inbound' }, context('pai', { originalCaller: { number: null, withheld: false } })), { From: ANON });
});

void t.test('every leg tells the adapter to drop the identity headers devices and carriers sent', async (t) => {
  const h = callerIdFor({ kind: 'external', origin: 'home-office', clirRequested: false }, context('pai'));
  t.same(h.stripIncoming, ['P-Asserted-Identity', 'P-Preferred-Identity', 'Remote-Party-ID', 'Privacy', 'Diversion', 'History-Info', 'Geolocation', 'Geolocation-Routing']);
});

void t.test('a configured DDI outside our blocks falls back to the main number and says so, masked', async (t) => {
  const h = callerIdFor({ kind: 'external', origin: 'office', clirRequested: false }, context('pai', { user: { ...ANNA, ddi: '+491709876543' } }));
  t.same(renderCallerIdHeaders(h), { From: `${ORG} ${ours('+498031620')}`, 'P-Asserted-Identity': ours('+498031620'), Privacy: 'none' });
  t.same(h.explain, ['leg: external', "user's DDI +49170******* is outside the number blocks: presents the main number +498031620"]);
  const g = callerIdFor({ kind: 'hotline-callback', clirRequested: false }, context('pai', { hotline: { ...HOTLINE, ddi: '+4989555000' } }));
  t.equal(g.presented.network, '+498031620');
});

void t.test('a leg without a trunk profile uses the policy default and says so', async (t) => {
  const h = callerIdFor({ kind: 'external', origin: 'office', clirRequested: false }, context('pai', { trunk: null }));
  t.same(renderCallerIdHeaders(h), OFFICE.pai);
  t.match(h.explain, ['leg: external', 'no trunk identity profile in the context: uses the policy default']);
});
