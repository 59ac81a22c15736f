// Expected bodies are written out by hand from RFC 4235 §4, RFC 3863 §4, RFC 4480 and
// RFC 3842 §5, in the encoding reference/presence.md §5.1 prescribes.
import t from 'tap';
import {
  notifyNeeded, opaqueId, projectPresence, renderDialogInfo, renderMessageSummary, renderPidf, renderPresenceJson,
} from '../../../../server/src/presence/index.js';
import type { Projection } from '../../../../server/src/presence/index.js';
import { RULES, T0, call, facts, viewer } from './fixtures.js';

const CTX = { entity: 'sip:3001@rathaus.example', subscriptionKey: 'sub-1' };
const ID = opaqueId('sub-1');
const HANDLE = { token: 'tok-abc', targetUri: 'sip:*83001@rathaus.example' };

const idle = facts();
const busy = facts({ calls: [call()] });
const ringing = facts({ calls: [call({ state: 'early' })] });
const absent = facts({ dnd: true });

function vis(state: 'available' | 'busy' | 'ringing' | 'unreachable', channel: Projection['channel'], extra: object = {}): Projection {
  return { kind: 'visible', user: '3001', channel, viewerClass: 'colleague', state, pickup: false, ...extra };
}

void t.test('the opaque id depends on the subscription key only and reveals nothing of it', async (t) => {
  t.match(ID, /^z[0-9a-f]{24}$/);
  t.equal(opaqueId('sub-1'), ID, 'stable');
  t.not(opaqueId('sub-2'), ID, 'one id per subscription');
  t.notOk(ID.includes('sub'));
});

void t.test('dialog-info for an available user: one terminated dialog, full state', async (t) => {
  t.equal(renderDialogInfo(projectPresence(idle, viewer('C', 'sip-dialog'), RULES, T0), CTX, 0),
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="sip:3001@rathaus.example">\n'
    + `  <dialog id="${ID}">\n`
    + '    <state>terminated</state>\n'
    + '  </dialog>\n'
    + '</dialog-info>\n');
});

void t.test('dialog-info for busy and for unreachable users: the same confirmed dialog, nothing else', async (t) => {
  const want = (v: number): string => '<?xml version="1.0" encoding="UTF-8"?>\n'
    + `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${v}" state="full" entity="sip:3001@rathaus.example">\n`
    + `  <dialog id="${ID}">\n`
    + '    <state>confirmed</state>\n'
    + '  </dialog>\n'
    + '</dialog-info>\n';
  t.equal(renderDialogInfo(projectPresence(busy, viewer('C', 'sip-dialog'), RULES, T0), CTX, 7), want(7));
  t.equal(renderDialogInfo(projectPresence(absent, viewer('C', 'sip-dialog'), RULES, T0), CTX, 8), want(8));
});

void t.test('dialog-info for ringing with pickup: early, the pickup token, anonymous remote, pickup target', async (t) => {
  t.equal(renderDialogInfo(projectPresence(ringing, viewer('CP', 'sip-dialog'), RULES, T0), CTX, 3, HANDLE),
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="3" state="full" entity="sip:3001@rathaus.example">\n'
    + `  <dialog id="${ID}" call-id="tok-abc" local-tag="zl" remote-tag="zr" direction="recipient">\n`
    + '    <state>early</state>\n'
    + '    <local>\n'
    + '      <identity>sip:3001@rathaus.example</identity>\n'
    + '      <target uri="sip:3001@rathaus.example"/>\n'
    + '    </local>\n'
    + '    <remote>\n'
    + '      <identity>sip:anonymous@anonymous.invalid</identity>\n'
    + '      <target uri="sip:*83001@rathaus.example"/>\n'
    + '    </remote>\n'
    + '  </dialog>\n'
    + '</dialog-info>\n');
});

void t.test('dialog-info for the user\'s own ringing: early with nothing else; a pickup handle is ignored', async (t) => {
  const own = projectPresence(facts({ calls: [call({ state: 'early', direction: 'outbound' })] }), viewer('ME', 'sip-dialog'), RULES, T0);
  t.equal(renderDialogInfo(own, CTX, 1, HANDLE),
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="1" state="full" entity="sip:3001@rathaus.example">\n'
    + `  <dialog id="${ID}">\n`
    + '    <state>early</state>\n'
    + '  </dialog>\n'
    + '</dialog-info>\n');
});

