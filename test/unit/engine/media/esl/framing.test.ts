import t from 'tap';
import fc from 'fast-check';
import {
  apiResponse, CommandReader, disconnectNotice, eventFrame, serializeJson, serializePlain, urlEncode,
} from '../../../../../engine/media/src/esl/framing.js';

void t.test('URL encoding escapes what switch_url_encode escapes and keeps slashes', async (t) => {
  const table: Array<[string, string]> = [
    ['+OK\n', '%2BOK%0A'],
    ['/var/lib/sounds/a.wav', '/var/lib/sounds/a.wav'],
    ['nobody@127.0.0.1:5060', 'nobody%40127.0.0.1%3A5060'],
    ['v=0\r\n', 'v%3D0%0D%0A'],
    ['a b#c%d&e;f<g>h?i[j]k^l`m{n|o}p"q', 'a%20b%23c%25d%26e%3Bf%3Cg%3Eh%3Fi%5Bj%5Dk%5El%60m%7Bn%7Co%7Dp%22q'],
    ['ä', '%C3%A4'],
    ["it's-fine_~*()!", "it's-fine_~*()!"],
  ];
  for (const [raw, encoded] of table) t.equal(urlEncode(raw), encoded, JSON.stringify(raw));
});

void t.test('URL encoding round-trips through decodeURIComponent as modesl decodes', async (t) => {
  fc.assert(fc.property(fc.string(), (s) => decodeURIComponent(urlEncode(s)) === s));
  t.pass('property held for all generated cases');
});

void t.test('plain serialisation ends with a blank line, or a Content-Length body', async (t) => {
  t.equal(serializePlain([['Event-Name', 'DTMF'], ['DTMF-Digit', '#']]), 'Event-Name: DTMF\nDTMF-Digit: %23\n\n');
  t.equal(serializePlain([['Event-Name', 'BACKGROUND_JOB']], '+OK\n'), 'Event-Name: BACKGROUND_JOB\nContent-Length: 4\n\n+OK\n');
  t.equal(serializePlain([['variable_DP_MATCH', ['drachtio-fsmrf:x', 'x']]]), 'variable_DP_MATCH: ARRAY%3A%3Adrachtio-fsmrf%3Ax%7C%3Ax\n\n');
  t.equal(serializePlain([['a', 'b c']], undefined, false), 'a: b c\n\n');
});

void t.test('json serialisation keeps arrays and puts the body under _body with its length', async (t) => {
  const json = serializeJson({ name: 'X', headers: [['Event-Name', 'X'], ['variable_DP_MATCH', ['a', 'b']]], body: 'é\n' });
  t.same(JSON.parse(json), { 'Event-Name': 'X', variable_DP_MATCH: ['a', 'b'], 'Content-Length': '3', _body: 'é\n' });
});

void t.test('an event frame states the byte length of its body', async (t) => {
  const frame = eventFrame({ name: 'X', headers: [['Event-Name', 'X'], ['Text', 'ü']] }, 'json');
  const [head, body] = frame.split('\n\n');
  t.equal(head, `Content-Length: ${Buffer.byteLength(body ?? '')}\nContent-Type: text/event-json`);
});

void t.test('api responses carry their length; an empty output becomes -ERR no reply', async (t) => {
  t.equal(apiResponse('+OK:\n'), 'Content-Type: api/response\nContent-Length: 5\n\n+OK:\n');
  t.equal(apiResponse(''), 'Content-Type: api/response\nContent-Length: 14\n\n-ERR no reply\n');
});

void t.test('the disconnect notice matches the recorded bytes', async (t) => {
  t.equal(disconnectNotice(), 'Content-Type: text/disconnect-notice\nContent-Length: 67\n\nDisconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n');
  t.match(disconnectNotice('u-1'), /^Content-Type: text\/disconnect-notice\nControlled-Session-UUID: u-1\nContent-Disposition: disconnect\nContent-Length: 67\n\n/);
});

void t.test('command blocks are cut correctly whatever the chunking', async (t) => {
  const wire = '\n\nauth ClueCon\n\nsendmsg abc\ncall-command: execute\nexecute-app-name: playback\nexecute-app-arg: a b\n\r\n'
    + 'sendevent CUSTOM\nContent-Length: 5\n\nhello'
    + 'api status\r\n\r\n';
  fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 30 }), (cuts) => {
    const reader = new CommandReader();
    const blocks = [];
    let at = 0;
    const bytes = Buffer.from(wire);
    for (const c of cuts) {
      blocks.push(...reader.push(bytes.subarray(at, Math.min(bytes.length, at + c))));
      at += c;
      if (at >= bytes.length) break;
    }
    if (at < bytes.length) blocks.push(...reader.push(bytes.subarray(at)));
    return JSON.stringify(blocks) === JSON.stringify([
      { command: 'auth ClueCon', headers: [], body: undefined },
      { command: 'sendmsg abc', headers: [['call-command', 'execute'], ['execute-app-name', 'playback'], ['execute-app-arg', 'a b']], body: undefined },
      { command: 'sendevent CUSTOM', headers: [['Content-Length', '5']], body: 'hello' },
      { command: 'api status', headers: [], body: undefined },
    ]);
  }));
  t.pass('property held for all generated cases');
});
