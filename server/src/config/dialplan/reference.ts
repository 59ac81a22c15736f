/**
 * The key reference of docs/dialplan.md, generated from the schema (CONVENTIONS §2.5: the schema is
 * the only definition; docs are derived from it). A test keeps the document in step.
 */
import { z } from 'zod';
import { dialplanFileSchema, TARGET_KEYS } from './schema/index.js';

interface JsonSchema {
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
}

const PATTERNS: Readonly<Record<string, string>> = {
  '^[0-9]{2,8}$': 'internal number',
  '^\\+[1-9][0-9]{3,14}$': 'E.164 number',
  '^[a-z][a-z0-9-]{0,62}$': 'id',
  '^[a-z0-9][a-z0-9_-]*(\\/[a-z0-9][a-z0-9_-]*)*$': 'prompt',
  '^[0-9*#]$': 'digit',
  '^[a-z][a-z0-9-]{0,31}$': 'skill',
};

function isTarget(s: JsonSchema): boolean {
  const keys = Object.keys(s.properties ?? {});
  return keys.length === TARGET_KEYS.length && TARGET_KEYS.every((k) => keys.includes(k));
}

function typeOf(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(' or ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => String(v)).join(' \\| ');
  if (s.type === 'object' && isTarget(s)) return 'target';
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    const key = s.propertyNames?.pattern ? (PATTERNS[s.propertyNames.pattern] ?? 'key') : 'key';
    return `map ${key} → ${typeOf(s.additionalProperties)}`;
  }
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'integer') return s.minimum !== undefined && s.maximum !== undefined ? `integer ${s.minimum}-${s.maximum}` : 'integer';
  if (s.type === 'string' && s.pattern) return PATTERNS[s.pattern] ?? 'string';
  return s.type ?? 'value';
}

function defaultOf(s: JsonSchema): string {
  if (s.default === undefined) return '';
  if (typeof s.default === 'object') return JSON.stringify(s.default) === '{}' ? '' : `\`${JSON.stringify(s.default)}\``;
  return `\`${String(s.default)}\``;
}

function rows(s: JsonSchema, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const path = `${prefix}${key}`;
    const required = s.required?.includes(key) && child.default === undefined ? ' (required)' : '';
    out.push(`| \`${path}\` | ${typeOf(child)}${required} | ${defaultOf(child)} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`);
    const items = child.type === 'array' ? child.items : undefined;
    if (child.type === 'object' && child.properties && !isTarget(child)) out.push(...rows(child, `${path}.`));
    else if (items?.type === 'object' && items.properties && !isTarget(items)) out.push(...rows(items, `${path}[].`));
  }
  return out;
}

/** The reference of every dialplan key as Markdown: one table per top-level section. */
export function dialplanReference(): string {
  const root = z.toJSONSchema(dialplanFileSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const parts: string[] = [];
  for (const [section, schema] of Object.entries(root.properties ?? {})) {
    const body = schema.type === 'array' ? schema.items : schema;
    parts.push(`### \`${section}\`${schema.type === 'array' ? ' (list)' : ''}`, '', schema.description ?? '', '');
    if (body?.properties) {
      parts.push('| key | type | default | meaning |', '|---|---|---|---|', ...rows(body, ''), '');
    } else parts.push(`Type: ${body ? typeOf(body) : 'value'}${defaultOf(schema) ? `, default ${defaultOf(schema)}` : ''}.`, '');
  }
  return parts.join('\n');
}
