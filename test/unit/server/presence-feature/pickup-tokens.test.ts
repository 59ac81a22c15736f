import t from 'tap';
import fc from 'fast-check';
import { PickupTokens } from '../../../../server/src/presence-feature/sip/pickup-tokens.js';
import { rulesOf } from '../../../../server/src/presence-feature/hub.js';
import { presenceSite } from './fixtures.js';

const site = presenceSite();
const rules = rulesOf(site);
const users = [...site.index.users.keys()];
const tokens = new PickupTokens('secret-a');

void t.test('a token resolves only for the watcher it was issued to, and only while that watcher may pick up', async (t) => {
  fc.assert(fc.property(fc.constantFrom(...users), fc.constantFrom(...users), fc.constantFrom(...users), (issuedTo, target, picker) => {
    const token = tokens.tokenFor(issuedTo, target);
    const resolved = tokens.resolve(token, picker, users, rules);
    const expected = picker === issuedTo && picker !== target && (
      (['3001', '3002', '3003'].includes(picker) && ['3001', '3002', '3003'].includes(target)) || (picker === '3000' && ['3001', '3002', '3003'].includes(target)));
    return resolved === (expected ? target : undefined);
  }));
  t.pass('checked every watcher, target and picker of the test site');
});

void t.test('tokens are per pair, stable, of a fixed form, and bound to the server secret', async (t) => {
  const a = tokens.tokenFor('3002', '3001');
  t.equal(a, tokens.tokenFor('3002', '3001'), 'stable (no per-call token: bodies stay byte-identical)');
  t.not(a, tokens.tokenFor('3003', '3001'));
  t.not(a, tokens.tokenFor('3002', '3003'));
  t.not(a, new PickupTokens('secret-b').tokenFor('3002', '3001'));
  t.ok(tokens.isToken(a));
  t.notOk(tokens.isToken('1-9600@127.0.0.1'), 'a normal Call-ID (attended transfer) is not ours');
  t.notOk(tokens.isToken(`${a}x`));
});

void t.test('a lead who is not a member gets no pickup right from a token', async (t) => {
  t.equal(tokens.resolve(tokens.tokenFor('3004', '3001'), '3004', users, rules), undefined);
});

void t.test('§5.3 test 15: an issued token stops working once the pickup right is removed', async (t) => {
  const token = tokens.tokenFor('3002', '3001');
  t.equal(tokens.resolve(token, '3002', users, rules), '3001', 'works while the team has pickup');
  const narrowed = rulesOf(presenceSite((y) => y.replace('pickup: true', 'pickup: false')));
  t.equal(tokens.resolve(token, '3002', users, narrowed), undefined, 'refused under the new rules, with no token revoked by hand');
  const left = rulesOf(presenceSite((y) => y.replace('members: ["3001", "3002", "3003"]', 'members: ["3001", "3003"]')));
  t.equal(tokens.resolve(token, '3002', users, left), undefined, 'refused for a watcher who left the team');
});
