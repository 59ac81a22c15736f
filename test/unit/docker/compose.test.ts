// docker/ (one production site: drachtio-server, FreeSWITCH, the feature server) cannot be run
// here, no Docker engine; this checks it by construction against the code and configuration it
// has to agree with: runtime.ts, freeswitch-conf/, cli/daemon-flags.ts, package-lock.json.
import t from 'tap';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { DAEMON_NODE_FLAGS } from '../../../cli/daemon-flags.js';
import { loadRuntimeConfig, runtimeSchema, splitHostPort } from '../../../server/src/config/runtime.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const DOCKER = join(ROOT, 'docker');
const read = (path: string): string => readFileSync(path, 'utf8');

type Service = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  network_mode?: string;
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: string | string[] | Array<{ path: string }>;
  command?: string | string[];
  entrypoint?: string | string[];
  ports?: Array<string | number | { target: number | string; published?: number | string; host_ip?: string; protocol?: string }>;
  volumes?: Array<string | { type?: string; source?: string; target: string; read_only?: boolean }>;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const composeText = read(join(DOCKER, 'compose.yaml'));
const compose = parse(composeText) as Compose;
const services = compose.services;

// ---- compose's variable interpolation (${VAR}, ${VAR:-default}, ${VAR:?error}, $VAR, $$) ----

const REF = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The variables a string refers to. */
function refs(s: string): string[] {
  return Array.from(s.matchAll(REF), (m) => m[2] ?? m[5]).filter((x): x is string => x !== undefined);
}

/** Interpolates like compose; throws where compose would refuse (${VAR:?} with VAR empty). */
function interpolate(s: string, vars: Readonly<Record<string, string>>): string {
  return s.replace(REF, (_all, dollar: string | undefined, name: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (dollar) return '$';
    const n = (name ?? bare)!;
    const v = vars[n];
    const set = v !== undefined;
    const nonEmpty = set && v !== '';
    switch (op) {
      case ':-': return nonEmpty ? v : arg!;
      case '-': return set ? v : arg!;
      case ':?': if (!nonEmpty) throw new Error(`${n}: ${arg}`); return v;
      case '?': if (!set) throw new Error(`${n}: ${arg}`); return v;
      case ':+': return nonEmpty ? arg! : '';
      case '+': return set ? arg! : '';
      default: return v ?? '';
    }
  });
}

/** Every string in a parsed YAML value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

/** NAME=value lines of an env file (comments and blank lines skipped). */
function envFile(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!.trim().replace(/^(["'])(.*)\1$/, '$2'));
  }
  return out;
}

const envExample = envFile(read(join(DOCKER, '.env.example')));

/** The compose variables as on a site: .env.example with its required blanks filled in. */
function siteVars(): Record<string, string> {
  const vars: Record<string, string> = Object.fromEntries(envExample);
  for (const [k, v] of envExample) if (v === '') vars[k] = /IP$/.test(k) ? '192.0.2.10' : `${k.toLowerCase()}-value`;
  return vars;
}

/** A service's environment as written (not interpolated), plus NAME=value lines of its env files. */
function environment(svc: Service): Map<string, string> {
  const out = new Map<string, string>();
  const files = svc.env_file === undefined ? [] : Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
  for (const f of files) {
    const path = resolve(DOCKER, typeof f === 'string' ? f : f.path);
    const text = existsSync(path) ? read(path) : read(`${path}.example`);
    for (const [k, v] of envFile(text)) out.set(k, v);
  }
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    for (const e of env) {
      const i = e.indexOf('=');
      out.set(i < 0 ? e : e.slice(0, i), i < 0 ? `\${${e}}` : e.slice(i + 1));
    }
  } else {
    for (const [k, v] of Object.entries(env)) out.set(k, v === null ? `\${${k}}` : String(v));
  }
  return out;
}

const args = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : v.split(/\s+/).filter(Boolean));

/** The value of `--name VALUE` or `--name=VALUE` in an argument list. */
function option(list: readonly string[], ...names: string[]): string | undefined {
  for (let i = 0; i < list.length; i++) {
    for (const n of names) {
      if (list[i] === n) return list[i + 1];
      if (list[i]!.startsWith(`${n}=`)) return list[i]!.slice(n.length + 1);
    }
  }
  return undefined;
}

