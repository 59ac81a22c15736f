import t from 'tap';
import fc from 'fast-check';
import { loadDialplan, type IvrMenu } from '../../../../server/src/config/dialplan/index.js';
import { ivrAction } from '../../../../server/src/ivr/index.js';

/** Menus as the loader builds them (defaults applied: attempts 3, invalidPrompt ivr/invalid). */
function menus(): { main: IvrMenu; bare: IvrMenu } {
  const r = loadDialplan([{ path: 'ivr.yaml', text: `
users: [{ extension: "3001", password: anna-secret-1 }]
ivrMenus:
  - id: main
    number: "800"
    prompt: ivr/main
    options: { "1": { user: "3001" }, "#": { voicemail: "3001" }, "9": { ivr: bare } }
    onTimeout: { user: "3001" }
    onInvalid: { voicemail: "3001" }
  - { id: bare, prompt: ivr/main, attempts: 1, invalidPrompt: common/invalid, options: { "0": { user: "3001" } } }
` }]);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return { main: r.value.index.ivrMenus.get('main')!, bare: r.value.index.ivrMenus.get('bare')! };
}

void t.test('a key with an option routes that option, on any play', async (t) => {
  const { main } = menus();
  for (const [digit, target] of [['1', { user: '3001' }], ['#', { voicemail: '3001' }], ['9', { ivr: 'bare' }]] as const) {
    for (const attempt of [1, 2, 3]) t.same(ivrAction(main, attempt, { kind: 'digit', digit }), { kind: 'route', digit, target }, `${digit} on play ${attempt}`);
  }
});

void t.test('a wrong key replays after the invalid prompt, a timeout replays silently, until the last play', async (t) => {
  const { main } = menus();
  t.same(ivrAction(main, 1, { kind: 'digit', digit: '7' }), { kind: 'retry', say: 'ivr/invalid' });
  t.same(ivrAction(main, 2, { kind: 'timeout' }), { kind: 'retry', say: null });
  t.same(ivrAction(main, 3, { kind: 'digit', digit: '*' }), { kind: 'give-up', why: 'invalid', say: 'ivr/invalid', target: { voicemail: '3001' } }, 'after the third play: onInvalid');
  t.same(ivrAction(main, 3, { kind: 'timeout' }), { kind: 'give-up', why: 'timeout', say: null, target: { user: '3001' } }, 'after the third play: onTimeout');
});

void t.test('a menu without fallbacks gives up with no target (the caller is hung up on)', async (t) => {
  const { bare } = menus();
  t.same(ivrAction(bare, 1, { kind: 'timeout' }), { kind: 'give-up', why: 'timeout', say: null, target: undefined });
  t.same(ivrAction(bare, 1, { kind: 'digit', digit: '5' }), { kind: 'give-up', why: 'invalid', say: 'common/invalid', target: undefined });
});

void t.test('property: retries stop exactly at attempts, and only known keys route', async (t) => {
  const { main } = menus();
  fc.assert(fc.property(fc.integer({ min: 1, max: 10 }), fc.constantFrom('0', '1', '2', '5', '9', '*', '#', ''), (attempt, key) => {
    const a = ivrAction(main, attempt, key === '' ? { kind: 'timeout' } : { kind: 'digit', digit: key });
    if (key !== '' && key in main.options) return a.kind === 'route';
    return a.kind === (attempt < main.attempts ? 'retry' : 'give-up');
  }));
  t.pass();
});
