/**
 * Runs SIPp (Debian package sip-tester) against a server on loopback. Resolves with the exit
 * code and, on failure, the error trace SIPp wrote, so assertions can show why.
 */
import type { Test } from 'tap';
import { spawn } from 'node:child_process';
import { freePort } from './ports.js';
import { traceHeader, traceMessages } from './sipp-trace.js';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Options for one SIPp run. */
export interface SippRun {
  readonly scenario: string;
  readonly remote?: string;
  readonly service?: string;
  readonly transport?: 'u1' | 't1' | 'un' | 'tn';
  readonly localPort?: number;
  readonly calls?: number;
  readonly rate?: number;
  readonly timeoutSec?: number;
  readonly extra?: readonly string[];
  readonly injectFile?: string;
}

/** The outcome of a SIPp run. */
export interface SippResult {
  readonly code: number;
  readonly errors: string;
  readonly stdout: string;
  readonly messages: string;
}

/**
 * Starts SIPp with the given local port (SIPp's `-p 0` means 5060, which parallel tests would
 * share, so callers pass a free port; `runSipp` picks one).
 */
export function startSipp(run: SippRun & { localPort: number }): { done: Promise<SippResult>; kill: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const args = [
    '-sf', resolve(run.scenario), '-i', '127.0.0.1', '-p', String(run.localPort),
    '-m', String(run.calls ?? 1), '-t', run.transport ?? 'u1', '-nostdin', '-trace_err', '-trace_msg',
    '-timeout', `${run.timeoutSec ?? 30}s`, '-timeout_error', '-max_recv_loops', '100000',
  ];
  if (run.rate) args.push('-r', String(run.rate));
  if (run.service) args.push('-s', run.service);
  if (run.injectFile) args.push('-inf', run.injectFile);
  if (run.extra) args.push(...run.extra);
  if (run.remote) args.push(run.remote);
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<SippResult>((resolve) => {
    child.on('close', (code) => {
      const read = (suffix: string) => readdirSync(dir).filter((f) => f.endsWith(suffix)).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
      resolve({ code: code ?? -1, errors: existsSync(dir) ? read('_errors.log') : '', stdout: stdout.slice(-4000), messages: existsSync(dir) ? read('_messages.log') : '' });
    });
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

/** Runs SIPp to completion. */
export async function runSipp(run: SippRun): Promise<SippResult> {
  return startSipp({ ...run, localPort: run.localPort ?? (await freePort()) }).done;
}

/**
 * ACKs in a SIPp message trace (`-trace_msg`) that acknowledge a non-2xx final answer on another
 * branch than their INVITE's. Such an ACK is part of the INVITE's transaction and must carry its
 * branch (RFC 3261 §17.1.1.3); SIPp's `[branch]` numbers it after the ACK's own place in the
 * scenario (`[branch-N]` reaches back N messages), and a server then resends its answer until
 * Timer H. Returns one line per such ACK.
 */
export function misbranchedAcks(messages: string): string[] {
  const out: string[] = [];
  const invites = new Map<string, string>();
  const finals = new Map<string, number>();
  for (const msg of traceMessages(messages)) {
    const cseq = /^(\d+)\s+(\S+)/.exec(traceHeader(msg, 'cseq'));
    if (!cseq) continue;
    const key = `${traceHeader(msg, 'call-id')} ${cseq[1]}`;
    const branch = /;\s*branch=([^;,\s]+)/i.exec(traceHeader(msg, 'via'))?.[1] ?? '';
    const status = /^SIP\/2\.0 (\d{3})/.exec(msg.text)?.[1];
    if (msg.direction === 'sent' && msg.text.startsWith('INVITE ')) invites.set(key, branch);
    else if (msg.direction === 'received' && status !== undefined && cseq[2] === 'INVITE' && Number(status) >= 200) finals.set(key, Number(status));
    else if (msg.direction === 'sent' && msg.text.startsWith('ACK ')) {
      const final = finals.get(key);
      const invite = invites.get(key);
      if (final !== undefined && final >= 300 && invite !== undefined && invite !== branch) {
        out.push(`ACK for ${final} (Call-ID ${key}) on branch ${branch}, its INVITE on ${invite}`);
      }
    }
  }
  return out;
}

/**
 * Asserts a SIPp run passed, attaching SIPp's error trace to the failure, and that SIPp acted as
 * an RFC 3261 UAC: every ACK of a non-2xx answer on its INVITE's branch ({@link misbranchedAcks}).
 */
export function assertSippPassed(t: Test, r: SippResult, what: string): boolean {
  const passed = t.equal(r.code, 0, `${what}: SIPp exits 0`, r.code === 0 ? {} : { errors: r.errors.slice(-3000), stdout: r.stdout.slice(-1500) });
  const acks = misbranchedAcks(r.messages);
  return t.same(acks, [], `${what}: SIPp ACKs non-2xx answers on the INVITE's branch`) && passed;
}
