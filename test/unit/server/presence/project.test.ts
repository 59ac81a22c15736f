// reference/presence.md §5.2, one table row per internal fact, one column per viewer class,
// checked on every channel (§5.1).
import t from 'tap';
import { CHANNELS, projectPresence } from '../../../../server/src/presence/index.js';
import type { Channel, UserFacts } from '../../../../server/src/presence/index.js';
import { DAY, RULES, T0, TARGET, VIEWERS, call, facts, viewer } from './fixtures.js';
import type { ViewerName } from './fixtures.js';

interface Expected {
  readonly state?: 'available' | 'busy' | 'ringing' | 'unreachable';
  readonly pickup?: boolean;
  readonly substitute?: string;
  readonly forward?: unknown;
  readonly hotlineLoggedIn?: boolean;
  readonly note?: string;
  readonly refused?: 'no-relation' | 'works-council-mode';
}

const CLASS: Record<ViewerName, string> = { C: 'colleague', CP: 'colleague', TL: 'lead', OP: 'operator', SV: 'supervisor', ME: 'self' };
const WCM = { refused: 'works-council-mode' } as const;

// What each viewer may see through API and panel. SIP channels drop everything but state and
// pickup (§5.2 last line); the dialog channel also drops the note.
function expected(name: ViewerName, channel: Channel, e: Expected, f: UserFacts): unknown {
  if (e.refused !== undefined) return { kind: 'refused', user: TARGET, channel, reason: e.refused };
  const out: Record<string, unknown> = {
    kind: 'visible', user: TARGET, channel, viewerClass: CLASS[name], state: e.state, pickup: e.pickup ?? false,
  };
  const sip = channel === 'sip-dialog' || channel === 'sip-presence';
  if (e.note !== undefined && channel !== 'sip-dialog') out['note'] = e.note;
  if (!sip) {
    if (e.substitute !== undefined) out['substitute'] = e.substitute;
    if (e.forward !== undefined) out['forward'] = e.forward;
    if (e.hotlineLoggedIn !== undefined) out['hotlineLoggedIn'] = e.hotlineLoggedIn;
    if (name === 'ME') out['own'] = f;
  }
  return out;
}

interface Row {
  readonly fact: string;
  readonly facts: UserFacts;
  readonly see: Record<ViewerName, Expected>;
}

const same = (e: Expected): Record<Exclude<ViewerName, 'SV'>, Expected> => ({ C: e, CP: e, TL: e, OP: e, ME: e });
const away = { substitute: '3002', forward: { kind: 'user', user: '3005' } } as const;
const routing = { substitute: '3002', forward: { kind: 'user' as const, user: '3005' } };

