import t from 'tap';
import { intArg, splitArgs } from '../../../../../engine/media/src/apps/args.js';
import { multisetAssignments } from '../../../../../engine/media/src/apps/basic.js';
import { splitSeek } from '../../../../../engine/media/src/apps/play-file.js';
import { frameScore } from '../../../../../engine/media/src/apps/record.js';
import { parseSocketTarget } from '../../../../../engine/media/src/esl/socket-app.js';
import { matchMrf } from '../../../../../engine/media/src/channel/mrf-dialplan.js';

void t.test('application data splits like switch_separate_string', async (t) => {
  t.same(splitArgs('1 4 1 5000 # /a/prompt.wav silence_stream://250 myDigitBuffer \\d+ 3000'),
    ['1', '4', '1', '5000', '#', '/a/prompt.wav', 'silence_stream://250', 'myDigitBuffer', '\\d+', '3000']);
  t.same(splitArgs('  a   "b c"  \'d e\' '), ['a', 'b c', 'd e']);
  t.same(splitArgs('x ""'), ['x', '']);
  t.equal(intArg('12x', 0), 12);
  t.equal(intArg(undefined, 7), 7);
});

void t.test("multiset splits on the delimiter after ^^, else on spaces (fsmrf sends ^^^a=1^b=2)", async (t) => {
  t.same(multisetAssignments('^^^x_a=1^x_b=2'), ['x_a=1', 'x_b=2']);
  t.same(multisetAssignments('^^,a=1 2,b=3'), ['a=1 2', 'b=3']);
  t.same(multisetAssignments('a=1 b=2'), ['a=1', 'b=2']);
});

void t.test('file@@offset seeks and the rest stays the path', async (t) => {
  t.same(splitSeek('/x/y.wav@@8000'), { path: '/x/y.wav', offset: 8000 });
  t.same(splitSeek('/x/y@@z.wav'), { path: '/x/y@@z.wav', offset: 0 });
});

void t.test('the silence score is the mean absolute sample', async (t) => {
  t.equal(frameScore(Int16Array.from([100, -100, 300, -300])), 200);
  t.equal(frameScore(new Int16Array(0)), 0);
});

void t.test('socket targets parse host, port and flags', async (t) => {
  t.same(parseSocketTarget('127.0.0.1:40123 async full'), { host: '127.0.0.1', port: 40123, async: true, full: true });
  t.same(parseSocketTarget('[::1]:8084'), { host: '::1', port: 8084, async: false, full: false });
  t.equal(parseSocketTarget(''), undefined, 'no target at all');
  t.equal(parseSocketTarget('host:99999'), undefined);
});

void t.test('the mrf extension matches fsmrf user agents and captures the uuid', async (t) => {
  t.same(matchMrf('drachtio-fsmrf:5f0c'), ['drachtio-fsmrf:5f0c', '5f0c']);
  t.equal(matchMrf('Zoiper'), undefined);
  t.equal(matchMrf(undefined), undefined);
});
