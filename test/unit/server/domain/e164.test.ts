import t from 'tap';
import { asE164, isE164 } from '../../../../server/src/domain/e164.js';

void t.test('E.164: a plus, no leading zero, 4 to 15 digits', async (t) => {
  const rows: [string, boolean][] = [
    ['+4989123456', true], ['+491701234567', true], ['+1202', true], ['+123456789012345', true],
    ['+1234567890123456', false], ['+0891234', false], ['4989123456', false], ['+49 89 123456', false], ['+', false], ['', false], ['+49a', false],
  ];
  for (const [s, ok] of rows) t.equal(isE164(s), ok, s);
  t.equal(asE164('+4989123456'), '+4989123456');
  t.equal(asE164('089123456'), null);
});
