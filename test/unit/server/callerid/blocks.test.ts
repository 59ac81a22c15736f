import t from 'tap';
import { inNumberBlocks, numberBlockIssues } from '../../../../server/src/callerid/index.js';

const blocks = [{ base: '+49803162', ddi: '0-999' }];

void t.test('a number belongs to the blocks only with a DDI inside the range', async (t) => {
  const cases: [string, boolean][] = [
    ['+498031620', true],
    ['+49803162301', true],
    ['+49803162999', true],
    ['+498031621000', false],
    ['+498031625', true],
    ['+4980316205', false],
    ['+49803162005', false],
    ['+49803162', false],
    ['+49803163301', false],
    ['+491701234567', false],
    ['+49803162x1', false],
  ];
  for (const [n, want] of cases) t.equal(inNumberBlocks(n, blocks), want, n);
});

void t.test('a fixed-width range needs exactly that many DDI digits', async (t) => {
  const fixed = [{ base: '+4930555', ddi: '000-499' }];
  t.equal(inNumberBlocks('+4930555000', fixed), true);
  t.equal(inNumberBlocks('+4930555042', fixed), true);
  t.equal(inNumberBlocks('+493055542', fixed), false);
  t.equal(inNumberBlocks('+4930555500', fixed), false);
});

void t.test('a single-DDI block holds one number and several blocks are all searched', async (t) => {
  const two = [{ base: '+4930555', ddi: '7' }, ...blocks];
  t.equal(inNumberBlocks('+49305557', two), true);
  t.equal(inNumberBlocks('+49305558', two), false);
  t.equal(inNumberBlocks('+49803162100', two), true);
});

void t.test('a malformed range matches nothing', async (t) => {
  t.equal(inNumberBlocks('+49803162301', [{ base: '+49803162', ddi: '999-0' }]), false);
  t.equal(inNumberBlocks('+49803162301', [{ base: '+49803162', ddi: 'all' }]), false);
});

void t.test('numberBlockIssues names every site number outside the blocks and every bad block', async (t) => {
  t.same(numberBlockIssues({ blocks, main: '+498031620', emergency: '+498031620', emergencyCallback: '+49803162990' }), []);
  t.same(
    numberBlockIssues({
      blocks: [...blocks, { base: '49803', ddi: '0-9' }, { base: '+4930', ddi: '9-1' }],
      main: '+498031620',
      emergency: '+4989123456',
      emergencyCallback: '+491701234567',
    }),
    [
      'blocks.1.base: not an E.164 prefix: 49803',
      'blocks.2.ddi: not a range like "0-999": 9-1',
      'emergency: +4989123456 is outside the number blocks',
      'emergencyCallback: +491701234567 is outside the number blocks',
    ],
  );
  t.same(numberBlockIssues({ blocks: [], main: '+498031620', emergency: '+498031620' }), [
    'blocks: at least one number block is needed',
    'main: +498031620 is outside the number blocks',
    'emergency: +498031620 is outside the number blocks',
  ]);
});