const ROWS: Row[] = [
  { fact: 'registered, idle', facts: facts(), see: { ...same({ state: 'available' }), SV: WCM } },
  {
    fact: 'no device registered', facts: facts({ devices: { registered: 0, reachable: 0 }, ...routing }),
    see: { ...same({ state: 'unreachable' }), OP: { state: 'unreachable', ...away }, SV: WCM },
  },
  {
    fact: 'registered but no device answers keepalives', facts: facts({ devices: { registered: 2, reachable: 0 } }),
    see: { ...same({ state: 'unreachable' }), SV: WCM },
  },
  {
    fact: 'substitute and forward target set while reachable', facts: facts({ ...routing }),
    see: { ...same({ state: 'available' }), SV: WCM },
  },
  {
    fact: 'ringing inbound', facts: facts({ calls: [call({ state: 'early' })] }),
    see: {
      C: { state: 'busy' }, CP: { state: 'ringing', pickup: true }, TL: { state: 'busy' },
      OP: { state: 'ringing', pickup: true }, SV: WCM, ME: { state: 'ringing' },
    },
  },
  {
    fact: 'ringing outbound', facts: facts({ calls: [call({ state: 'early', direction: 'outbound' })] }),
    see: { ...same({ state: 'busy' }), ME: { state: 'ringing' }, SV: WCM },
  },
  {
    fact: 'outbound call being set up (trying)', facts: facts({ calls: [call({ state: 'trying', direction: 'outbound' })] }),
    see: { ...same({ state: 'busy' }), SV: WCM },
  },
  ...(['internal', 'external'] as const).flatMap((scope) => (['inbound', 'outbound'] as const).map((direction): Row => ({
    fact: `on a ${scope} ${direction} call`, facts: facts({ calls: [call({ scope, direction, party: scope === 'internal' ? '3999' : '+4930555' })] }),
    see: { ...same({ state: 'busy' }), SV: WCM },
  }))),
  {
    fact: 'hold, several calls, transfer',
    facts: facts({ calls: [call({ id: 'a', held: true }), call({ id: 'b', direction: 'outbound', scope: 'internal', party: '3003' })] }),
    see: { ...same({ state: 'busy' }), SV: WCM },
  },
  {
    fact: 'on a call with a second call ringing in', facts: facts({ calls: [call({ id: 'a' }), call({ id: 'b', state: 'early' })] }),
    see: {
      C: { state: 'busy' }, CP: { state: 'ringing', pickup: true }, TL: { state: 'busy' },
      OP: { state: 'ringing', pickup: true }, SV: WCM, ME: { state: 'ringing' },
    },
  },
  {
    fact: 'DND', facts: facts({ dnd: true, ...routing }),
    see: { ...same({ state: 'unreachable' }), OP: { state: 'unreachable', ...away }, SV: WCM },
  },
  {
    fact: 'DND during a call', facts: facts({ dnd: true, calls: [call()] }),
    see: { ...same({ state: 'unreachable' }), SV: WCM },
  },
  {
    fact: 'DND with an external forward (maybe a private mobile)',
    facts: facts({ dnd: true, forward: { kind: 'external', number: '+491701234567' } }),
    see: { ...same({ state: 'unreachable' }), OP: { state: 'unreachable', forward: { kind: 'external' } }, SV: WCM },
  },
  {
    fact: 'DND with forward to voicemail', facts: facts({ dnd: true, forward: { kind: 'voicemail' } }),
    see: { ...same({ state: 'unreachable' }), OP: { state: 'unreachable', forward: { kind: 'voicemail' } }, SV: WCM },
  },
  { fact: 'manual status busy', facts: facts({ manual: { status: 'busy', note: null, shareNote: false } }), see: { ...same({ state: 'busy' }), SV: WCM } },
  { fact: 'manual status in a meeting', facts: facts({ manual: { status: 'in-meeting', note: null, shareNote: false } }), see: { ...same({ state: 'busy' }), SV: WCM } },
  { fact: 'manual status away', facts: facts({ manual: { status: 'away', note: null, shareNote: false } }), see: { ...same({ state: 'unreachable' }), SV: WCM } },
  {
    fact: 'manual status busy with a note not shared', facts: facts({ manual: { status: 'busy', note: 'Zahnarzt', shareNote: false } }),
    see: { ...same({ state: 'busy' }), SV: WCM },
  },
  {
    fact: 'manual status busy with a note the user shares', facts: facts({ manual: { status: 'busy', note: 'Bis 14 Uhr in Raum 2', shareNote: true } }),
    see: { ...same({ state: 'busy', note: 'Bis 14 Uhr in Raum 2' }), SV: WCM },
  },
  ...(['holiday', 'sick', 'training', 'business-trip'] as const).map((reason): Row => ({
    fact: `absence ${reason}`,
    facts: facts({ absences: [{ id: 'x', reason, from: T0 - DAY, until: T0 + 3 * DAY }], ...routing }),
    see: { ...same({ state: 'unreachable' }), OP: { state: 'unreachable', ...away }, SV: WCM },
  })),
  {
    fact: 'absence with a call going on', facts: facts({ absences: [{ id: 'x', reason: 'sick', from: T0 - DAY, until: null }], calls: [call({ state: 'early' })] }),
    see: { ...same({ state: 'unreachable' }), SV: WCM },
  },
  {
    fact: 'absence planned for later', facts: facts({ absences: [{ id: 'x', reason: 'sick', from: T0 + DAY, until: null }] }),
    see: { ...same({ state: 'available' }), SV: WCM },
  },
  {
    fact: 'hotline agent logged in and paused', facts: facts({ agent: { state: 'paused', hotlines: ['buergertelefon'] } }),
    see: { ...same({ state: 'available' }), TL: { state: 'available', hotlineLoggedIn: true }, SV: WCM },
  },
  {
    fact: 'hotline agent logged out', facts: facts({ agent: { state: 'logged-out', hotlines: ['buergertelefon'] } }),
    see: { ...same({ state: 'available' }), TL: { state: 'available', hotlineLoggedIn: false }, SV: WCM },
  },
  {
    fact: 'call history and durations (a call running for hours)', facts: facts({ calls: [call({ startedAt: T0 - 5 * 3_600_000 })] }),
    see: { ...same({ state: 'busy' }), SV: WCM },
  },
];

for (const row of ROWS) {
  void t.test(`§5.2 ${row.fact}`, async (t) => {
    for (const name of Object.keys(VIEWERS) as ViewerName[]) {
      for (const channel of CHANNELS) {
        const actual = projectPresence(row.facts, viewer(name, channel), RULES, T0);
        t.same(actual, expected(name, channel, row.see[name], row.facts), `${name} via ${channel}`);
      }
    }
  });
}

void t.test('a stranger is refused whatever the facts', async (t) => {
  for (const row of ROWS) {
    t.same(projectPresence(row.facts, { user: '7777', channel: 'api' }, RULES, T0),
      { kind: 'refused', user: TARGET, channel: 'api', reason: 'no-relation' }, row.fact);
  }
});

void t.test('outside works-council mode a supervisor sees state and hotline login, nothing more', async (t) => {
  const open = { ...RULES, worksCouncilMode: false };
  const f = facts({ dnd: true, agent: { state: 'wrap-up', hotlines: ['h'] }, ...routing });
  t.same(projectPresence(f, viewer('SV', 'api'), open, T0), {
    kind: 'visible', user: TARGET, channel: 'api', viewerClass: 'supervisor', state: 'unreachable', pickup: false, hotlineLoggedIn: true,
  });
});

void t.test('the user sees the own outgoing call ringing and every own fact on API and panel', async (t) => {
  const f = facts({ calls: [call({ state: 'early', direction: 'outbound' })], absences: [{ id: 'x', reason: 'sick', from: T0 + DAY, until: null }] });
  const p = projectPresence(f, viewer('ME', 'panel'), RULES, T0);
  t.equal(p.kind === 'visible' && p.state, 'ringing');
  t.equal(p.kind === 'visible' && p.own?.absences[0]?.reason, 'sick');
  t.equal(p.kind === 'visible' && p.pickup, false, 'nobody picks up a call from its own caller');
});

void t.test('projections are frozen', async (t) => {
  t.ok(Object.isFrozen(projectPresence(facts(), viewer('C', 'api'), RULES, T0)));
  t.ok(Object.isFrozen(projectPresence(facts(), viewer('SV', 'api'), RULES, T0)));
});
