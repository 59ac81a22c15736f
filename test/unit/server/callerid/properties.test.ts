// fast-check properties of the caller-ID policy over random sites, users, trunks, callers and legs.
import t from 'tap';
import fc from 'fast-check';
import {
  ANONYMOUS_FROM,
  DEFAULT_CALLER_ID_POLICY,
  callerIdFor,
  formatNumber,
  inNumberBlocks,
  isPresentableForwardedNumber,
  normalizeNumber,
  renderCallerIdHeaders,
} from '../../../../server/src/callerid/index.js';
import type { CallerIdContext, CallerIdHeaders, Leg, NumberBlock, NumberFormat, TrunkIdentityProfile } from '../../../../server/src/callerid/index.js';
import { checkProperty } from './helpers.js';

const FORMATS: NumberFormat[] = ['e164', 'e164-no-plus', 'international-00', 'national'];

// Site numbers start with 4-9 after +49; citizens live in 030/021x, mobiles in 015x-017x, so a
// generated "foreign" number is never one of ours by accident.
const mobileArb = fc.stringMatching(/^\+491[5-7]\d{8,9}$/);
const citizenArb = fc.stringMatching(/^\+49(30|21\d)\d{5,7}$/);
const abroadArb = fc.stringMatching(/^\+4[13]\d{7,10}$/);

const SHAPES = ['0-999', '100-899', '000-499'] as const;
function ownArb(block: NumberBlock): fc.Arbitrary<string> {
  switch (block.ddi) {
    case '100-899':
      return fc.integer({ min: 100, max: 899 }).map((n) => `${block.base}${n}`);
    case '000-499':
      return fc.integer({ min: 0, max: 499 }).map((n) => `${block.base}${String(n).padStart(3, '0')}`);
    default:
      return fc.integer({ min: 0, max: 999 }).map((n) => `${block.base}${n}`);
  }
}

const trunkArb: fc.Arbitrary<TrunkIdentityProfile> = fc.record({
  presentIn: fc.constantFrom('from', 'pai', 'ppi'),
  format: fc.constantFrom(...FORMATS),
  clipNoScreening: fc.boolean(),
  diversion: fc.constantFrom('diversion', 'history-info'),
});

const legArb: fc.Arbitrary<Leg> = fc.oneof(
  fc.record({ kind: fc.constant('internal' as const), clirRequested: fc.boolean() }),
  fc.record({ kind: fc.constant('external' as const), origin: fc.constantFrom('office' as const, 'home-office' as const), clirRequested: fc.boolean() }),
  fc.record({ kind: fc.constant('call-through' as const), clirRequested: fc.boolean() }),
  fc.record({ kind: fc.constant('hotline-callback' as const), clirRequested: fc.boolean() }),
  fc.record({ kind: fc.constant('forwarded' as const), reason: fc.constantFrom('unconditional' as const, 'busy' as const, 'no-answer' as const, 'hunt-group' as const, 'hotline-overflow' as const) }),
  fc.record({ kind: fc.constant('group-to-mobile' as const), group: fc.constantFrom('hotline' as const, 'hunt-group' as const) }),
  fc.record({ kind: fc.constant('emergency' as const), origin: fc.constantFrom('office' as const, 'home-office' as const, 'call-through' as const) }),
  fc.constant({ kind: 'inbound' as const }),
);

const worldArb = fc
  .record({ base: fc.stringMatching(/^\+49[4-9]\d{4,6}$/), ddi: fc.constantFrom(...SHAPES), mobile: mobileArb })
  .chain(({ base, ddi, mobile }) => {
    const block = { base, ddi };
    const own = ownArb(block);
    const anyNumber = fc.oneof(own, citizenArb, mobileArb, abroadArb);
    // A caller may be anyone, including the user's own mobile written the way some carrier writes it.
    const callerNumber = fc.oneof(
      citizenArb,
      abroadArb,
      own,
      fc.constantFrom('3005', '112', '+49900123456', 'anonymous'),
      fc.constantFrom(...FORMATS).map((f) => formatNumber(mobile, f, '49')),
    );
    const ctx: fc.Arbitrary<CallerIdContext> = fc.record({
      domain: fc.constant('pbx.example'),
      organisation: fc.constantFrom('Stadt Rosenheim', 'Landratsamt'),
      site: fc.record({
        name: fc.option(fc.constantFrom('Rathaus', 'Außenstelle'), { nil: null }),
        main: own,
        emergency: fc.oneof(own, citizenArb),
        emergencyCallback: fc.option(anyNumber, { nil: null }),
        blocks: fc.constant([block]),
      }),
      trunk: fc.option(trunkArb, { nil: null }),
      user: fc.option(
        fc.record({
          extension: fc.stringMatching(/^\d{3,4}$/),
          name: fc.constantFrom('Anna Berger', 'Bernd Huber'),
          ddi: fc.option(anyNumber, { nil: null }),
          mobile: fc.constant(mobile),
          clir: fc.boolean(),
          clirInternal: fc.boolean(),
        }),
        { nil: null },
      ),
      hotline: fc.option(
        fc.record({
          number: fc.constant('4100'),
          ddi: anyNumber,
          name: fc.constant('Bürgeramt Hotline'),
          presentToMobile: fc.constantFrom('hotline' as const, 'caller' as const),
        }),
        { nil: null },
      ),
      originalCaller: fc.option(
        fc.record({ number: fc.option(callerNumber, { nil: null }), withheld: fc.boolean(), name: fc.constant(null) }),
        { nil: null },
      ),
    });
    return fc.tuple(legArb, ctx, fc.constant(mobile));
  });