type Mount = { source: string | undefined; target: string; bind: boolean };
function mounts(svc: Service): Mount[] {
  return (svc.volumes ?? []).map((v) => {
    if (typeof v !== 'string') return { source: v.source, target: v.target, bind: v.type === 'bind' };
    const [source, target] = v.split(':');
    return target === undefined ? { source: undefined, target: source!, bind: false } : { source, target, bind: /^[./~]/.test(source!) };
  });
}
const hostPath = (m: Mount): string => resolve(DOCKER, m.source!);

const isLoopback = (host: string): boolean => /^127\./.test(host) || host === '::1' || host === '[::1]' || host === 'localhost';
const hostNetworked = (svc: Service): boolean => svc.network_mode === 'host';

const zentrale = services.zentrale!;
const drachtio = services.drachtio!;
const freeswitch = services.freeswitch!;
const zenv = environment(zentrale);

/** FreeSWITCH's configuration directory inside the container and the repository folder mounted there. */
const FS_CONF = '/usr/local/freeswitch/conf';
const fsConfMount = mounts(freeswitch).find((m) => m.target === FS_CONF);
const fsConf = fsConfMount?.source ? hostPath(fsConfMount) : join(ROOT, 'freeswitch-conf');
/** A file of the configuration FreeSWITCH sees: a file mounted over it, else the mounted folder's. */
function fsFile(rel: string): string {
  const over = mounts(freeswitch).find((m) => m.bind && m.target === `${FS_CONF}/${rel}`);
  return over ? hostPath(over) : join(fsConf, rel);
}
const params = (xml: string): Map<string, string> =>
  new Map(Array.from(xml.matchAll(/<param name="([^"]+)" value="([^"]*)"\/>/g), (m) => [m[1]!, m[2]!]));
const eventSocket = params(read(fsFile('autoload_configs/event_socket.conf.xml')));
const switchConf = params(read(fsFile('autoload_configs/switch.conf.xml')));

/** drachtio-server's control address: --address/--port, else DRACHTIO_ADMIN_*, else its defaults. */
const drachtioArgs = [...args(drachtio.entrypoint), ...args(drachtio.command)];
const drachtioEnv = environment(drachtio);
const drachtioControl = {
  host: option(drachtioArgs, '--address') ?? drachtioEnv.get('DRACHTIO_ADMIN_ADDRESS') ?? '0.0.0.0',
  port: Number(option(drachtioArgs, '--port', '-p') ?? drachtioEnv.get('DRACHTIO_ADMIN_TCP_PORT') ?? 9022),
};

void t.test('one site: drachtio-server, FreeSWITCH and the feature server', async (t) => {
  t.same(Object.keys(services).sort(), ['drachtio', 'freeswitch', 'zentrale']);
  t.match(drachtio.image, /^drachtio\/drachtio-server:/);
  t.match(freeswitch.image, /^drachtio\/drachtio-freeswitch-mrf:/);
  const build = typeof zentrale.build === 'string' ? { context: zentrale.build } : zentrale.build;
  t.ok(build, 'the feature server is built here');
  t.equal(resolve(DOCKER, build?.context ?? '.'), ROOT, 'from the repository root');
  t.equal(resolve(DOCKER, build?.context ?? '.', build?.dockerfile ?? 'Dockerfile'), join(DOCKER, 'feature-server.Dockerfile'));
});

