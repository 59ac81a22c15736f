import t from 'tap';
import fc from 'fast-check';
import { checkProperty } from './helpers.js';
import { callerWithheld, maskPhone, maskPhoneForLog } from '../../../../server/src/callerid/index.js';

void t.test('maskPhone keeps a short prefix and masks the rest', async (t) => {
  const cases: [string, string][] = [
    ['+491701234567', '+49170*******'],
    ['01701234567', '01701******'],
    ['+49 170 1234567', '+49170*******'],
    ['+498031620', '+4980*****'],
    ['3001', '****'],
    ['123456', '12****'],
    ['anonymous', '***'],
    ['sip:+491701234567@example.org', '***'],
  ];
  for (const [n, want] of cases) t.equal(maskPhone(n), want, n);
});

void t.test('a masked number never shows its last four digits nor more than half of its digits', async (t) => {
  checkProperty(
    t,
    'tail masked, at most half shown, length kept',
    fc.property(fc.stringMatching(/^\+?\d{1,16}$/), (n) => {
      const masked = maskPhone(n);
      const digits = n.replace('+', '');
      const shown = masked.replace(/[+*]/g, '');
      return masked.endsWith('*'.repeat(Math.min(4, digits.length))) && shown.length * 2 <= digits.length && masked.length === n.length;
    }),
  );
});

void t.test('maskPhoneForLog shows our own numbers and masks every other', async (t) => {
  const blocks = [{ base: '+49803162', ddi: '0-999' }];
  t.equal(maskPhoneForLog('+49803162301', blocks), '+49803162301');
  t.equal(maskPhoneForLog('+491701234567', blocks), '+49170*******');
});

void t.test('callerWithheld honours the carrier signals whatever their case', async (t) => {
  const cases: [Parameters<typeof callerWithheld>[0], boolean, string][] = [
    [{ privacy: 'id' }, true, 'Privacy: id'],
    [{ privacy: 'ID' }, true, 'Privacy: ID (failure #11)'],
    [{ privacy: 'Id;user' }, true, 'Privacy: Id;user (failure #11)'],
    [{ privacy: ' header ; User ' }, true, 'user token with spaces'],
    [{ privacy: 'none' }, false, 'Privacy: none'],
    [{ privacy: 'header' }, false, 'header alone hides no number (RFC 5379)'],
    [{ remotePartyId: '<sip:+4989123456@carrier>;party=calling;privacy=full;screen=yes' }, true, 'RPID privacy=full (failure #12)'],
    [{ remotePartyId: '<sip:+4989123456@carrier>;party=calling;privacy=URI' }, true, 'RPID privacy=URI'],
    [{ remotePartyId: '<sip:+4989123456@carrier>;party=calling;privacy=name' }, true, 'RPID privacy=name counts as CLIR too'],
    [{ remotePartyId: '<sip:+4989123456@carrier>;party=calling;privacy=off' }, false, 'RPID privacy=off'],
    [{ remotePartyId: '<sip:+4989123456@carrier>;party=calling' }, false, 'RPID without privacy'],
    [{ fromUser: 'Anonymous' }, true, 'anonymous From user'],
    [{ fromUser: '+4989123456', fromHost: 'Anonymous.invalid' }, true, 'anonymous.invalid host'],
    [{ fromUser: '+4989123456', fromHost: 'carrier.example' }, false, 'plain caller'],
    [{}, false, 'no signals'],
  ];
  for (const [signals, want, name] of cases) t.equal(callerWithheld(signals), want, name);
});
