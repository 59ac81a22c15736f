// Team panel and switchboard (issue 9 item 5). Plain JavaScript, no bundler: it renders only
// what GET /api/presence and the presence stream send, which the server has already projected
// for this viewer. Text goes in with textContent only; no reason, date, number or timer exists
// on this page (reference/presence.md §5.3 test 12).
const STATE_TEXT = { available: 'frei', busy: 'beschäftigt', ringing: 'klingelt', unreachable: 'nicht erreichbar' };
const $ = (id) => document.getElementById(id);
const people = new Map();
let viewer = null;
let socket = null;
let retry = 1000;

async function api(method, path, body) {
  const init = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  return { status: res.status, data };
}

function showLogin(message) {
  $('panel').hidden = true;
  $('who').hidden = true;
  $('logout').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('login-ext').focus();
}

async function start() {
  const r = await api('GET', '/api/presence');
  if (r.status === 401) return showLogin('');
  if (r.status !== 200) return showLogin('Der Dienst ist nicht erreichbar.');
  viewer = r.data.viewer;
  people.clear();
  for (const p of r.data.users) people.set(p.user, p);
  $('login').hidden = true;
  $('panel').hidden = false;
  $('who').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = `Angemeldet: ${viewer.name}${viewer.operator ? ' (Vermittlung)' : ''}`;
  await loadOwn();
  render();
  connect();
}

async function loadOwn() {
  const r = await api('GET', '/api/presence/me');
  if (r.status !== 200) return;
  $('dnd').setAttribute('aria-pressed', String(r.data.dnd));
  $('status').value = r.data.manual.status;
}

function connect() {
  if (socket) {
    const old = socket;
    socket = null;
    old.close(1000);
  }
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${proto}//${location.host}/api/presence/stream`);
  socket = ws;
  ws.addEventListener('open', () => { retry = 1000; });
  ws.addEventListener('message', (ev) => {
    const m = JSON.parse(ev.data);
    if (m.type === 'snapshot') {
      people.clear();
      for (const p of m.users) people.set(p.user, p);
    } else if (m.type === 'presence') {
      const before = people.get(m.presence.user);
      people.set(m.presence.user, m.presence);
      if (!before || before.state !== m.presence.state) $('live').textContent = `${m.presence.name}: ${STATE_TEXT[m.presence.state]}`;
    } else if (m.type === 'removed') {
      people.delete(m.user);
    }
    render();
  });
  ws.addEventListener('close', (ev) => {
    if (socket !== ws) return;
    socket = null;
    if (ev.code === 4401) return showLogin('Bitte erneut anmelden.');
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 30000);
  });
}

function nameOf(user) {
  return people.get(user)?.name ?? user;
}

function extras(p) {
  const parts = [];
  if (p.note) parts.push(`Notiz: ${p.note}`);
  if (p.substitute) parts.push(`Vertretung: ${nameOf(p.substitute)}`);
  if (p.forward) {
    const to = p.forward.kind === 'user' ? nameOf(p.forward.user) : p.forward.kind === 'voicemail' ? 'Mailbox' : 'extern';
    parts.push(`Weiterleitung: ${to}`);
  }
  return parts.join(' · ');
}

// The team lead's one hotline fact per member (reference/presence.md §5.2, staffing guard):
// logged in to a hotline, yes or no. Only the lead's projection carries `hotlineLoggedIn`; a pause
// shows as logged in, and there is no reason, time or history to show. Nothing is created for
// other viewers, so their page holds no trace of it.
function hotlineBadge(p) {
  if (p.hotlineLoggedIn === undefined) return null;
  const b = document.createElement('span');
  b.className = `hotline ${p.hotlineLoggedIn ? 'hotline-in' : 'hotline-out'}`;
  b.textContent = p.hotlineLoggedIn ? 'Hotline: angemeldet' : 'Hotline: nicht angemeldet';
  return b;
}

function render() {
  const q = $('search').value.trim().toLowerCase();
  const list = $('people');
  const focused = document.activeElement?.dataset?.user;
  list.replaceChildren();
  const shown = [...people.values()]
    .filter((p) => !q || p.name.toLowerCase().includes(q) || p.user.includes(q))
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  for (const p of shown) {
    const li = document.createElement('li');
    li.className = `state-${p.state}`;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = `${p.name} (${p.user})`;
    const state = document.createElement('span');
    state.className = 'state';
    state.textContent = STATE_TEXT[p.state];
    li.append(name, state);
    const hotline = hotlineBadge(p);
    if (hotline) li.append(hotline);
    const more = extras(p);
    if (more) {
      const x = document.createElement('span');
      x.className = 'extras';
      x.textContent = more;
      li.append(x);
    }
    if (viewer?.operator) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.user = p.user;
      b.textContent = `Gespräch zu ${p.name} verbinden`;
      b.addEventListener('click', () => transfer(p));
      li.append(b);
    }
    list.append(li);
  }
  $('empty').hidden = shown.length > 0;
  if (focused) list.querySelector(`button[data-user="${CSS.escape(focused)}"]`)?.focus();
}

async function transfer(p) {
  $('action-result').textContent = `Verbinde mit ${p.name} …`;
  const r = await api('POST', '/api/switchboard/transfer', { to: p.user });
  const text = r.status === 200 ? `Verbunden mit ${p.name}.`
    : r.status === 409 ? 'Sie haben gerade kein Gespräch.'
      : `${p.name} hat das Gespräch nicht angenommen.`;
  $('action-result').textContent = text;
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const r = await api('POST', '/api/login', { extension: $('login-ext').value.trim(), password: $('login-pw').value });
  $('login-pw').value = '';
  if (r.status === 200) return start();
  showLogin(r.status === 429 ? 'Zu viele Versuche. Bitte warten Sie eine Minute.' : 'Nebenstelle oder Passwort stimmen nicht.');
});
$('logout').addEventListener('click', async () => {
  await api('POST', '/api/logout');
  const ws = socket;
  socket = null;
  if (ws) ws.close(1000);
  showLogin('');
});
$('search').addEventListener('input', render);
$('dnd').addEventListener('click', async () => {
  const on = $('dnd').getAttribute('aria-pressed') !== 'true';
  const r = await api('POST', '/api/presence/me/dnd', { on });
  if (r.status === 200) $('dnd').setAttribute('aria-pressed', String(on));
});
$('status').addEventListener('change', async () => {
  await api('PUT', '/api/presence/me/status', { status: $('status').value });
});

void start();