void t.test('attribute values are escaped', async (t) => {
  const body = renderDialogInfo(vis('busy', 'sip-dialog'), { entity: 'sip:a"b&c<d>\'@x', subscriptionKey: 'k' }, 0);
  t.match(body, 'entity="sip:a&#34;b&#38;c&#60;d&#62;&#39;@x"');
});

void t.test('renderers refuse what they must never render', async (t) => {
  const refused: Projection = { kind: 'refused', user: '3001', channel: 'sip-dialog', reason: 'no-relation' };
  t.throws(() => renderDialogInfo(refused, CTX, 0), /refused/);
  t.throws(() => renderDialogInfo(vis('busy', 'api'), CTX, 0), /api projection rendered for sip-dialog/);
  t.throws(() => renderDialogInfo(vis('ringing', 'sip-dialog', { pickup: true }), CTX, 0), /pickup handle/);
  t.throws(() => renderDialogInfo(vis('busy', 'sip-dialog'), CTX, -1), RangeError);
  t.throws(() => renderPidf(vis('busy', 'sip-dialog'), CTX), /sip-dialog projection rendered for sip-presence/);
  t.throws(() => renderPresenceJson(vis('busy', 'sip-presence')), /rendered as JSON/);
  t.throws(() => renderPresenceJson({ ...refused, channel: 'api' }), /refused/);
  t.throws(() => renderPresenceJson(vis('ringing', 'api', { pickup: true })), /pickup token/);
});

void t.test('PIDF for available: basic open, no person, no note', async (t) => {
  t.equal(renderPidf(projectPresence(idle, viewer('C', 'sip-presence'), RULES, T0), CTX),
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:3001@rathaus.example">\n'
    + `  <tuple id="${ID}">\n`
    + '    <status>\n'
    + '      <basic>open</basic>\n'
    + '    </status>\n'
    + '  </tuple>\n'
    + '</presence>\n');
});

void t.test('PIDF for busy and ringing: basic open plus rpid on-the-phone, no number or name', async (t) => {
  const want = '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:3001@rathaus.example">\n'
    + `  <tuple id="${ID}">\n`
    + '    <status>\n'
    + '      <basic>open</basic>\n'
    + '    </status>\n'
    + '  </tuple>\n'
    + `  <dm:person id="p${ID}">\n`
    + '    <rpid:activities>\n'
    + '      <rpid:on-the-phone/>\n'
    + '    </rpid:activities>\n'
    + '  </dm:person>\n'
    + '</presence>\n';
  t.equal(renderPidf(projectPresence(busy, viewer('C', 'sip-presence'), RULES, T0), CTX), want);
  t.equal(renderPidf(projectPresence(ringing, viewer('CP', 'sip-presence'), RULES, T0), CTX), want);
});

void t.test('PIDF for unreachable: basic closed and nothing else', async (t) => {
  t.equal(renderPidf(projectPresence(absent, viewer('C', 'sip-presence'), RULES, T0), CTX),
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:3001@rathaus.example">\n'
    + `  <tuple id="${ID}">\n`
    + '    <status>\n'
    + '      <basic>closed</basic>\n'
    + '    </status>\n'
    + '  </tuple>\n'
    + '</presence>\n');
});

void t.test('PIDF carries a note only when the user shared it, escaped', async (t) => {
  const shared = facts({ manual: { status: 'away', note: 'Außer Haus <Bauamt> & zurück', shareNote: true } });
  t.match(renderPidf(projectPresence(shared, viewer('C', 'sip-presence'), RULES, T0), CTX),
    '  </tuple>\n  <note>Außer Haus &#60;Bauamt&#62; &#38; zurück</note>\n</presence>\n');
  const unshared = facts({ manual: { status: 'away', note: 'Außer Haus', shareNote: false } });
  t.notMatch(renderPidf(projectPresence(unshared, viewer('C', 'sip-presence'), RULES, T0), CTX), /note|Haus/);
});

void t.test('message-summary carries counts only, CRLF terminated', async (t) => {
  t.equal(renderMessageSummary({ account: 'sip:3001@rathaus.example', newCount: 2, oldCount: 8, urgentOld: 2 }),
    'Messages-Waiting: yes\r\nMessage-Account: sip:3001@rathaus.example\r\nVoice-Message: 2/8 (0/2)\r\n');
  t.equal(renderMessageSummary({ account: 'sip:3001@rathaus.example', newCount: 0, oldCount: 3 }),
    'Messages-Waiting: no\r\nMessage-Account: sip:3001@rathaus.example\r\nVoice-Message: 0/3 (0/0)\r\n');
  const bad = [
    { account: 'a', newCount: -1, oldCount: 0 },
    { account: 'a', newCount: 1.5, oldCount: 0 },
    { account: 'a', newCount: 1, oldCount: 0, urgentNew: 2 },
    { account: 'a\r\nFrom: x', newCount: 1, oldCount: 0 },
  ];
  for (const counts of bad) t.throws(() => renderMessageSummary(counts), RangeError, JSON.stringify(counts));
});

