/**
 * What applying a new dialplan changes, entity by entity (CONVENTIONS §2.5: "compute the diff,
 * then swap"). Secrets and private numbers are never printed: a changed HA1, password, PIN or
 * mobile shows as `(changed)`.
 */
import type { SiteConfig } from './site-config.js';

/** The kinds of entities a diff names. */
export type EntityKind =
  | 'site' | 'numbers' | 'outbound' | 'featureCodes' | 'worksCouncilMode' | 'aggregateMinGroup' | 'absenceReasonReaders'
  | 'trunk' | 'timePlan' | 'user' | 'hotline' | 'huntGroup' | 'ivrMenu' | 'team';

/** One changed field of an entity, values already formatted (and redacted). */
export interface FieldChange {
  /** Path inside the entity, as in YAML: `agents[1].skills.de`. */
  readonly path: string;
  readonly from: string;
  readonly to: string;
}

/** One change between two site configs. */
export type Change =
  | { readonly op: 'add'; readonly entity: EntityKind; readonly key: string; readonly label?: string }
  | { readonly op: 'remove'; readonly entity: EntityKind; readonly key: string; readonly label?: string }
  | { readonly op: 'change'; readonly entity: EntityKind; readonly key: string; readonly fields: readonly FieldChange[] };

const SECRET_KEYS = new Set(['password', 'pin', 'pinHash', 'ha1', 'md5', 'sha256', 'mobile']);
const ABSENT = '(none)';

/** Replaces secret values inside a value with `***`. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '***' : redact(v)]));
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return ABSENT;
  if (typeof value === 'string') return value;
  return JSON.stringify(redact(value));
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map);
}

/** Field-level differences of two plain values. */
function fieldChanges(a: unknown, b: unknown, path = '', secret = false): FieldChange[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => fieldChanges(a[k], b[k], join(path, k), secret || SECRET_KEYS.has(k)));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    return Array.from({ length: n }, (_, i) => fieldChanges(a[i], b[i], join(path, i), secret)).flat();
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (secret) return [{ path, from: a === undefined ? ABSENT : '(set)', to: b === undefined ? ABSENT : '(changed)' }];
  return [{ path, from: show(a), to: show(b) }];
}

type Keyed = { readonly key: string; readonly label?: string | undefined; readonly value: unknown };

function section(entity: EntityKind, before: readonly Keyed[], after: readonly Keyed[]): Change[] {
  const old = new Map(before.map((e) => [e.key, e]));
  const cur = new Map(after.map((e) => [e.key, e]));
  const keys = [...new Set([...old.keys(), ...cur.keys()])].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  const out: Change[] = [];
  for (const key of keys) {
    const a = old.get(key);
    const b = cur.get(key);
    if (a && !b) out.push({ op: 'remove', entity, key, ...(a.label ? { label: a.label } : {}) });
    else if (!a && b) out.push({ op: 'add', entity, key, ...(b.label ? { label: b.label } : {}) });
    else if (a && b) {
      const fields = fieldChanges(a.value, b.value);
      if (fields.length > 0) out.push({ op: 'change', entity, key, fields });
    }
  }
  return out;
}

function single(entity: EntityKind, a: unknown, b: unknown): Change[] {
  if (a === b) return [];
  if (a === null || a === undefined) return b === null || b === undefined ? [] : [{ op: 'add', entity, key: '' }];
  if (b === null || b === undefined) return [{ op: 'remove', entity, key: '' }];
  if (!isRecord(a) || !isRecord(b)) return [{ op: 'change', entity, key: '', fields: [{ path: '', from: show(a), to: show(b) }] }];
  const fields = fieldChanges(a, b);
  return fields.length === 0 ? [] : [{ op: 'change', entity, key: '', fields }];
}

function readers(site: SiteConfig): string {
  return site.absenceReasonReaders.length === 0 ? '(none)' : site.absenceReasonReaders.join(', ');
}

/** Every difference from `old` to `next`, in section order, keys sorted within a section. */
export function diffSiteConfig(old: SiteConfig, next: SiteConfig): Change[] {
  return [
    ...single('site', old.site, next.site),
    ...single('numbers', old.numbers, next.numbers),
    ...section('trunk', old.trunks.map((x) => ({ key: x.id, value: x })), next.trunks.map((x) => ({ key: x.id, value: x }))),
    ...single('outbound', old.outbound, next.outbound),
    ...single('featureCodes', old.featureCodes, next.featureCodes),
    ...single('worksCouncilMode', old.worksCouncilMode, next.worksCouncilMode),
    ...single('aggregateMinGroup', old.aggregateMinGroup, next.aggregateMinGroup),
    ...single('absenceReasonReaders', readers(old), readers(next)),
    ...section('timePlan', old.timePlans.map((x) => ({ key: x.id, value: x })), next.timePlans.map((x) => ({ key: x.id, value: x }))),
    ...section('user', old.users.map((x) => ({ key: x.extension, label: x.name, value: x })), next.users.map((x) => ({ key: x.extension, label: x.name, value: x }))),
    ...section('hotline', old.hotlines.map((x) => ({ key: x.number, label: x.name, value: x })), next.hotlines.map((x) => ({ key: x.number, label: x.name, value: x }))),
    ...section('huntGroup', old.huntGroups.map((x) => ({ key: x.number, label: x.name, value: x })), next.huntGroups.map((x) => ({ key: x.number, label: x.name, value: x }))),
    ...section('ivrMenu', old.ivrMenus.map((x) => ({ key: x.id, label: x.name, value: x })), next.ivrMenus.map((x) => ({ key: x.id, label: x.name, value: x }))),
    ...section('team', old.teams.map((x) => ({ key: x.id, label: x.name, value: x })), next.teams.map((x) => ({ key: x.id, label: x.name, value: x }))),
  ];
}

const NOUN: Record<EntityKind, string> = {
  site: 'site', numbers: 'numbers', outbound: 'outbound', featureCodes: 'featureCodes', worksCouncilMode: 'worksCouncilMode',
  aggregateMinGroup: 'aggregateMinGroup', absenceReasonReaders: 'absenceReasonReaders',
  trunk: 'trunk', timePlan: 'time plan', user: 'user', hotline: 'hotline', huntGroup: 'hunt group', ivrMenu: 'IVR menu', team: 'team',
};

/**
 * A readable diff, one line per added or removed entity and per changed field:
 * `+ user 3005 (Anna Muster)`, `~ hotline 4100: ringSec 20 -> 25`, `- hunt group 600`.
 */
export function formatDiff(changes: readonly Change[]): string {
  if (changes.length === 0) return 'no changes';
  const lines: string[] = [];
  for (const c of changes) {
    const name = c.key === '' ? NOUN[c.entity] : `${NOUN[c.entity]} ${c.key}`;
    switch (c.op) {
      case 'add': lines.push(`+ ${name}${c.label ? ` (${c.label})` : ''}`); break;
      case 'remove': lines.push(`- ${name}${c.label ? ` (${c.label})` : ''}`); break;
      case 'change':
        for (const f of c.fields) lines.push(`~ ${name}: ${f.path === '' ? '' : `${f.path} `}${f.from} -> ${f.to}`);
        break;
    }
  }
  return lines.join('\n');
}
