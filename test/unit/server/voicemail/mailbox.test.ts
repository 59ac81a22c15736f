/**
 * Mailboxes and stored callers (PURE server/src/voicemail/mailbox.ts and caller.ts): who has a
 * mailbox, which greeting and PIN it has, where its e-mails go, and how a caller is stored (a
 * member of staff's private mobile as the extension, never the number: caller-id.md §6).
 */
import t from 'tap';
import { loadDialplan, type SiteConfig } from '../../../../server/src/config/dialplan/index.js';
import { allMailboxes, callerKeyOf, callerText, mailboxOf, storedCallerOf } from '../../../../server/src/voicemail/index.js';

function site(): SiteConfig {
  const r = loadDialplan([{ path: 'vm.yaml', text: `
site: { name: Test, domain: vm.test, areaCode: "8031" }
numbers: { blocks: [{ base: "+49803162", ddi: "0-999" }], main: "+498031620" }
users:
  - { extension: "5001", name: Anna, password: anna-secret-1, email: anna@vm.test, pinHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", mobile: "+491701234567" }
  - { extension: "5002", password: bernd-secret-1, language: en, email: bernd@vm.test, voicemail: { email: false } }
  - { extension: "5003", password: carla-secret-1, voicemail: { enabled: false } }
huntGroups:
  - { number: "600", name: Hausdienst, members: [{ user: "5001" }], voicemail: { emails: [haus@vm.test], attach: false } }
` }]);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

void t.test('users with voicemail.enabled and every hunt group have a mailbox; only users can open theirs by phone', async (t) => {
  const s = site();
  t.match(mailboxOf(s, '5001'), {
    number: '5001', owner: { kind: 'user' }, language: 'de', label: 'Anna',
    defaultGreeting: { busy: 'vm/greeting-busy', unavailable: 'vm/greeting-unavailable' },
    notice: { to: ['anna@vm.test'], attach: true },
  });
  t.match(mailboxOf(s, '5001')?.pinHash, /^\$argon2id\$/);
  t.match(mailboxOf(s, '5002'), { language: 'en', notice: { to: [] }, pinHash: undefined, label: '5002' }, 'no PIN: cannot be opened by phone; e-mail switched off');
  t.equal(mailboxOf(s, '5003'), undefined, 'voicemail.enabled false: no mailbox');
  t.match(mailboxOf(s, '600'), {
    owner: { kind: 'huntGroup' }, pinHash: undefined, label: 'Hausdienst', notice: { to: ['haus@vm.test'], attach: false },
    defaultGreeting: { busy: 'vm/greeting-hotline', unavailable: 'vm/greeting-hotline' },
  });
  t.equal(mailboxOf(s, '9999'), undefined);
  t.same(allMailboxes(s).map((m) => m.number), ['5001', '5002', '600']);
});

void t.test('callers are stored as the caller-ID rules allow', async (t) => {
  const s = site();
  const anna = s.index.users.get('5001')!;
  const cases = [
    [{ kind: 'user', user: anna }, { caller: '5001', kind: 'internal' }, '5001', 'caller:ext:5001'],
    [{ kind: 'external', number: '+491701234567' }, { caller: '5001', kind: 'staff-mobile' }, '5001 (mobile)', 'caller:ext:5001'],
    [{ kind: 'external', number: '01701234567' }, { caller: '5001', kind: 'staff-mobile' }, '5001 (mobile)', 'caller:ext:5001'],
    [{ kind: 'external', number: '+4930123456' }, { caller: '+4930123456', kind: 'external' }, '+4930123456', 'caller:+4930123456'],
    [{ kind: 'external', number: null }, { caller: null, kind: 'withheld' }, 'withheld', 'caller:withheld'],
  ] as const;
  for (const [party, stored, text, key] of cases) {
    const c = storedCallerOf(s, party);
    t.same(c, stored, `${JSON.stringify(party.kind === 'user' ? '5001' : party.number)} is stored as ${text}`);
    t.equal(callerText(c), text);
    t.equal(callerKeyOf(c), key);
  }
});