void t.test('every ZENTRALE_* variable of the feature server is one runtime.ts knows, and the configuration loads', async (t) => {
  const known = new Set(Object.values(runtimeSchema.shape).map((s) => (s.description ?? '').split(':')[0]));
  const names = [...zenv.keys()].filter((k) => k.startsWith('ZENTRALE_'));
  t.ok(names.length >= 5);
  for (const k of names) t.ok(known.has(k), `${k} is a runtime.ts variable`);
  const vars = siteVars();
  const env = Object.fromEntries([...zenv].map(([k, v]) => [k, interpolate(v, vars)]));
  const loaded = loadRuntimeConfig(env);
  t.ok(loaded.ok, loaded.ok ? 'loads' : loaded.error.join('; '));
  if (!loaded.ok) return;
  t.ok(loaded.value.drachtio, 'ZENTRALE_DRACHTIO is set: zentrale start starts no SIP engine');
  t.ok(loaded.value.freeswitch, 'ZENTRALE_FREESWITCH is set: zentrale start starts no media engine');
  t.equal(loaded.value.drachtioSecret, vars.ZENTRALE_DRACHTIO_SECRET);
  t.equal(loaded.value.freeswitchSecret, vars.ZENTRALE_FREESWITCH_SECRET);
});

void t.test('the feature server points at drachtio-server\'s control port and FreeSWITCH\'s event socket', async (t) => {
  const vars = siteVars();
  const targets: Array<[string, string, Service, number]> = [
    ['ZENTRALE_DRACHTIO', 'drachtio', drachtio, drachtioControl.port],
    ['ZENTRALE_FREESWITCH', 'freeswitch', freeswitch, Number(eventSocket.get('listen-port'))],
  ];
  for (const [name, service, svc, port] of targets) {
    const value = zenv.get(name);
    t.ok(value, `${name} is set`);
    const { host, port: p } = splitHostPort(interpolate(value ?? '', vars));
    if (hostNetworked(zentrale) && hostNetworked(svc)) t.ok(isLoopback(host), `${name}: ${service} shares the host's network, so loopback (${host})`);
    else t.equal(host, service, `${name}: the compose service ${service}`);
    t.equal(p, port, `${name}: the port ${service} listens on`);
  }
  t.equal(drachtioControl.port, 9022);
  t.equal(eventSocket.get('listen-port'), '8021');
});

void t.test('secrets come from docker/.env, never from the repository', async (t) => {
  const single = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[?-][^}]*)?\}$/;
  const drachtioSecret = single.exec(zenv.get('ZENTRALE_DRACHTIO_SECRET') ?? '')?.[1];
  const fsSecret = single.exec(zenv.get('ZENTRALE_FREESWITCH_SECRET') ?? '')?.[1];
  t.ok(drachtioSecret, 'ZENTRALE_DRACHTIO_SECRET is an env file variable, not a literal');
  t.ok(fsSecret, 'ZENTRALE_FREESWITCH_SECRET is an env file variable, not a literal');

  // drachtio-server: DRACHTIO_SECRET (or --secret) is the same variable.
  const dSecret = option(drachtioArgs, '--secret') ?? drachtioEnv.get('DRACHTIO_SECRET');
  t.equal(single.exec(dSecret ?? '')?.[1], drachtioSecret, 'drachtio-server\'s secret is the feature server\'s');

  // FreeSWITCH: the vars.xml it loads takes event_socket_password from its environment, which
  // compose sets from the same variable; the event socket uses that password.
  t.equal(eventSocket.get('password'), '$${event_socket_password}');
  const vars = read(fsFile('vars.xml'));
  const fromEnv = /<X-PRE-PROCESS cmd="env-set" data="event_socket_password=\$([A-Za-z_][A-Za-z0-9_]*)"\/>/.exec(vars)?.[1];
  t.ok(fromEnv, 'FreeSWITCH\'s vars.xml sets event_socket_password from the environment');
  const last = Array.from(vars.matchAll(/<X-PRE-PROCESS cmd="(?:env-)?set" data="event_socket_password=/g)).pop();
  t.match(last?.[0] ?? '', /env-set/, 'and nothing sets it after that');
  t.equal(single.exec(environment(freeswitch).get(fromEnv ?? '') ?? '')?.[1], fsSecret, `FreeSWITCH's ${fromEnv} is the feature server's secret`);

  // The vars.xml mounted over the project's includes the project's from a mounted path.
  const include = /<X-PRE-PROCESS cmd="include" data="([^"]+)"\/>/.exec(vars)?.[1];
  if (include) {
    const m = mounts(freeswitch).find((x) => x.bind && include.startsWith(`${x.target}/`));
    t.ok(m, `${include} is mounted`);
    if (m) t.ok(existsSync(join(hostPath(m), include.slice(m.target.length + 1))), `${include} exists in the repository`);
  }

  for (const name of [drachtioSecret, fsSecret]) {
    t.equal(envExample.get(name ?? ''), '', `.env.example leaves ${name} empty (generated per site)`);
    t.match(composeText, new RegExp(`\\$\\{${name}:\\?`), `compose refuses to start without ${name}`);
  }
  for (const literal of ['ClueCon', 'cymru', 'JambonzR0ck']) t.notMatch(composeText, literal, `no default secret (${literal})`);
  t.match(read(join(DOCKER, '.gitignore')), /^\.env$/m, 'docker/.env is git-ignored');
});

