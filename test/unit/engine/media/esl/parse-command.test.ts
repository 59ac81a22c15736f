import t from 'tap';
import { parseCommand } from '../../../../../engine/media/src/esl/commands/index.js';

const block = (command: string, headers: Array<[string, string]> = [], body?: string) => ({ command, headers, body });

void t.test('fsmrf\'s subscription line parses with SWITCH_EVENT_ names and CUSTOM subclasses', async (t) => {
  const r = parseCommand(block('event json CHANNEL_EXECUTE CHANNEL_EXECUTE_COMPLETE CHANNEL_PROGRESS_MEDIA CHANNEL_CALLSTATE CHANNEL_ANSWER DTMF DETECTED_TONE SWITCH_EVENT_PLAYBACK_START SWITCH_EVENT_PLAYBACK_STOP CUSTOM conference::maintenance BACKGROUND_JOB'));
  t.same(r, {
    ok: true,
    command: {
      kind: 'event', format: 'json',
      names: ['CHANNEL_EXECUTE', 'CHANNEL_EXECUTE_COMPLETE', 'CHANNEL_PROGRESS_MEDIA', 'CHANNEL_CALLSTATE', 'CHANNEL_ANSWER', 'DTMF', 'DETECTED_TONE', 'PLAYBACK_START', 'PLAYBACK_STOP', 'CUSTOM'],
      custom: ['conference::maintenance', 'BACKGROUND_JOB'],
    },
  });
});

void t.test('bad commands map to FreeSWITCH\'s -ERR texts', async (t) => {
  const table: Array<[string, string]> = [
    ['event json', '-ERR no keywords supplied'],
    ['event plain NOT_AN_EVENT', '-ERR no keywords supplied'],
    ['nixevent', '-ERR no keywords supplied'],
    ['filter Unique-ID', '-ERR invalid syntax'],
    ['filter', '-ERR invalid syntax'],
    ['log loud', '-ERR invalid log level'],
    ['divert_events', '-ERR missing value.'],
    ['frobnicate', '-ERR command not found'],
    ['api', '-ERR command not found'],
  ];
  for (const [line, reply] of table) t.same(parseCommand(block(line)), { ok: false, reply }, line);
});

void t.test('filters parse in their add, delete and delete-all forms', async (t) => {
  t.same(parseCommand(block('filter Unique-ID abc-123')), { ok: true, command: { kind: 'filter-add', header: 'Unique-ID', value: 'abc-123' } });
  t.same(parseCommand(block('filter add Event-Name DTMF')), { ok: true, command: { kind: 'filter-add', header: 'Event-Name', value: 'DTMF' } });
  t.same(parseCommand(block('filter delete Unique-ID abc')), { ok: true, command: { kind: 'filter-delete', header: 'Unique-ID', value: 'abc' } });
  t.same(parseCommand(block('filter delete all')), { ok: true, command: { kind: 'filter-delete', header: 'all', value: undefined } });
});

void t.test('api and bgapi split command and arguments; bgapi takes a Job-UUID header', async (t) => {
  t.same(parseCommand(block('api uuid_dump abc json')), { ok: true, command: { kind: 'api', command: 'uuid_dump', args: 'abc json' } });
  t.same(parseCommand(block('bgapi status', [['Job-UUID', 'j-1']])), { ok: true, command: { kind: 'bgapi', command: 'status', args: '', jobUuid: 'j-1' } });
});

void t.test('sendmsg keeps its headers and takes the uuid from the line or session-id', async (t) => {
  const headers: Array<[string, string]> = [['call-command', 'execute'], ['execute-app-name', 'playback']];
  t.same(parseCommand(block('sendmsg u-1', headers)), { ok: true, command: { kind: 'sendmsg', uuid: 'u-1', headers, body: undefined } });
  const viaHeader = parseCommand(block('sendmsg', [...headers, ['session-id', 'u-2']]));
  t.equal(viaHeader.ok && viaHeader.command.kind === 'sendmsg' && viaHeader.command.uuid, 'u-2');
});

void t.test('simple commands and ... (exit) are recognised case-insensitively', async (t) => {
  for (const [line, kind] of [['EXIT', 'exit'], ['...', 'exit'], ['noevents', 'noevents'], ['connect', 'connect'], ['nolinger', 'nolinger']] as const) {
    const r = parseCommand(block(line));
    t.equal(r.ok && r.command.kind, kind, line);
  }
  t.same(parseCommand(block('linger 30')), { ok: true, command: { kind: 'linger', seconds: 30 } });
  t.same(parseCommand(block('myevents abc json')), { ok: true, command: { kind: 'myevents', uuid: 'abc', format: 'json' } });
});
