import t from 'tap';
import { connect } from 'node:net';
import esl, { type EslConnection, type EslEvent } from 'drachtio-modesl';
import modesl from 'modesl';
import { startTestEngine } from './helpers/engine.js';

function connectEsl(lib: typeof esl, port: number, password = 'ClueCon'): Promise<EslConnection> {
  return new Promise((resolve, reject) => {
    const conn: EslConnection = new lib.Connection('127.0.0.1', port, password, () => resolve(conn));
    conn.on('error', (e) => reject(e as unknown as Error));
    conn.on('esl::event::auth::fail', () => reject(new Error('auth failed')));
  });
}

function api(conn: EslConnection, command: string): Promise<string> {
  return new Promise((resolve) => conn.api(command, (res: EslEvent) => resolve(res.getBody())));
}

function sendRecv(conn: EslConnection, command: string): Promise<EslEvent> {
  return new Promise((resolve) => conn.sendRecv(command, (res: EslEvent) => resolve(res)));
}

/** Raw exchange: sends text, collects bytes until `until` matches. */
function raw(port: number, send: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => {
      data += d.toString();
      if (until.test(data)) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(data));
    socket.write(send);
  });
}

void t.test('drachtio-modesl authenticates, subscribes to HEARTBEAT and receives one', async (t) => {
  const { engine } = await startTestEngine(t, { esl: { heartbeatSec: 1 } });
  const conn = await connectEsl(esl, engine.eslPort);
  t.teardown(() => conn.disconnect());
  const beat = new Promise<EslEvent>((resolve) => conn.once('esl::event::HEARTBEAT::*', resolve));
  const reply = await new Promise<EslEvent>((resolve) => conn.subscribe(['HEARTBEAT'], resolve));
  t.equal(reply.getHeader('Reply-Text'), '+OK event listener enabled json');
  const evt = await beat;
  t.equal(evt.getHeader('Event-Name'), 'HEARTBEAT');
  t.equal(evt.getHeader('Core-UUID'), engine.identity.coreUuid);
  t.equal(evt.getHeader('Max-Sessions'), '1000');
  t.equal(evt.getHeader('Event-Info'), 'System Ready');
  t.match(evt.getHeader('FreeSWITCH-Version') ?? '', /^1\.10\.12/);
  t.ok(Number(evt.getHeader('Idle-CPU')) >= 0);
});

void t.test('api sofia status gives the line fsmrf parses for the SIP address', async (t) => {
  const { engine } = await startTestEngine(t, { sip: { ip: '127.0.0.1', port: 5080 } });
  const conn = await connectEsl(esl, engine.eslPort);
  t.teardown(() => conn.disconnect());
  const body = await api(conn, 'sofia status');
  const m = /^\s*drachtio_mrf\s.*sip:mod_sofia@((?:[0-9]{1,3}\.){3}[0-9]{1,3}:\d+)/m.exec(body);
  t.equal(m?.[1], '127.0.0.1:5080');
  t.equal(body, [
    '                     Name\t   Type\t                                      Data\tState',
    '='.repeat(97),
    '             drachtio_mrf\tprofile\t              sip:mod_sofia@127.0.0.1:5080\tRUNNING (0)',
    '='.repeat(97),
    '1 profile 0 aliases',
    '',
  ].join('\n'));
});

void t.test('api replies come back in order with the command replies interleaved', async (t) => {
  const { engine } = await startTestEngine(t);
  const conn = await connectEsl(modesl, engine.eslPort);
  t.teardown(() => conn.disconnect());
  const [status, unknown, channels, filter] = await Promise.all([
    api(conn, 'status'),
    api(conn, 'no_such_api'),
    api(conn, 'show channels'),
    sendRecv(conn, 'filter Unique-ID abc'),
  ]);
  t.match(status, /^UP 0 years, 0 days/);
  t.match(status, /FreeSWITCH \(Version 1\.10\.12-release\+git~20240802T210227Z~a88d069d6f 64bit\) is ready/);
  t.equal(unknown, '-ERR no_such_api Command not found!\n');
  t.equal(channels, '\n0 total.\n');
  t.equal(filter.getHeader('Reply-Text'), '+OK filter added. [Unique-ID]=[abc]');
});

void t.test('uuid commands on an unknown channel answer like FreeSWITCH', async (t) => {
  const { engine } = await startTestEngine(t);
  const conn = await connectEsl(esl, engine.eslPort);
  t.teardown(() => conn.disconnect());
  t.equal(await api(conn, 'uuid_dump 00000000-0000-0000-0000-000000000000'), '-ERR No Such Channel!\n');
  t.equal(await api(conn, 'uuid_kill 00000000-0000-0000-0000-000000000000'), '-ERR No such channel!\n');
  t.equal(await api(conn, 'uuid_break'), '-USAGE: <uuid> [all]\n');
  t.equal(await api(conn, 'uuid_exists nope'), 'false');
  t.equal(await api(conn, 'global_getvar hostname'), engine.identity.hostname);
});

