import t from 'tap';
import { accepts, decideExpiry, parseEvent, userOf, withoutTag } from '../../../../server/src/presence-feature/sip/packages.js';

void t.test('Event headers name a served package; filters and other parameters are dropped, id is echoed', async (t) => {
  const cases: Array<[string | undefined, ReturnType<typeof parseEvent>]> = [
    ['dialog', { pkg: 'dialog', echo: 'dialog' }],
    ['Dialog', { pkg: 'dialog', echo: 'dialog' }],
    ['dialog;call-id=abc;from-tag=1;to-tag=2;include-session-description', { pkg: 'dialog', echo: 'dialog' }],
    ['presence;id=7', { pkg: 'presence', echo: 'presence;id=7' }],
    ['message-summary', { pkg: 'message-summary', echo: 'message-summary' }],
    ['as-feature-event', undefined],
    ['refer', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [h, want] of cases) t.same(parseEvent(h), want, String(h));
});

void t.test('Accept admits the package type, wildcards, or nothing at all', async (t) => {
  t.ok(accepts(undefined, 'dialog'));
  t.ok(accepts('application/dialog-info+xml', 'dialog'));
  t.ok(accepts('application/dialog-info+xml, multipart/related, application/rlmi+xml', 'dialog'));
  t.ok(accepts('application/*', 'presence'));
  t.ok(accepts('*/*', 'message-summary'));
  t.notOk(accepts('application/xpidf+xml', 'presence'));
  t.notOk(accepts('application/pidf+xml', 'dialog'));
});

void t.test('expiry: default 3600, capped at 3600, 0 is a fetch, below 60 is too brief, garbage is bad', async (t) => {
  t.same(decideExpiry(undefined), { kind: 'grant', seconds: 3600 });
  t.same(decideExpiry('1800'), { kind: 'grant', seconds: 1800 });
  t.same(decideExpiry('86400'), { kind: 'grant', seconds: 3600 });
  t.same(decideExpiry('60'), { kind: 'grant', seconds: 60 });
  t.same(decideExpiry('0'), { kind: 'fetch' });
  t.same(decideExpiry('59'), { kind: 'too-brief' });
  t.same(decideExpiry('-1'), { kind: 'bad' });
  t.same(decideExpiry('soon'), { kind: 'bad' });
});

void t.test('the user part of a Request-URI, and From/To without their tag', async (t) => {
  t.equal(userOf('sip:3001@presence.zentrale.test'), '3001');
  t.equal(userOf('sips:3001@host:5061;transport=tls'), '3001');
  t.equal(userOf('sip:%2A83001@host'), '*83001');
  t.equal(userOf('sip:host'), undefined);
  t.equal(withoutTag('<sip:3002@h>;tag=abc'), '<sip:3002@h>');
  t.equal(withoutTag('"B" <sip:3002@h>;foo=1;tag=abc'), '"B" <sip:3002@h>;foo=1');
});
