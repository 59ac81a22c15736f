import t from 'tap';
import { ANONYMOUS_FROM, STRIPPED_INCOMING_HEADERS, renderCallerIdHeaders, renderFrom } from '../../../../server/src/callerid/index.js';
import type { CallerIdHeaders } from '../../../../server/src/callerid/index.js';

const base: CallerIdHeaders = {
  towards: 'trunk',
  from: { displayName: 'Stadt "Rosen\\heim"', user: '+498031620', host: 'pbx.example' },
  identity: null,
  privacy: [],
  diversion: [],
  historyInfo: [],
  stripIncoming: STRIPPED_INCOMING_HEADERS,
  presented: { shown: '+498031620', network: '+498031620' },
  explain: [],
};

void t.test('display names are quoted with quotes and backslashes escaped and control characters dropped', async (t) => {
  t.equal(renderFrom(base.from), '"Stadt \\"Rosen\\\\heim\\"" <sip:+498031620@pbx.example>');
  t.equal(renderFrom({ ...base.from, displayName: 'Bürger\r\namt' }), '"Bürgeramt" <sip:+498031620@pbx.example>');
  t.equal(renderFrom({ ...base.from, displayName: '' }), '<sip:+498031620@pbx.example>');
  t.equal(renderFrom(ANONYMOUS_FROM), '"Anonymous" <sip:anonymous@anonymous.invalid>');
});

void t.test('headers without a value are left out', async (t) => {
  t.same(renderCallerIdHeaders({ ...base, from: ANONYMOUS_FROM }), { From: '"Anonymous" <sip:anonymous@anonymous.invalid>' });
});

void t.test('History-Info puts the RFC 4458 cause into the Request-URI entry, before any URI headers', async (t) => {
  const h: CallerIdHeaders = {
    ...base,
    historyInfo: [
      { kind: 'diverting', index: '1', user: '+49803162301', host: 'pbx.example' },
      { kind: 'target', index: '1.1', mp: '1', cause: 486 },
    ],
  };
  t.equal(renderCallerIdHeaders(h, 'sip:+4930555@carrier.example')['History-Info'], '<sip:+49803162301@pbx.example>;index=1, <sip:+4930555@carrier.example;cause=486>;index=1.1;mp=1');
  t.equal(renderCallerIdHeaders(h, 'sip:+4930555@carrier.example?X=1')['History-Info'], '<sip:+49803162301@pbx.example>;index=1, <sip:+4930555@carrier.example;cause=486?X=1>;index=1.1;mp=1');
  t.equal(renderCallerIdHeaders(h)['History-Info'], '<sip:+49803162301@pbx.example>;index=1', 'without a Request-URI only the diverting entry');
});

void t.test('several Privacy tokens and Diversion entries are joined as RFC 3323 and RFC 5806 write them', async (t) => {
  const h: CallerIdHeaders = {
    ...base,
    privacy: ['id', 'header'],
    diversion: [
      { user: '+49803162301', host: 'pbx.example', reason: 'user-busy', counter: 1, privacy: 'off' },
      { user: '+49803162100', host: 'pbx.example', reason: 'unknown', counter: 1, privacy: 'full' },
    ],
  };
  const r = renderCallerIdHeaders(h);
  t.equal(r['Privacy'], 'id;header');
  t.equal(r['Diversion'], '<sip:+49803162301@pbx.example>;reason=user-busy;counter=1;privacy=off, <sip:+49803162100@pbx.example>;reason=unknown;counter=1;privacy=full');
});
