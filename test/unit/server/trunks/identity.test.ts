import t from 'tap';
import type { Diversion } from '../../../../server/src/routing/index.js';
import type { Extension, HotlineNumber } from '../../../../server/src/domain/ids.js';
import { forwardedLegOf, originalCallerOf, policyOf, siteNumbersOf } from '../../../../server/src/trunks/identity.js';
import { calleridSite, identity } from './site.js';

void t.test('a routing diversion becomes the policy\'s forward reason and diverting party', async (t) => {
  const site = calleridSite();
  const user = { kind: 'user', extension: '3001' as Extension } as const;
  const hotline = { kind: 'hotline', number: '4100' as HotlineNumber } as const;
  const cases: [Diversion, string, string][] = [
    [{ by: user, reason: 'unconditional', hops: 1 }, 'unconditional', 'user'],
    [{ by: user, reason: 'user-busy', hops: 1 }, 'busy', 'user'],
    [{ by: user, reason: 'no-answer', hops: 1 }, 'no-answer', 'user'],
    [{ by: user, reason: 'do-not-disturb', hops: 1 }, 'do-not-disturb', 'user'],
    [{ by: user, reason: 'out-of-service', hops: 1 }, 'out-of-service', 'user'],
    [{ by: hotline, reason: 'time-of-day', hops: 1 }, 'time-of-day', 'group'],
    [{ by: hotline, reason: 'unknown', hops: 2 }, 'hunt-group', 'group'],
    [{ by: { kind: 'site' }, reason: 'unknown', hops: 1 }, 'hunt-group', 'site'],
  ];
  for (const [d, reason, by] of cases) t.match(forwardedLegOf(site, d), { reason, divertedBy: by }, `${d.by.kind} ${d.reason}`);
  t.match(forwardedLegOf(site, cases[0]![0]), { user: { extension: '3001' }, hotline: null });
  t.match(forwardedLegOf(site, cases[5]![0]), { user: null, hotline: { number: '4100', ddi: '+49803162100', name: 'Bürgeramt Hotline' } });
});

void t.test('a colleague as original caller: the DDI, withheld by permanent CLIR or #31#', async (t) => {
  const site = calleridSite();
  const u = (ext: string) => site.index.users.get(ext)!;
  t.same(originalCallerOf(site, { kind: 'user', user: u('3001'), dialled: '3003' }), { number: '+49803162301', withheld: false });
  t.same(originalCallerOf(site, { kind: 'user', user: u('3001'), dialled: '#31#3003' }), { number: '+49803162301', withheld: true });
  t.same(originalCallerOf(site, { kind: 'user', user: u('3002'), dialled: '3003' }), { number: '+49803162302', withheld: true });
  t.same(originalCallerOf(site, { kind: 'user', user: u('3004'), dialled: '3003' }), { number: null, withheld: false });
  t.same(originalCallerOf(site, { kind: 'inbound', number: '+4989123456', withheld: false }), { number: '+4989123456', withheld: false });
});

void t.test('site numbers fall back to the emergency number, then a DDI, when the main number is missing', async (t) => {
  t.match(siteNumbersOf(calleridSite()), { main: '+498031620', emergency: '+49803162110', emergencyCallback: '+49803162999' });
  const noMain = calleridSite((d) => { delete (d.numbers as Record<string, unknown>).main; });
  t.match(siteNumbersOf(noMain), { main: '+49803162110', emergency: '+49803162110' });
  const bare = calleridSite((d) => { d.numbers = { blocks: [{ base: '+49803162', ddi: '0-999' }] }; });
  t.match(siteNumbersOf(bare), { main: '+49803162301', emergency: '+49803162301', emergencyCallback: null });
});

void t.test('the policy default is the outbound trunk\'s profile', async (t) => {
  t.match(policyOf(calleridSite(identity({ presentIn: 'ppi', format: 'e164-no-plus' }))), { countryCode: '49', defaultTrunk: { presentIn: 'ppi', format: 'e164-no-plus' } });
});