void t.test('control ports 9022 and 8021 and the HTTP API are not published beyond loopback', async (t) => {
  const control = [9022, 8021];
  for (const [name, svc] of Object.entries(services)) {
    for (const p of svc.ports ?? []) {
      let hostIp = '';
      let target: string;
      if (typeof p === 'object') {
        hostIp = p.host_ip ?? '';
        target = String(p.target);
      } else {
        // [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], an IPv6 HOST_IP in brackets
        let rest = String(p).replace(/\/\w+$/, '');
        const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
        if (v6) [hostIp, rest] = [v6[1]!, v6[2]!];
        const parts = rest.split(':');
        if (!v6 && parts.length === 3) hostIp = parts[0]!;
        target = parts.at(-1)!;
      }
      const [lo, hi = lo] = target.split('-').map(Number) as [number, number?];
      if (control.some((c) => c >= lo && c <= hi!)) t.ok(isLoopback(hostIp), `${name}: ${String(typeof p === 'object' ? JSON.stringify(p) : p)} only on loopback`);
    }
  }
  if (hostNetworked(drachtio)) t.ok(isLoopback(drachtioControl.host), `drachtio-server's control port binds ${drachtioControl.host}`);
  if (hostNetworked(freeswitch)) {
    t.ok(isLoopback(eventSocket.get('listen-ip') ?? ''), `FreeSWITCH's event socket binds ${eventSocket.get('listen-ip')}`);
    t.ok(eventSocket.get('apply-inbound-acl'), 'with an ACL');
  }
  const http = zenv.get('ZENTRALE_HTTP_LISTEN');
  const httpHost = (vars: Record<string, string>): string => splitHostPort(http === undefined ? '127.0.0.1:8080' : interpolate(http, vars)).host;
  t.ok(isLoopback(httpHost(siteVars())), 'HTTP on loopback with .env.example');
  t.ok(isLoopback(httpHost({ ...siteVars(), ZENTRALE_HTTP_LISTEN: '' })), 'HTTP on loopback without ZENTRALE_HTTP_LISTEN');
  if (!hostNetworked(zentrale)) for (const p of zentrale.ports ?? []) t.notMatch(String(typeof p === 'object' ? p.host_ip ?? '' : p), /^(0\.0\.0\.0:)?\d+:8080/, 'HTTP not published on all addresses');
});

void t.test('every mounted path exists, FreeSWITCH gets freeswitch-conf, prompts and the voicemail volume', async (t) => {
  const declared = new Set(Object.keys(compose.volumes ?? {}));
  for (const [name, svc] of Object.entries(services)) {
    for (const m of mounts(svc)) {
      if (m.bind) t.ok(existsSync(hostPath(m)), `${name}: ${m.source} exists`);
      else if (m.source) t.ok(declared.has(m.source), `${name}: volume ${m.source} is declared`);
    }
  }
  t.ok(fsConfMount?.bind, `freeswitch-conf is mounted at ${FS_CONF}`);
  t.equal(fsConf, join(ROOT, 'freeswitch-conf'));
  t.ok(statSync(join(fsConf, 'freeswitch.xml')).isFile());
  // The image's /entrypoint.sh edits that configuration in place; it must not run.
  t.notOk(args(freeswitch.entrypoint).join(' ').includes('/entrypoint.sh'));
  t.ok(freeswitch.entrypoint, 'FreeSWITCH is started directly, not through the image\'s entrypoint');

  // Prompts where vars.xml's sounds_dir points.
  const sounds = /data="sounds_dir=([^"]+)"/.exec(read(join(fsConf, 'vars.xml')))?.[1];
  const prompts = mounts(freeswitch).find((m) => m.target === sounds);
  t.ok(prompts?.bind, `prompts are mounted at ${sounds}`);
  if (prompts) t.equal(hostPath(prompts), join(ROOT, 'assets', 'prompts'));

  // Voicemail paths are below the feature server's data directory; FreeSWITCH sees them there.
  const dataDir = interpolate(zenv.get('ZENTRALE_DATA_DIR') ?? '', siteVars());
  t.match(dataDir, /^\//, 'ZENTRALE_DATA_DIR is an absolute path');
  const data = mounts(zentrale).find((m) => m.target === dataDir);
  t.ok(data && !data.bind && data.source, 'the data directory is a named volume');
  t.ok(mounts(freeswitch).some((m) => m.source === data?.source && m.target === dataDir), 'FreeSWITCH mounts it at the same path');
});

