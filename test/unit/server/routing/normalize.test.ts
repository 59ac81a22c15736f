import t from 'tap';
import fc from 'fast-check';
import { cleanNumber, emergencyNumberOf, formatNumber, normalizeNumber } from '../../../../server/src/routing/normalize.js';
import type { E164 } from '../../../../server/src/domain/e164.js';

const rosenheim = { countryCode: '49', areaCode: '8031' };
const noArea = { countryCode: '49' };

void t.test('German numbers in every common notation normalise to E.164', async (t) => {
  const rows: [string, string | null, string][] = [
    ['+49 89 123456', '+4989123456', 'international with plus and spaces'],
    ['0049 (89) 123-456', '+4989123456', 'international with 00 and separators'],
    ['089/123456', '+4989123456', 'national with slash'],
    ['0170 1234567', '+491701234567', 'national mobile'],
    ['123456', '+498031123456', 'local: the site\'s area code'],
    ['+441234567890', '+441234567890', 'foreign'],
    ['00441234567890', '+441234567890', 'foreign with 00'],
    ['*21', null, 'a feature code'],
    ['anonymous', null, 'letters'],
    ['', null, 'empty'],
    ['+0891234', null, 'no country code 0'],
    ['+4912345678901234', null, 'more than 15 digits'],
    ['0', null, 'just a zero'],
  ];
  for (const [raw, expected, why] of rows) t.equal(normalizeNumber(raw, rosenheim), expected, `${raw}: ${why}`);
  t.equal(normalizeNumber('123456', noArea), null, 'a local number without area code is unknown');
  t.equal(normalizeNumber('4989123456', noArea, 'e164-no-plus'), '+4989123456', 'digits from a 49… trunk');
  t.equal(normalizeNumber('4989123', rosenheim, 'national'), '+4980314989123', 'digits from a national trunk are local');
});

void t.test('E.164 numbers are written in each trunk format', async (t) => {
  const n = '+4989123456' as E164;
  t.equal(formatNumber(n, 'e164', '49'), '+4989123456');
  t.equal(formatNumber(n, 'e164-no-plus', '49'), '4989123456');
  t.equal(formatNumber(n, 'international-00', '49'), '004989123456');
  t.equal(formatNumber(n, 'national', '49'), '089123456');
  t.equal(formatNumber('+441234567890' as E164, 'national', '49'), '00441234567890', 'foreign numbers stay international');
});

void t.test('emergency numbers are recognised with and without the outside-line prefix only', async (t) => {
  const rows: [string, string, string | null][] = [
    ['112', '0', '112'], ['0112', '0', '112'], ['110', '0', '110'], ['0110', '0', '110'], ['1 1 2', '0', '112'],
    ['00112', '0', null], ['08031112', '0', null], ['1120', '0', null], ['9112', '9', '112'], ['0112', '', null], ['112', '', '112'],
  ];
  for (const [dialled, prefix, expected] of rows) t.equal(emergencyNumberOf(dialled, ['110', '112'], prefix), expected, `${dialled} with prefix "${prefix}"`);
});

const rawNumber = fc.oneof(
  fc.stringMatching(/^\+?[0-9 ()\/-]{0,18}$/),
  fc.stringMatching(/^0{0,2}[1-9][0-9]{2,12}$/),
  fc.string({ maxLength: 12 }),
);

void t.test('property: normalisation is idempotent and yields E.164 or null', async (t) => {
  fc.assert(
    fc.property(rawNumber, fc.constantFrom(undefined, 'e164', 'e164-no-plus', 'international-00', 'national' as const), (raw, format) => {
      const once = normalizeNumber(raw, rosenheim, format);
      if (once === null) return true;
      return /^\+[1-9][0-9]{3,14}$/.test(once) && normalizeNumber(once, rosenheim, format) === once && normalizeNumber(once, noArea) === once;
    }),
    { numRuns: 5000 },
  );
  t.pass('5000 random inputs');
});

void t.test('property: every trunk format reads back to the same number', async (t) => {
  fc.assert(
    fc.property(fc.stringMatching(/^\+49[1-9][0-9]{5,11}$/), fc.constantFrom('e164', 'e164-no-plus', 'international-00', 'national' as const), (n, format) =>
      normalizeNumber(formatNumber(n as E164, format, '49'), noArea, format) === n),
    { numRuns: 2000 },
  );
  t.equal(cleanNumber(' 0 (89) 12-34/56.7 '), '089123456' + '7');
});
