/** Compares a tapped engine capture with a FreeSWITCH transcript stream; returns readable differences. */
import type { TappedMessage } from './esl-tap.js';
import { Bindings, fieldsOf, labelOf, type TranscriptRecord } from './transcript.js';

/**
 * Fields whose values clients read (conformance/README §6): compared after placeholder binding.
 * `variable_playback_last_offset_pos` is left out: after a barge-in it depends on when the digit
 * arrived (README: known run-to-run variation).
 */
export const READ_FIELDS = [
  'Event-Name', 'Unique-ID', 'Channel-Unique-ID', 'Application', 'Application-UUID', 'Application-Response', 'Application-Data',
  'DTMF-Digit', 'DTMF-Duration', 'DTMF-Source', 'Channel-Call-State', 'Original-Channel-Call-State', 'Hangup-Cause',
  'Playback-File-Path', 'Playback-Status', 'Answer-State', 'Channel-State', 'Channel-State-Number', 'Content-Type',
  'Reply-Text', 'Socket-Mode', 'Control', 'Caller-Destination-Number', 'Caller-Context', 'Channel-Read-Codec-Name',
  'variable_sip_user_agent', 'variable_rtp_local_sdp_str', 'variable_switch_r_sdp', 'variable_local_media_ip',
  'variable_local_media_port', 'variable_remote_media_ip', 'variable_remote_media_port', 'variable_dtmf_type',
  'variable_sip_call_id', 'variable_playback_seconds', 'variable_playback_ms', 'variable_playback_samples',
  'variable_read_terminator_used', 'variable_read_result', 'variable_myDigitBuffer',
  'variable_x_conformance', 'variable_x_a', 'variable_x_b', 'variable_playback_terminators',
];

/** Options for {@link compareStream}. */
export interface CompareOptions {
  /** Keys that may be missing from or added to the engine's message, with the reason. */
  readonly allowedKeyDifferences?: ReadonlyMap<string, string>;
  /** Read fields whose values are not compared in this scenario, with the reason. */
  readonly ignoredValues?: ReadonlyMap<string, string>;
}

/** Compares one direction of one connection. */
export function compareStream(expected: readonly TranscriptRecord[], actual: readonly TappedMessage[], bindings: Bindings, options: CompareOptions = {}): string[] {
  const diffs: string[] = [];
  const allowed = options.allowedKeyDifferences ?? new Map<string, string>();
  const expLabels = expected.map((r) => labelOf(r.head, r.body));
  const actLabels = actual.map((m) => labelOf(m.head, m.body));
  const norm = (l: string): string => l.replace(/\{\{[A-Z_0-9]+\}\}/g, '*');
  if (expLabels.length !== actLabels.length || expLabels.some((l, i) => !new Bindings().match(l, actLabels[i] ?? '') && norm(l) !== norm(actLabels[i] ?? ''))) {
    diffs.push(`sequence differs:\n  expected ${expLabels.join(' | ')}\n  actual   ${actLabels.join(' | ')}`);
  }
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i] as TranscriptRecord;
    const a = actual[i] as TappedMessage;
    const ef = fieldsOf(e.head, e.body);
    const af = fieldsOf(a.head, a.body);
    const label = expLabels[i];
    const isStructured = ef.has('Event-Name') || ef.size > 3;
    if (!isStructured) {
      if (!bindings.match(e.head.replace(/Content-Length: \{\{CLEN\}\}/, 'Content-Length: {{CLEN}}'), a.head)) diffs.push(`#${i} ${label}: head ${JSON.stringify(a.head)} ≠ ${JSON.stringify(e.head)}`);
      if ((e.body ?? '') !== '' && !/^[A-Za-z-]+: /.test(e.body ?? '') && !bindings.match(e.body ?? '', a.body ?? '')) {
        diffs.push(`#${i} ${label}: body ${JSON.stringify(a.body)} ≠ ${JSON.stringify(e.body)}`);
      }
      if (!/^[A-Za-z-]+: /.test(e.body ?? '')) continue;
    }
    for (const key of ef.keys()) {
      if (!af.has(key) && !allowed.has(key)) diffs.push(`#${i} ${label}: missing ${key}`);
    }
    for (const key of af.keys()) {
      if (!ef.has(key) && !allowed.has(key)) diffs.push(`#${i} ${label}: extra ${key}`);
    }
    for (const key of READ_FIELDS) {
      if (options.ignoredValues?.has(key)) continue;
      const ev = ef.get(key);
      const av = af.get(key);
      if (ev === undefined || av === undefined) continue;
      if (ev.includes('{{VARIES}}') || ev.includes('{{N}}')) continue;
      if (!bindings.match(ev, av)) diffs.push(`#${i} ${label}: ${key}=${JSON.stringify(av)} ≠ ${JSON.stringify(ev)}`);
    }
  }
  return diffs;
}