function trunkOf(ctx: CallerIdContext): TrunkIdentityProfile {
  return ctx.trunk ?? DEFAULT_CALLER_ID_POLICY.defaultTrunk;
}

function originalE164(ctx: CallerIdContext): string | null {
  const n = ctx.originalCaller?.number;
  return n === null || n === undefined ? null : normalizeNumber(n, '49', trunkOf(ctx).format);
}

/** User parts of every identity-bearing header the leg sends. */
function identityUsers(h: CallerIdHeaders): string[] {
  return [h.from.user, ...(h.identity ? [h.identity.user] : []), ...h.diversion.map((d) => d.user), ...h.historyInfo.flatMap((e) => (e.kind === 'diverting' ? [e.user] : []))].filter((u) => u !== 'anonymous');
}

/** Whether the leg's own withholding rules say the number must be hidden. */
function clirApplies(leg: Leg, ctx: CallerIdContext): boolean {
  switch (leg.kind) {
    case 'internal':
      return leg.clirRequested || (ctx.user?.clir === true && ctx.user.clirInternal === true);
    case 'external':
    case 'call-through':
      return leg.clirRequested || ctx.user?.clir === true;
    case 'hotline-callback':
      return leg.clirRequested;
    case 'forwarded':
      return ctx.originalCaller?.withheld === true;
    case 'group-to-mobile':
    case 'emergency':
      return false;
    case 'inbound':
      return ctx.originalCaller?.withheld !== false;
  }
}

void t.test('every number presented toward a trunk is in our blocks, or is the forwarded original caller where allowed', async (t) => {
  checkProperty(t, 'numbers in blocks', fc.property(worldArb, ([leg, ctx]) => {
    const h = callerIdFor(leg, ctx);
    if (h.towards !== 'trunk') return true;
    const trunk = trunkOf(ctx);
    const original = originalE164(ctx);
    const exceptionHolds = (n: string): boolean =>
      (leg.kind === 'forwarded' || leg.kind === 'group-to-mobile') &&
      trunk.clipNoScreening &&
      ctx.originalCaller?.withheld === false &&
      n === original &&
      isPresentableForwardedNumber(n);
    return identityUsers(h).every((u) => {
      const n = normalizeNumber(u, '49', trunk.format);
      return n !== null && (inNumberBlocks(n, ctx.site.blocks) || exceptionHolds(n));
    });
  }), 2000);
});

void t.test("the user's private mobile never appears in anything the policy returns", async (t) => {
  checkProperty(t, 'mobile never presented', fc.property(worldArb, ([leg, ctx, mobile]) => {
    if (ctx.user?.mobile !== mobile) return true;
    const h = callerIdFor(leg, ctx);
    const text = JSON.stringify(h) + JSON.stringify(renderCallerIdHeaders(h, 'sip:target@carrier.example'));
    const nsn = mobile.slice(3);
    // On an inbound leg the caller may be the user's own mobile calling in: that is the caller's
    // identity, not one we present.
    const callerIsMobile = leg.kind === 'inbound' && originalE164(ctx) === mobile;
    return callerIsMobile || !text.includes(nsn);
  }), 2000);
});

void t.test('CLIR always yields an anonymous From and Privacy: id, except on emergency legs', async (t) => {
  checkProperty(t, 'CLIR anonymises', fc.property(worldArb, ([leg, ctx]) => {
    const h = callerIdFor(leg, ctx);
    if (!clirApplies(leg, ctx)) return true;
    return JSON.stringify(h.from) === JSON.stringify(ANONYMOUS_FROM) && h.privacy.includes('id');
  }), 2000);
});

void t.test('toward trunks Privacy: id is sent exactly when CLIR applies, and never on emergency legs', async (t) => {
  checkProperty(t, 'Privacy: id iff CLIR', fc.property(worldArb, ([leg, ctx]) => {
    const h = callerIdFor(leg, ctx);
    if (h.towards !== 'trunk') return true;
    const id = h.privacy.includes('id');
    return id === clirApplies(leg, ctx) && (leg.kind !== 'emergency' || (!id && h.from.user !== 'anonymous'));
  }), 2000);
});

void t.test('a withheld caller number never appears in the headers of any leg', async (t) => {
  checkProperty(t, 'withheld stays withheld', fc.property(worldArb, ([leg, ctx]) => {
    const original = originalE164(ctx);
    if (ctx.originalCaller?.withheld !== true || original === null || inNumberBlocks(original, ctx.site.blocks)) return true;
    const text = JSON.stringify(renderCallerIdHeaders(callerIdFor(leg, ctx), 'sip:target@carrier.example'));
    return !text.includes(original.slice(3));
  }), 2000);
});

void t.test('toward trunks the network identity in PAI/PPI is always one of our numbers', async (t) => {
  checkProperty(t, 'asserted is ours unless the forwarded original is shown there', fc.property(worldArb, ([leg, ctx]) => {
    const h = callerIdFor(leg, ctx);
    if (h.towards !== 'trunk') return true;
    return h.presented.network !== null && inNumberBlocks(h.presented.network, ctx.site.blocks);
  }), 2000);
});
