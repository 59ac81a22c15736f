/**
 * baresip (Debian 12, 1.0.0) as a real softphone in tests, following
 * ../shared/reference/baresip-in-tests.md: loopback only, a WAV as microphone, received audio
 * recorded by sndfile, commands over ctrl_tcp (netstring JSON), DTMF through the cons module.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { waitFor } from './wait-for.js';

/** A running baresip. */
export interface Baresip {
  readonly dir: string;
  readonly sipPort: number;
  output(): string;
  /** Sends a ctrl_tcp command (`dial`, `hangup`, `accept`, …). */
  command(command: string, params?: string): Promise<void>;
  /** Presses keypad keys during a call (RFC 4733 DTMF). */
  keys(keys: string): Promise<void>;
  /** WAV files sndfile wrote (received and sent audio). */
  recordings(): string[];
  stop(): Promise<void>;
}

/** Starts baresip registered as `user` at the PBX. */
export async function startBaresip(opts: { user: string; password: string; pbxPort: number; autoAnswer?: boolean; audioWav: string; transport?: 'udp' | 'tcp' }): Promise<Baresip> {
  const dir = mkdtempSync(join(tmpdir(), 'baresip-'));
  // baresip binds udp+tcp on P and TLS on P+1: keep instances apart.
  let sipPort = await freePort();
  while (!(await portFree(sipPort + 1))) sipPort = await freePort();
  const ctrlPort = await freePort();
  const consPort = await freePort();
  writeFileSync(join(dir, 'config'), [
    'poll_method epoll', `sip_listen 127.0.0.1:${sipPort}`, 'net_interface 127.0.0.1',
    'audio_player alsa,null', 'audio_alert alsa,null', `audio_source aufile,${opts.audioWav}`,
    'module_path /usr/lib/baresip/modules', 'module g711.so', 'module aufile.so', 'module sndfile.so',
    'module_app account.so', 'module_app menu.so', 'module_app ctrl_tcp.so', 'module_app cons.so',
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`, `cons_listen 127.0.0.1:${consPort}`, `snd_path ${dir}`,
    'rtp_ports 30000-39999', '',
  ].join('\n'));
  const transport = opts.transport === 'tcp' ? ';transport=tcp' : '';
  writeFileSync(join(dir, 'accounts'), `<sip:${opts.user}@127.0.0.1:${opts.pbxPort}${transport}>;auth_pass=${opts.password};regint=300;audio_codecs=PCMU,PCMA${opts.autoAnswer ? ';answermode=auto' : ''}\n`);
  writeFileSync(join(dir, 'contacts'), '');
  let out = '';
  const child: ChildProcess = spawn('baresip', ['-f', dir, '-v'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor(() => /\[\d+ bindings?\]/.test(out), { ms: 15_000, what: `baresip ${opts.user} registered` });
  const command = (cmd: string, params = '') => new Promise<void>((resolve, reject) => {
    const body = JSON.stringify({ command: cmd, params, token: cmd });
    const s = net.connect(ctrlPort, '127.0.0.1', () => {
      s.write(`${Buffer.byteLength(body)}:${body},`);
      setTimeout(() => { s.destroy(); resolve(); }, 100);
    });
    s.on('error', reject);
  });
  const keys = async (k: string) => {
    const sock = dgram.createSocket('udp4');
    for (const ch of k) {
      await new Promise<void>((r) => sock.send(ch, consPort, '127.0.0.1', () => r()));
      await new Promise((r) => setTimeout(r, 250));
    }
    sock.close();
  };
  return {
    dir, sipPort, output: () => out, command, keys,
    recordings: () => readdirSync(dir).filter((f) => f.endsWith('.wav')).map((f) => join(dir, f)),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Writes a WAV tone (8 kHz mono 16-bit) with sox for a baresip microphone. */
export async function toneWav(freq: number, seconds = 30): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'tone-')), `tone-${freq}.wav`);
  await new Promise<void>((resolve, reject) => {
    const p = spawn('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', String(seconds), 'sine', String(freq), 'vol', '0.5']);
    p.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`sox exited ${c}`))));
  });
  return file;
}