void t.test('.env.example names every variable compose.yaml uses, and the RTP range is documented', async (t) => {
  const used = new Set(strings(compose).flatMap(refs));
  t.ok(used.size >= 3);
  for (const v of used) t.ok(envExample.has(v), `${v} is in .env.example`);
  const range = `${switchConf.get('rtp-start-port')}-${switchConf.get('rtp-end-port')}`;
  t.equal(range, '20000-20999');
  t.match(read(join(DOCKER, 'README.md')), range, 'docker/README.md names the RTP range of switch.conf.xml');
  for (const p of freeswitch.ports ?? []) t.fail(`FreeSWITCH publishes ${JSON.stringify(p)}: host networking expected, or check the RTP range here`);
});

void t.test('the feature server image runs bin/zentrale.js start as a non-root user', async (t) => {
  const text = read(join(DOCKER, 'feature-server.Dockerfile')).replace(/\\\n/g, ' ');
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const final = lines.slice(lastFrom);
  t.match(final[0], /^FROM node:20-bookworm-slim(\s|$)/i);
  const users = final.filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]!);
  t.ok(users.length > 0, 'a USER instruction');
  t.notMatch(users.at(-1) ?? 'root', /^(root|0)(:|$)/, `runs as ${users.at(-1)}`);
  const cmdLine = final.filter((l) => /^(CMD|ENTRYPOINT)\s/i.test(l));
  const exec = cmdLine.flatMap((l) => JSON.parse(l.replace(/^\w+\s+/, '')) as string[]);
  t.equal(exec[0], 'node');
  const bin = exec.indexOf('bin/zentrale.js');
  t.ok(bin > 0 && exec[bin + 1] === 'start', `starts bin/zentrale.js start: ${exec.join(' ')}`);
  for (const flag of DAEMON_NODE_FLAGS) t.ok(exec.slice(0, bin).includes(flag), `with ${flag} (cli/daemon-flags.ts)`);
  const lastUser = final.map((l) => /^USER\s/i.test(l)).lastIndexOf(true);
  t.ok(lastUser >= 0 && lastUser < final.indexOf(cmdLine[0]!), 'USER before CMD');

  const npmCi = lines.find((l) => /\bnpm ci\b/.test(l));
  t.ok(npmCi, 'npm ci');
  if (npmCi && /--omit[= ]dev|--production/.test(npmCi)) {
    // bin/zentrale.js needs esbuild (bin/bundle.js) and tsx at run time.
    const lock = JSON.parse(read(join(ROOT, 'package-lock.json'))) as { packages: Record<string, { dev?: boolean }> };
    for (const p of ['tsx', 'esbuild']) t.ok(lock.packages[`node_modules/${p}`] && !lock.packages[`node_modules/${p}`]!.dev, `${p} is installed without dev dependencies`);
  }
  const ignore = read(join(DOCKER, 'feature-server.Dockerfile.dockerignore')).split('\n').map((l) => l.trim());
  t.ok(ignore.includes('node_modules'), 'the host\'s node_modules stays out of the image');
  t.ok(ignore.includes('docker/.env'), 'and docker/.env');
});
