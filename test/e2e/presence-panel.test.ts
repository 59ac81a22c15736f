// The team panel in headless Chromium (issue 9 item 5, reference/presence.md §5.3 test 12): as a
// colleague, neither the page, its network payloads (HTTP and WebSocket), its markup nor its
// class names contain an absence reason, a return date, a caller's number or a call duration.
// Also: usable with the keyboard alone, no horizontal scrolling at 200 % zoom, the operator's
// extras (substitute, transfer action) only for the operator, and the team lead's "logged in to
// a hotline" per member only for the lead, live, with no pause shown.
import t from 'tap';
import type { Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startPbx } from '../helpers/pbx.js';
import { registeredPhone, waitRegistered } from '../helpers/phones.js';
import { phoneCall } from '../helpers/e2e.js';
import { waitFor } from '../helpers/wait-for.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function browser(t: Test, viewport = { width: 1280, height: 800 }): Promise<{ ctx: BrowserContext; page: Page; payloads: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'zentrale-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', args: ARGS, headless: true, viewport });
  t.teardown(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const page = ctx.pages()[0] ?? await ctx.newPage();
  const payloads: string[] = [];
  page.on('response', (r) => { void r.text().then((b) => payloads.push(`${r.url()}\n${b}`), () => undefined); });
  // The page's data (API answers and stream frames), apart from its static files.
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => payloads.push(String(f.payload)));
    ws.on('framesent', (f) => payloads.push(String(f.payload)));
  });
  return { ctx, page, payloads };
}

