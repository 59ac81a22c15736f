// One test per reported failure of caller-id.md §5, named after the failure it prevents.
import t from 'tap';
import {
  callerIdFor,
  callerWithheld,
  classifyDialled,
  inNumberBlocks,
  normalizeNumber,
  renderCallerIdHeaders,
} from '../../../../server/src/callerid/index.js';
import type { CallerIdContext, CallerIdHeaders, ForwardReason, Leg } from '../../../../server/src/callerid/index.js';
import { ANNA, ANON, PROFILES, PROFILE_NAMES, SITE, TARGET_URI, context, headersOf, ours } from './fixtures.js';

const CITIZEN = { number: '+4989123456', withheld: false };

/** Every number in the identity headers the trunk receives, read back to E.164 with the trunk's format. */
function numbersSentToTrunk(h: CallerIdHeaders, ctx: CallerIdContext): string[] {
  const fmt = ctx.trunk?.format;
  const users = [h.from.user, h.identity?.user, ...h.diversion.map((d) => d.user), ...h.historyInfo.flatMap((e) => (e.kind === 'diverting' ? [e.user] : []))];
  return users.flatMap((u) => (u === undefined || u === 'anonymous' ? [] : [normalizeNumber(u, '49', fmt) ?? `unreadable:${u}`]));
}

void t.test('#1 fusionpbx#2665: internal caller forwarded to a mobile leaves with numbers of our block only', async (t) => {
  for (const p of PROFILE_NAMES) {
    for (const number of ['3005', '+49803162305']) {
      const ctx = context(p, { originalCaller: { number, withheld: false } });
      const sent = numbersSentToTrunk(callerIdFor({ kind: 'forwarded', reason: 'unconditional' }, ctx), ctx);
      t.ok(sent.length > 0 && sent.every((n) => inNumberBlocks(n, SITE.blocks)), `${p}, internal caller ${number}: ${sent.join(' ')}`);
    }
  }
});

void t.test('#2 fspbx#301: a trunk without CLIP no screening gets our DDI on forwarded legs, never the caller', async (t) => {
  for (const p of PROFILE_NAMES) {
    const ctx = context(p, { trunk: { ...PROFILES[p], clipNoScreening: false }, originalCaller: CITIZEN });
    const h = callerIdFor({ kind: 'forwarded', reason: 'unconditional' }, ctx);
    t.same(numbersSentToTrunk(h, ctx).filter((n) => n === '+4989123456'), [], `${p}: caller not sent`);
    t.equal(h.presented.shown, '+49803162301', `${p}: shows the forwarding DDI`);
  }
});

void t.test('#3 fusionpbx#4820: forwarded legs carry Diversion or History-Info with the forwarding DDI in the carrier format', async (t) => {
  const expected: Record<string, [string, string]> = {
    pai: ['Diversion', `${ours('+49803162301')};reason=user-busy;counter=1;privacy=off`],
    ppi: ['Diversion', `${ours('49803162301')};reason=user-busy;counter=1;privacy=off`],
    from: ['History-Info', `${ours('0049803162301')};index=1, <${TARGET_URI};cause=486>;index=1.1;mp=1`],
    national: ['History-Info', `${ours('0803162301')};index=1, <${TARGET_URI};cause=486>;index=1.1;mp=1`],
  };
  for (const p of PROFILE_NAMES) {
    const [name, value] = expected[p] ?? ['', ''];
    t.equal(headersOf({ kind: 'forwarded', reason: 'busy' }, context(p, { originalCaller: CITIZEN }))[name], value, p);
  }
});

void t.test('#4 ivozprovider#426: every forwarding path yields the same headers bar the reason and the diverting party', async (t) => {
  const paths: [ForwardReason, string, string][] = [
    ['unconditional', '+49803162301', 'unconditional'],
    ['busy', '+49803162301', 'user-busy'],
    ['no-answer', '+49803162301', 'no-answer'],
    ['hunt-group', '+49803162100', 'unknown'],
    ['hotline-overflow', '+49803162100', 'unavailable'],
  ];
  for (const [reason, diverting, diversionReason] of paths) {
    t.same(headersOf({ kind: 'forwarded', reason }, context('pai', { originalCaller: CITIZEN })), {
      From: ours('+4989123456'),
      'P-Asserted-Identity': ours('+4989123456'),
      Privacy: 'none',
      Diversion: `${ours(diverting)};reason=${diversionReason};counter=1;privacy=off`,
    }, `${reason} with CLIP no screening`);
    t.same(headersOf({ kind: 'forwarded', reason }, context('national', { originalCaller: CITIZEN })), {
      From: `"Stadt Rosenheim" ${ours(`0${diverting.slice(3)}`)}`,
      'P-Asserted-Identity': ours(`0${diverting.slice(3)}`),
      Privacy: 'none',
      'History-Info': `${ours(`0${diverting.slice(3)}`)};index=1, <${TARGET_URI};cause=${{ unconditional: 302, 'user-busy': 486, 'no-answer': 408, unknown: 404, unavailable: 503 }[diversionReason]}>;index=1.1;mp=1`,
    }, `${reason} without CLIP no screening`);
  }
});