void t.test('bgapi answers with a Job-UUID and delivers BACKGROUND_JOB with the output', async (t) => {
  const { engine } = await startTestEngine(t);
  const conn = await connectEsl(esl, engine.eslPort);
  t.teardown(() => conn.disconnect());
  await new Promise((r) => conn.subscribe(['BACKGROUND_JOB'], r));
  const evt = await new Promise<EslEvent>((resolve) => conn.bgapi('status', resolve));
  t.equal(evt.getHeader('Event-Name'), 'BACKGROUND_JOB');
  t.equal(evt.getHeader('Job-Command'), 'status');
  t.match(evt.getBody(), /^UP /);
});

void t.test('plain and xml event formats are delivered and decoded by modesl', async (t) => {
  const { engine } = await startTestEngine(t, { esl: { heartbeatSec: 1 } });
  for (const format of ['plain', 'xml'] as const) {
    const conn = await connectEsl(modesl, engine.eslPort);
    t.teardown(() => conn.disconnect());
    const reply = await new Promise<EslEvent>((resolve) => conn.events(format, 'HEARTBEAT', resolve));
    t.equal(reply.getHeader('Reply-Text'), `+OK event listener enabled ${format}`);
    const evt = await new Promise<EslEvent>((resolve) => conn.once('esl::event::HEARTBEAT::*', resolve));
    t.equal(evt.getHeader('Event-Info'), format === 'plain' ? 'System Ready' : 'System%20Ready', `${format} decoding by modesl`);
  }
});

void t.test('a wrong password gets -ERR invalid and the socket is closed with a notice', async (t) => {
  const { engine } = await startTestEngine(t);
  const text = await raw(engine.eslPort, 'auth wrong\n\n', /ClueCon!.*\n$/s);
  t.equal(text, 'Content-Type: auth/request\n\nContent-Type: command/reply\nReply-Text: -ERR invalid\n\n'
    + 'Content-Type: text/disconnect-notice\nContent-Length: 67\n\nDisconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n');
});

void t.test('commands before auth are refused, bad commands get -ERR and the connection stays up', async (t) => {
  const { engine } = await startTestEngine(t);
  const text = await raw(engine.eslPort, 'api status\n\nauth ClueCon\n\nevent json\n\nfilter Unique-ID\n\nbogus\n\nnoevents\n\nexit\n\n', /ClueCon!.*\n$/s);
  const replies = Array.from(text.matchAll(/Reply-Text: (.*)/g), (m) => m[1]);
  t.same(replies, [
    '-ERR command not found',
    '+OK accepted',
    '-ERR no keywords supplied',
    '-ERR invalid syntax',
    '-ERR command not found',
    '-ERR not listening for events',
    '+OK bye',
  ]);
});

void t.test('exit is answered with +OK bye and the disconnect notice even after a half-close', async (t) => {
  const { engine } = await startTestEngine(t);
  const text = await new Promise<string>((resolve) => {
    const socket = connect(engine.eslPort, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => { data += d.toString(); });
    socket.on('close', () => resolve(data));
    socket.end('auth ClueCon\n\nexit\n\n');
  });
  t.match(text, /Reply-Text: \+OK accepted\n\nContent-Type: command\/reply\nReply-Text: \+OK bye\n\nContent-Type: text\/disconnect-notice\nContent-Length: 67\n\n/);
});

void t.test('a peer outside the ACL is rudely rejected and fsmrf sees an acl error', async (t) => {
  const { engine } = await startTestEngine(t, { esl: { acl: ['10.0.0.0/8'] } });
  const text = await raw(engine.eslPort, '', /go away/);
  t.equal(text, 'Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n');
});

void t.test('filters, nixevent and noevents change what is delivered', async (t) => {
  const { engine } = await startTestEngine(t, { esl: { heartbeatSec: 1 } });
  const conn = await connectEsl(esl, engine.eslPort);
  t.teardown(() => conn.disconnect());
  await new Promise((r) => conn.subscribe(['HEARTBEAT', 'BACKGROUND_JOB'], r));
  const filterReply = await sendRecv(conn, `filter Event-Name BACKGROUND_JOB`);
  t.equal(filterReply.getHeader('Reply-Text'), '+OK filter added. [Event-Name]=[BACKGROUND_JOB]');
  const seen: string[] = [];
  conn.on('esl::event::**', (e: EslEvent) => {
    const name = e.getHeader('Event-Name');
    if (name) seen.push(name);
  });
  await new Promise<EslEvent>((resolve) => conn.bgapi('status', resolve));
  const deleted = await sendRecv(conn, 'filter delete Event-Name BACKGROUND_JOB');
  t.equal(deleted.getHeader('Reply-Text'), '+OK filter deleted. [Event-Name][BACKGROUND_JOB]');
  const nixed = await sendRecv(conn, 'nixevent BACKGROUND_JOB');
  t.equal(nixed.getHeader('Reply-Text'), '+OK events nixed');
  await new Promise<EslEvent>((resolve) => conn.once('esl::event::HEARTBEAT::*', resolve));
  t.notOk(seen.includes('HEARTBEAT') && seen.indexOf('HEARTBEAT') < seen.indexOf('BACKGROUND_JOB'), 'no HEARTBEAT passed the Event-Name filter');
  const off = await sendRecv(conn, 'noevents');
  t.equal(off.getHeader('Reply-Text'), '+OK no longer listening for events');
});