function webPassword(env: NodeJS.ProcessEnv, user: string): void {
  const r = spawnSync(process.execPath, ['bin/zentrale.js', 'user', 'web-password', user], { env, input: `${user}-panel-password\n`, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

/** Logs in with the keyboard only: the login form takes the focus, Tab moves, Enter submits. */
async function keyboardLogin(page: Page, base: string, user: string): Promise<void> {
  await page.goto(`${base}/panel`);
  await page.waitForSelector('#login:not([hidden])');
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(`${user}-panel-password`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#panel:not([hidden]) #people li');
}

const stateOf = (page: Page, name: string) => page.locator('#people li', { hasText: name }).locator('.state').textContent();

void t.test('§5.3 test 12: a colleague\'s panel shows states only; the operator\'s adds substitute and transfer; the lead\'s hotline login', async (t) => {
  const p = await startPbx({ dialplans: ['test/fixtures/dialplans/e2e/presence.yaml'], env: { ZENTRALE_DIGEST_ALGORITHMS: 'MD5' } });
  t.teardown(() => p.stop());
  const base = `http://127.0.0.1:${p.httpPort}`;
  for (const u of ['3002', '3000', '3003', '3004']) webPassword(p.env, u);
  const until = '2099-12-30';
  t.equal(p.cli(['user', 'absence', '3003', '--reason', 'sick', '--until', until]).code, 0);
  const carla = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ extension: '3003', password: '3003-panel-password' }) });
  const carlaToken = ((await carla.json()) as { token: string }).token;
  await fetch(`${base}/api/presence/me/substitute`, { method: 'PUT', headers: { authorization: `Bearer ${carlaToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ substitute: '3002' }) });
  const anna = await registeredPhone(p, '3001', 'anna-secret-1', { holdMs: 60_000 });
  t.teardown(() => anna.kill());
  await waitRegistered(p.output, '3001');

  const { page, payloads } = await browser(t);
  await keyboardLogin(page, base, '3002');
  t.equal(await stateOf(page, 'Anna Amt'), 'frei');
  t.equal(await stateOf(page, 'Carla Amt'), 'nicht erreichbar', 'sick leave looks like any unreachable colleague');
  const call = phoneCall(p, 'call.xml', '3001', '3009', 'xaver-secret-1', 3000);
  t.teardown(async () => { await call; });
  await page.locator('#people li', { hasText: 'Anna Amt' }).locator('.state', { hasText: 'beschäftigt' }).waitFor();
  t.pass('a call shows as busy, live over the WebSocket');

  // Keyboard only: the search field is reachable with Tab and filters as one types.
  await page.focus('#dnd');
  for (let i = 0; i < 5 && (await page.evaluate('document.activeElement && document.activeElement.id')) !== 'search'; i++) await page.keyboard.press('Tab');
  t.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'search', 'Tab reaches the search field');
  await page.keyboard.type('carla');
  t.same(await page.locator('#people li .name').allTextContents(), ['Carla Amt (3003)'], 'search filters by name');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');

  const html = await page.content();
  const classes = await page.evaluate(`[...document.querySelectorAll('*')].map((e) => e.className).filter((c) => typeof c === 'string').join(' ')`) as string;
  await waitFor(() => payloads.some((x) => x.includes('"type":"presence"')), { what: 'a stream event' });
  const everything = [html, classes, ...payloads].join('\n');
  const untilMs = String(Date.UTC(2099, 11, 30, 23));
  for (const leak of ['sick', 'krank', 'Krank', 'holiday', 'Urlaub', until, '30.12.2099', '2099', untilMs, '3009', 'Xaver', 'since', 'seit', 'duration', 'Dauer']) {
    t.notOk(everything.includes(leak), `nothing on the page, in its files or on the wire says ${leak}`);
  }
  // Words the panel's script knows for other viewers (the operator's extras) must not show up
  // in this viewer's data or markup.
  const data = [await page.locator('body').innerText(), classes, ...payloads.filter((x) => !/\/panel\/panel\.(js|css)\n/.test(x))].join('\n');
  for (const leak of ['Vertretung', 'Weiterleitung', 'extern', 'intern', 'direction', 'Hotline', 'hotline', 'angemeldet']) {
    t.notOk(data.includes(leak), `a colleague's data has no ${leak}`);
  }
  t.equal(await page.locator('#people .hotline').count(), 0, "no hotline login in a colleague's DOM, though Anna and Bernd are agents of 4300");
  const entries = payloads.flatMap((x) => {
    const json = x.slice(x.indexOf('{'));
    try {
      const v = JSON.parse(json) as { users?: unknown[]; presence?: unknown };
      return [...(v.users ?? []), ...(v.presence ? [v.presence] : [])] as Array<Record<string, unknown>>;
    } catch {
      return [];
    }
  });
  t.ok(entries.length >= 3, 'the colleague received presence entries');
  t.ok(entries.every((e) => Object.keys(e).every((k) => ['user', 'name', 'state', 'pickup'].includes(k))), 'every entry a colleague receives has user, name, state (and a pickup token) only');
  t.notMatch(await page.locator('#people').innerText(), /\b\d{1,2}:\d{2}\b/, 'no timer or clock in the list');
  t.equal(await page.locator('#people button').count(), 0, 'no transfer action for a colleague');

  const zoomed = await browser(t, { width: 640, height: 400 });
  await keyboardLogin(zoomed.page, base, '3002');
  t.ok(await zoomed.page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth'), 'no horizontal scrolling at 200 % zoom (half the width)');

  const op = await browser(t);
  await keyboardLogin(op.page, base, '3000');
  t.match(await op.page.locator('#people li', { hasText: 'Carla Amt' }).textContent(), /Vertretung: Bernd Amt/, 'the operator sees the substitute');
  t.equal(await op.page.locator('#people button').count(), 3, 'one transfer button per colleague');
  const opAll = [await op.page.content(), ...op.payloads].join('\n');
  for (const leak of ['sick', 'krank', '2099', untilMs]) t.notOk(opAll.includes(leak), `not even the operator sees ${leak}`);
  t.equal(await op.page.locator('#people .hotline').count(), 0, 'the operator sees no hotline login per person');

  // The team lead: per member logged in to a hotline yes/no, live; a pause is still "logged in".
  const lead = await browser(t);
  await keyboardLogin(lead.page, base, '3004');
  const badge = (name: string) => lead.page.locator('#people li', { hasText: name }).locator('.hotline');
  await badge('Anna Amt').filter({ hasText: 'Hotline: nicht angemeldet' }).waitFor();
  t.equal(await badge('Bernd Amt').textContent(), 'Hotline: nicht angemeldet', 'the lead sees Bernd, an agent of 4300, logged out');
  t.equal(await badge('Carla Amt').count(), 0, 'Carla is no agent: no hotline line for her');
  t.match(p.cli(['agent', 'login', '4300', '3001']), { code: 0 });
  await badge('Anna Amt').filter({ hasText: 'Hotline: angemeldet' }).waitFor();
  t.pass("Anna's login reaches the lead's panel live");
  t.match(p.cli(['agent', 'pause', '3001']), { code: 0 });
  await waitFor(() => p.cli(['hotline', 'status', '4300', '--json']).stdout.includes('paused'), { what: 'Anna paused' });
  t.equal(await badge('Anna Amt').textContent(), 'Hotline: angemeldet', 'a pause shows as logged in: no pause, no reason');
  const leadText = await lead.page.locator('#people').innerText();
  for (const leak of ['Pause', 'pausiert', 'paused', 'seit', 'since']) t.notOk(leadText.includes(leak), `the lead's list has no ${leak}`);
  t.equal(await lead.page.locator('#people button').count(), 0, 'the lead has no transfer action');
});