void t.test('#5 siphon-sip#199: CLIR rewrites From to Anonymous@anonymous.invalid; the number is only in PAI/PPI', async (t) => {
  const h = headersOf({ kind: 'external', origin: 'office', clirRequested: true }, context('pai'));
  t.equal(h['From'], ANON);
  t.same(Object.keys(h).filter((k) => (h[k] ?? '').includes('803162301')), ['P-Asserted-Identity']);
});

void t.test('#6 asterisk-i#86: CLIR anonymises From on every trunk type, not only adds Privacy', async (t) => {
  for (const p of PROFILE_NAMES) {
    const h = headersOf({ kind: 'external', origin: 'office', clirRequested: false }, context(p, { user: { ...ANNA, clir: true } }));
    t.same([h['From'], h['Privacy']], [ANON, 'id'], p);
    t.same(Object.keys(h).filter((k) => (h[k] ?? '').includes('803162301')), [PROFILES[p].presentIn === 'ppi' ? 'P-Preferred-Identity' : 'P-Asserted-Identity'], `${p}: number only in PAI/PPI`);
  }
});

void t.test('#7 jambonz-feature-server#277: anonymous inbound forwarded out keeps PAI with our number', async (t) => {
  for (const p of PROFILE_NAMES) {
    const ctx = context(p, { originalCaller: { number: null, withheld: true } });
    const h = callerIdFor({ kind: 'forwarded', reason: 'unconditional' }, ctx);
    const asserted = h.identity === null ? null : normalizeNumber(h.identity.user, '49', ctx.trunk?.format);
    t.same([renderCallerIdHeaders(h)['From'], renderCallerIdHeaders(h)['Privacy'], asserted], [ANON, 'id', '+49803162301'], p);
  }
});

const ALL_LEGS: Leg[] = [
  { kind: 'internal', clirRequested: false },
  { kind: 'external', origin: 'office', clirRequested: false },
  { kind: 'external', origin: 'home-office', clirRequested: true },
  { kind: 'call-through', clirRequested: false },
  { kind: 'hotline-callback', clirRequested: false },
  { kind: 'forwarded', reason: 'unconditional' },
  { kind: 'group-to-mobile', group: 'hotline' },
  { kind: 'emergency', origin: 'home-office' },
  { kind: 'inbound' },
];

void t.test('#8 jambonz-feature-server#1506: PAI and Privacy are pinned for every leg type', async (t) => {
  const pinned = ALL_LEGS.map((leg) => {
    const h = headersOf(leg, context('pai', { originalCaller: CITIZEN }));
    return [leg.kind, h['P-Asserted-Identity'] ?? null, h['Privacy'] ?? null];
  });
  t.same(pinned, [
    ['internal', ours('3001'), 'none'],
    ['external', ours('+49803162301'), 'none'],
    ['external', ours('+49803162301'), 'id'],
    ['call-through', ours('+49803162301'), 'none'],
    ['hotline-callback', ours('+49803162100'), 'none'],
    ['forwarded', ours('+4989123456'), 'none'],
    ['group-to-mobile', ours('+49803162100'), 'none'],
    ['emergency', ours('+49803162990'), 'none'],
    ['inbound', ours('+4989123456'), null],
  ]);
});

void t.test('#9 libresbc#216: a CLIR call toward the trunk still carries the network number in PAI/PPI', async (t) => {
  const clirLegs: [Leg, Partial<CallerIdContext>][] = [
    [{ kind: 'external', origin: 'office', clirRequested: true }, {}],
    [{ kind: 'external', origin: 'office', clirRequested: false }, { user: { ...ANNA, clir: true } }],
    [{ kind: 'call-through', clirRequested: true }, {}],
    [{ kind: 'hotline-callback', clirRequested: true }, {}],
    [{ kind: 'forwarded', reason: 'busy' }, { originalCaller: { number: null, withheld: true } }],
  ];
  for (const p of PROFILE_NAMES) {
    for (const [leg, extra] of clirLegs) {
      const ctx = context(p, extra);
      const h = callerIdFor(leg, ctx);
      const asserted = h.identity === null ? null : normalizeNumber(h.identity.user, '49', ctx.trunk?.format);
      t.ok(h.privacy.includes('id') && asserted !== null && inNumberBlocks(asserted, SITE.blocks), `${p} ${leg.kind}: ${asserted}`);
    }
  }
});

void t.test('#10 office-docs-powershell#3659: Privacy: id appears only when CLIR is requested', async (t) => {
  for (const p of PROFILE_NAMES) {
    for (const leg of ALL_LEGS.filter((l) => !('clirRequested' in l && l.clirRequested))) {
      t.not(headersOf(leg, context(p, { originalCaller: CITIZEN }))['Privacy'], 'id', `${p} ${leg.kind}`);
    }
  }
});

