/** Table types of the store (Kysely). Times are epoch milliseconds (bigint-safe numbers). */
import type { Generated } from 'kysely';

/** One applied version of the site configuration (the declarative dialplan, credentials as HA1). */
export interface ConfigVersionTable {
  id: Generated<number>;
  yaml: string;
  applied_at: number;
  source: string;
}

/** A registered contact (binding) of a device; written through so a restart keeps registrations. */
export interface BindingTable {
  id: string;
  aor: string;
  extension: string;
  contact: string;
  expires_at: number;
  call_id: string;
  cseq: number;
  protocol: string;
  source_address: string;
  source_port: number;
  received_on: string;
  instance: string | null;
  user_agent: string | null;
  updated_at: number;
}

/** One call record (CDR). */
export interface CallRecordTable {
  id: string;
  call_id: string;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  direction: string;
  caller: string;
  callee: string;
  dialled: string;
  answered_by: string | null;
  status: number | null;
  cause: string | null;
}

/** Per-user state set at run time by feature code, CLI or API (forwarding, DND). */
export interface UserStateTable {
  extension: string;
  dnd: number;
  forwarding: string;
  updated_at: number;
}

/** A logged-in (or recently active) agent's ACD snapshot (RestoredAgent as JSON). */
export interface AgentStateTable {
  extension: string;
  snapshot: string;
  updated_at: number;
}

/** One hotline event: queued, offered, answered, abandoned, overflowed, callback, login, … */
export interface HotlineLogTable {
  id: Generated<number>;
  at: number;
  hotline: string;
  event: string;
  call_id: string | null;
  caller: string | null;
  agent: string | null;
  detail: string | null;
}

/** All tables. */
export interface Database {
  config_versions: ConfigVersionTable;
  bindings: BindingTable;
  call_records: CallRecordTable;
  user_state: UserStateTable;
  agent_state: AgentStateTable;
  hotline_log: HotlineLogTable;
}