void t.test('API JSON is the projection\'s allowed fields and the pickup token, nothing else', async (t) => {
  t.same(renderPresenceJson(projectPresence(busy, viewer('C', 'api'), RULES, T0)), { user: '3001', state: 'busy' });
  t.same(renderPresenceJson(projectPresence(ringing, viewer('CP', 'api'), RULES, T0), 'tok'), { user: '3001', state: 'ringing', pickup: 'tok' });
  t.same(renderPresenceJson(projectPresence(busy, viewer('C', 'api'), RULES, T0), 'tok'), { user: '3001', state: 'busy' }, 'no token without pickup');
  const op = facts({ dnd: true, substitute: '3002', forward: { kind: 'external', number: '+491701234567' }, manual: { status: 'auto', note: 'Homeoffice', shareNote: true } });
  t.same(renderPresenceJson(projectPresence(op, viewer('OP', 'panel'), RULES, T0)),
    { user: '3001', state: 'unreachable', note: 'Homeoffice', substitute: '3002', forward: { kind: 'external' } });
  t.same(renderPresenceJson(projectPresence(facts({ agent: { state: 'busy', hotlines: ['h'] } }), viewer('TL', 'api'), RULES, T0)),
    { user: '3001', state: 'available', hotlineLoggedIn: true });
  t.same(renderPresenceJson(projectPresence(op, viewer('ME', 'api'), RULES, T0)),
    { user: '3001', state: 'unreachable', note: 'Homeoffice' }, 'own facts are not part of the JSON');
});

void t.test('notifyNeeded is true exactly when the channel\'s body would change', async (t) => {
  const cases: [string, Projection | undefined, Projection, boolean][] = [
    ['nothing sent yet', undefined, vis('busy', 'sip-dialog'), true],
    ['dialog: busy to unreachable looks the same', vis('busy', 'sip-dialog'), vis('unreachable', 'sip-dialog'), false],
    ['dialog: available to busy', vis('available', 'sip-dialog'), vis('busy', 'sip-dialog'), true],
    ['dialog: busy to ringing with pickup', vis('busy', 'sip-dialog'), vis('ringing', 'sip-dialog', { pickup: true }), true],
    ['dialog: viewer class changed, body not', vis('busy', 'sip-dialog'), vis('busy', 'sip-dialog', { viewerClass: 'lead' }), false],
    ['presence: busy to ringing looks the same', vis('busy', 'sip-presence'), vis('ringing', 'sip-presence', { pickup: true }), false],
    ['presence: busy to unreachable', vis('busy', 'sip-presence'), vis('unreachable', 'sip-presence'), true],
    ['presence: shared note edited', vis('busy', 'sip-presence', { note: 'a' }), vis('busy', 'sip-presence', { note: 'b' }), true],
    ['api: busy to unreachable', vis('busy', 'api'), vis('unreachable', 'api'), true],
    ['api: substitute changed', vis('unreachable', 'api', { substitute: '1' }), vis('unreachable', 'api', { substitute: '2' }), true],
    ['api: same content', vis('unreachable', 'api', { forward: { kind: 'voicemail' } }), vis('unreachable', 'api', { forward: { kind: 'voicemail' } }), false],
    ['refused stays refused', { kind: 'refused', user: '3001', channel: 'api', reason: 'no-relation' }, { kind: 'refused', user: '3001', channel: 'api', reason: 'works-council-mode' }, false],
    ['refused to visible', { kind: 'refused', user: '3001', channel: 'api', reason: 'no-relation' }, vis('busy', 'api'), true],
  ];
  for (const [name, prev, next, want] of cases) t.equal(notifyNeeded(prev, next), want, name);
  t.throws(() => notifyNeeded(vis('busy', 'api'), vis('busy', 'panel')), /different subscriptions/);
  t.throws(() => notifyNeeded(vis('busy', 'api'), { ...vis('busy', 'api'), user: '3002' }), /different subscriptions/);
});
