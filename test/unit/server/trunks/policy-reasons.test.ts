// The forward reasons the trunk feature added to the caller-ID policy (routing's RFC 5806 reasons
// and the parallel mobile ring) and the diverting party named explicitly.
import t from 'tap';
import { callerIdFor, renderCallerIdHeaders } from '../../../../server/src/callerid/index.js';
import type { CallerIdContext, ForwardReason } from '../../../../server/src/callerid/index.js';

const ctx = (diversion: 'diversion' | 'history-info'): CallerIdContext => ({
  domain: 'pbx.example', organisation: 'Stadt', trunk: { presentIn: 'pai', format: 'e164', clipNoScreening: false, diversion },
  site: { main: '+498031620', emergency: '+498031620', blocks: [{ base: '+49803162', ddi: '0-999' }] },
  user: { extension: '3001', name: 'Anna', ddi: '+49803162301', clir: false },
  hotline: { number: '4100', ddi: '+49803162100', name: 'Hotline' },
  originalCaller: { number: '+4989123456', withheld: false },
});

void t.test('each forward reason has its Diversion reason and History-Info cause (RFC 5806, RFC 7544 §5)', async (t) => {
  const cases: [ForwardReason, string, number][] = [
    ['unconditional', 'unconditional', 302], ['busy', 'user-busy', 486], ['no-answer', 'no-answer', 408],
    ['time-of-day', 'time-of-day', 404], ['do-not-disturb', 'do-not-disturb', 404], ['out-of-service', 'out-of-service', 404],
    ['parallel-ring', 'follow-me', 404], ['hunt-group', 'unknown', 404], ['hotline-overflow', 'unavailable', 503],
  ];
  for (const [reason, diversion, cause] of cases) {
    const d = renderCallerIdHeaders(callerIdFor({ kind: 'forwarded', reason, divertedBy: 'user' }, ctx('diversion')));
    t.equal(d['Diversion'], `<sip:+49803162301@pbx.example>;reason=${diversion};counter=1;privacy=off`, reason);
    const h = renderCallerIdHeaders(callerIdFor({ kind: 'forwarded', reason, divertedBy: 'user' }, ctx('history-info')), 'sip:+4930111@carrier');
    t.equal(h['History-Info'], `<sip:+49803162301@pbx.example>;index=1, <sip:+4930111@carrier;cause=${cause}>;index=1.1;mp=1`, reason);
  }
});

void t.test('the diverting party decides the network number: user DDI, group DDI or main number', async (t) => {
  const by = (divertedBy: 'user' | 'group' | 'site') => callerIdFor({ kind: 'forwarded', reason: 'no-answer', divertedBy }, ctx('diversion')).presented.network;
  t.equal(by('user'), '+49803162301');
  t.equal(by('group'), '+49803162100');
  t.equal(by('site'), '+498031620');
  t.equal(callerIdFor({ kind: 'forwarded', reason: 'hotline-overflow' }, ctx('diversion')).presented.network, '+49803162100', 'without divertedBy, group reasons still divert as the group');
});
