import t from 'tap';
import fc from 'fast-check';
import { checkProperty } from './helpers.js';
import { formatNumber, isPresentableForwardedNumber, normalizeNumber } from '../../../../server/src/callerid/index.js';
import type { NumberFormat } from '../../../../server/src/callerid/index.js';

void t.test('normalizeNumber reads carrier and user formats as E.164', async (t) => {
  const cases: [string, NumberFormat | undefined, string | null][] = [
    ['+49803162301', undefined, '+49803162301'],
    ['0049803162301', undefined, '+49803162301'],
    ['0803162301', undefined, '+49803162301'],
    ['0 8031 62-301', undefined, '+49803162301'],
    ['(0170) 123/4567', undefined, '+491701234567'],
    ['49803162301', 'e164-no-plus', '+49803162301'],
    ['49803162301', 'national', null],
    ['49803162301', undefined, null],
    ['3001', undefined, null],
    ['anonymous', 'e164-no-plus', null],
    ['', undefined, null],
    ['+0123456', undefined, null],
    ['+4912345678901234', undefined, null],
    ['004319876543', 'national', '+4319876543'],
  ];
  for (const [raw, hint, want] of cases) t.equal(normalizeNumber(raw, '49', hint), want, `${raw} (${hint ?? 'no hint'})`);
});

void t.test('formatNumber writes a number the way each carrier wants it', async (t) => {
  const cases: [string, NumberFormat, string][] = [
    ['+49803162301', 'e164', '+49803162301'],
    ['+49803162301', 'e164-no-plus', '49803162301'],
    ['+49803162301', 'international-00', '0049803162301'],
    ['+49803162301', 'national', '0803162301'],
    ['+4319876543', 'national', '004319876543'],
  ];
  for (const [n, f, want] of cases) t.equal(formatNumber(n, f, '49'), want, `${n} as ${f}`);
});

void t.test('every format reads back to the same E.164 number', async (t) => {
  const formats: NumberFormat[] = ['e164', 'e164-no-plus', 'international-00', 'national'];
  checkProperty(
    t,
    'format then normalise is the identity',
    fc.property(fc.stringMatching(/^\+49[1-9]\d{5,11}$/), fc.constantFrom(...formats), (n, f) => normalizeNumber(formatNumber(n, f, '49'), '49', f) === n),
  );
});

void t.test('only German numbers that §120 TKG lets us set are presentable on forwards', async (t) => {
  const cases: [string, boolean][] = [
    ['+4989123456', true],
    ['+491701234567', true],
    ['+49110', false],
    ['+49112', false],
    ['+49116117', false],
    ['+49900123456', false],
    ['+49137123456', false],
    ['+4911833', false],
    ['+491801234567', false],
    ['+4319876543', false],
    ['+4989', false],
    ['0891234567', false],
  ];
  for (const [n, want] of cases) t.equal(isPresentableForwardedNumber(n), want, n);
});