void t.test('#11 gsm-sip-bridge#70: Privacy: ID and privacy: Id;user withhold the caller on our devices', async (t) => {
  for (const privacy of ['ID', 'Id;user']) {
    const withheld = callerWithheld({ privacy, fromUser: '+4989123456' });
    const h = headersOf({ kind: 'inbound' }, context('pai', { originalCaller: { number: '+4989123456', withheld, name: 'Max Muster' } }));
    t.same(h, { From: ANON, Privacy: 'id' }, privacy);
  }
});

void t.test('#12 kazoo-configs-kamailio#170: RPID privacy other than off from the carrier counts as CLIR', async (t) => {
  const withheld = callerWithheld({ remotePartyId: '"Max" <sip:+4989123456@carrier.example>;party=calling;privacy=full;screen=yes' });
  t.same(headersOf({ kind: 'inbound' }, context('pai', { originalCaller: { number: '+4989123456', withheld } })), { From: ANON, Privacy: 'id' });
});

void t.test('#13 kazoo#6376: CLIR survives failover to a second trunk with another identity profile', async (t) => {
  const leg: Leg = { kind: 'external', origin: 'office', clirRequested: true };
  const first = headersOf(leg, context('pai'));
  const second = headersOf(leg, context('ppi'));
  t.same([first['From'], first['Privacy'], second['From'], second['Privacy']], [ANON, 'id', ANON, 'id']);
});

void t.test('#14 mikopbx#784: the caller shown on our devices is the normalised number, not the carrier format', async (t) => {
  const h = headersOf({ kind: 'inbound' }, context('national', { originalCaller: { number: '089 123456', withheld: false } }));
  t.same(h, { From: ours('+4989123456'), 'P-Asserted-Identity': ours('+4989123456') });
});

void t.test('#15 gofaxip#27: display names toward trunks are organisation, hotline or site names, never a person or login', async (t) => {
  const allowed = new Set(['Stadt Rosenheim', 'Bürgeramt Hotline', 'Rathaus Rosenheim', 'Anonymous', null]);
  for (const p of PROFILE_NAMES) {
    for (const leg of ALL_LEGS) {
      for (const caller of [CITIZEN, { number: '+49803162302', withheld: false, name: 'Bernd Kollege' }]) {
        const h = callerIdFor(leg, context(p, { originalCaller: caller }));
        if (h.towards !== 'trunk') continue;
        t.ok(allowed.has(h.from.displayName), `${p} ${leg.kind}: ${h.from.displayName}`);
      }
    }
  }
});

void t.test('#16 kazoo#6170: a CLIR user dialling 112 sends no Privacy: id and a valid number of ours', async (t) => {
  const dialled = classifyDialled('#31#0112', { clirPrefix: '#31#', outsideLinePrefix: '0', emergencyNumbers: ['110', '112'] });
  t.same([dialled.emergency, dialled.clirRequested], ['112', false]);
  for (const p of PROFILE_NAMES) {
    const h = callerIdFor({ kind: 'emergency', origin: 'office' }, context(p, { user: { ...ANNA, clir: true, clirInternal: true } }));
    t.same([h.privacy, h.from.user === 'anonymous', h.presented.network !== null && inNumberBlocks(h.presented.network, SITE.blocks)], [['none'], false, true], p);
  }
});

void t.test("#17 fusionpbx#6647: a user logged in at another site presents that site's emergency identity", async (t) => {
  const branch = { name: 'Außenstelle Kolbermoor', main: '+49803163100', emergency: '+49803163100', blocks: [{ base: '+4980316', ddi: '3000-3999' }] };
  const h = headersOf({ kind: 'emergency', origin: 'office' }, context('pai', { site: branch }));
  t.same(h, { From: `"Außenstelle Kolbermoor" ${ours('+49803163100')}`, 'P-Asserted-Identity': ours('+49803163100'), Privacy: 'none' });
});

void t.test('#18 NexOSS#383: an emergency call gets a valid identity whatever state the caller is in', async (t) => {
  // Caller-ID's share of "never blocked": no missing or broken input turns an emergency leg into
  // an error, an anonymous call or a number outside our blocks (PIN/limit bypass is routing's).
  const broken: Partial<CallerIdContext>[] = [
    { user: null, trunk: null, hotline: null },
    { user: { ...ANNA, ddi: null, clir: true } },
    { site: { ...SITE, emergencyCallback: '+491701234567' } },
    { site: { ...SITE, emergency: '+4989999999' } },
  ];
  for (const extra of broken) {
    for (const origin of ['office', 'home-office', 'call-through'] as const) {
      const h = callerIdFor({ kind: 'emergency', origin }, context('pai', extra));
      t.ok(h.from.user !== 'anonymous' && h.presented.network !== null && inNumberBlocks(h.presented.network, SITE.blocks) && !h.privacy.includes('id'), `${origin}: ${h.explain.join('; ')}`);
    }
  }
});
