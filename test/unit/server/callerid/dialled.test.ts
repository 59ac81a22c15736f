import t from 'tap';
import { classifyDialled } from '../../../../server/src/callerid/index.js';

const prefixes = { clirPrefix: '#31#', outsideLinePrefix: '0', emergencyNumbers: ['110', '112'] };

void t.test('classifyDialled splits the per-call CLIR prefix and spots emergency numbers', async (t) => {
  const cases: [string, { digits: string; clirRequested: boolean; emergency: string | null }][] = [
    ['0891234567', { digits: '0891234567', clirRequested: false, emergency: null }],
    ['#31#0891234567', { digits: '0891234567', clirRequested: true, emergency: null }],
    ['112', { digits: '112', clirRequested: false, emergency: '112' }],
    ['0112', { digits: '0112', clirRequested: false, emergency: '112' }],
    ['0110', { digits: '0110', clirRequested: false, emergency: '110' }],
    ['#31#112', { digits: '112', clirRequested: false, emergency: '112' }],
    ['#31#0110', { digits: '0110', clirRequested: false, emergency: '110' }],
    ['08031112', { digits: '08031112', clirRequested: false, emergency: null }],
    ['1120', { digits: '1120', clirRequested: false, emergency: null }],
    ['3001', { digits: '3001', clirRequested: false, emergency: null }],
  ];
  for (const [dialled, want] of cases) t.same(classifyDialled(dialled, prefixes), want, dialled);
});

void t.test('a site without outside-line prefix still recognises bare emergency numbers', async (t) => {
  t.same(classifyDialled('112', { ...prefixes, outsideLinePrefix: '' }), { digits: '112', clirRequested: false, emergency: '112' });
  t.same(classifyDialled('0112', { ...prefixes, outsideLinePrefix: '' }), { digits: '0112', clirRequested: false, emergency: null });
});
