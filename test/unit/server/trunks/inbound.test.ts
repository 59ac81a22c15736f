import t from 'tap';
import { inboundCallerOf, parseNameAddr } from '../../../../server/src/trunks/inbound.js';
import { calleridSite } from './site.js';

void t.test('name-addr and addr-spec values split into display name, user and host', async (t) => {
  const cases: [string, ReturnType<typeof parseNameAddr>][] = [
    ['"Erika M." <sip:+4989123456@carrier.test>;tag=1', { name: 'Erika M.', user: '+4989123456', host: 'carrier.test' }],
    ['Erika <sip:089123456@carrier.test;user=phone>', { name: 'Erika', user: '089123456', host: 'carrier.test' }],
    ['<tel:+4989123456>', { name: null, user: '+4989123456', host: null }],
    ['sip:anonymous@anonymous.invalid;tag=x', { name: null, user: 'anonymous', host: 'anonymous.invalid' }],
    ['"A \\"quoted\\" name" <sip:%2B4989123456@c>', { name: 'A "quoted" name', user: '+4989123456', host: 'c' }],
    ['', { name: null, user: null, host: null }],
  ];
  for (const [value, want] of cases) t.same(parseNameAddr(value), want, value);
});

void t.test('the inbound caller is the carrier\'s asserted identity in E.164; a withheld number stays withheld', async (t) => {
  const site = calleridSite();
  const trunk = site.index.trunks.get('carrier')!;
  const cases: [string, Parameters<typeof inboundCallerOf>[0], { number: string | null; withheld: boolean; name: string | null }][] = [
    ['From only', { from: '<sip:+4989123456@c>' }, { number: '+4989123456', withheld: false, name: null }],
    ['PAI wins over From', { from: '<sip:+4930111@c>', pAssertedIdentity: '<sip:+4989123456@c>' }, { number: '+4989123456', withheld: false, name: null }],
    ['national format', { from: '"Erika" <sip:089123456@c>' }, { number: '+4989123456', withheld: false, name: 'Erika' }],
    ['Privacy: id', { from: '<sip:+4989123456@c>', privacy: 'id' }, { number: null, withheld: true, name: null }],
    ['Privacy: ID (case, failure #11)', { from: '"Erika" <sip:+4989123456@c>', privacy: 'ID' }, { number: null, withheld: true, name: null }],
    ['Privacy: header;user', { from: '<sip:+4989123456@c>', privacy: 'header;user' }, { number: null, withheld: true, name: null }],
    ['RPID privacy=full (failure #12)', { from: '<sip:+4989123456@c>', remotePartyId: '<sip:+4989123456@c>;privacy=full' }, { number: null, withheld: true, name: null }],
    ['anonymous From with PAI', { from: '"Anonymous" <sip:anonymous@anonymous.invalid>', pAssertedIdentity: '<sip:+4989123456@c>' }, { number: null, withheld: true, name: null }],
    ['Privacy: none', { from: '<sip:+4989123456@c>', privacy: 'none' }, { number: '+4989123456', withheld: false, name: null }],
    ['no public number', { from: '<sip:carrier@c>' }, { number: null, withheld: false, name: null }],
    ['local number: the area code is prefixed', { from: '<sip:123456@c>' }, { number: '+498031123456', withheld: false, name: null }],
  ];
  for (const [what, headers, want] of cases) t.same(inboundCallerOf(headers, trunk, site), want, what);
});

void t.test('a carrier writing 49… has bare digits read as international', async (t) => {
  const site = calleridSite((d) => { d.trunks[0]!.inboundFormat = 'e164-no-plus'; });
  t.same(inboundCallerOf({ from: '<sip:4989123456@c>' }, site.index.trunks.get('carrier')!, site), { number: '+4989123456', withheld: false, name: null });
});
