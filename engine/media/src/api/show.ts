/**
 * `show channels|calls [count] [as json|xml|delim <d>]` in FreeSWITCH's output shapes: a CSV
 * table (title row only when there are rows) ending in `\n<N> total.\n`, or
 * `{"row_count":N,"rows":[…]}` (`{"row_count": 0}` for none).
 */
import type { ApiHost } from './api-host.js';

const CHANNEL_COLUMNS = [
  'uuid', 'direction', 'created', 'created_epoch', 'name', 'state', 'cid_name', 'cid_num', 'ip_addr', 'dest',
  'application', 'application_data', 'dialplan', 'context', 'read_codec', 'read_rate', 'read_bit_rate', 'write_codec',
  'write_rate', 'write_bit_rate', 'secure', 'hostname', 'presence_id', 'presence_data', 'accountcode', 'callstate',
  'callee_name', 'callee_num', 'callee_direction', 'call_uuid', 'sent_callee_name', 'sent_callee_num',
  'initial_cid_name', 'initial_cid_num', 'initial_ip_addr', 'initial_dest', 'initial_dialplan', 'initial_context',
] as const;

const CALL_COLUMNS = [
  'uuid', 'direction', 'created', 'created_epoch', 'name', 'state', 'cid_name', 'cid_num', 'ip_addr', 'dest',
  'presence_id', 'presence_data', 'accountcode', 'callstate', 'callee_name', 'callee_num', 'callee_direction',
  'call_uuid', 'hostname', 'sent_callee_name', 'sent_callee_num', 'b_uuid', 'b_direction', 'b_created',
  'b_created_epoch', 'b_name', 'b_state', 'b_cid_name', 'b_cid_num', 'b_ip_addr', 'b_dest', 'b_presence_id',
  'b_presence_data', 'b_accountcode', 'b_callstate', 'b_callee_name', 'b_callee_num', 'b_callee_direction',
  'b_sent_callee_name', 'b_sent_callee_num', 'call_created_epoch',
] as const;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function localStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function rows(host: ApiHost, calls: boolean): Array<Record<string, string>> {
  return host.channels().map((c) => {
    const createdMs = c.profile.times.created / 1000;
    const codec = c.rtp.media?.codec ?? 'PCMU';
    const base: Record<string, string> = {
      uuid: c.uuid,
      direction: c.profile.direction,
      created: localStamp(createdMs),
      created_epoch: `${Math.floor(createdMs / 1000)}`,
      name: c.name,
      state: c.state,
      cid_name: c.profile.callerIdName,
      cid_num: c.profile.callerIdNumber ?? '',
      ip_addr: c.profile.networkAddr,
      dest: c.profile.destinationNumber,
      application: c.vars.get('current_application') ?? '',
      application_data: c.vars.get('current_application_data') ?? '',
      dialplan: c.profile.dialplan,
      context: c.profile.context,
      read_codec: codec,
      read_rate: '8000',
      read_bit_rate: '64000',
      write_codec: codec,
      write_rate: '8000',
      write_bit_rate: '64000',
      hostname: host.identity.hostname,
      callstate: c.callState,
      call_uuid: c.uuid,
      initial_cid_name: c.profile.callerIdName,
      initial_cid_num: c.profile.callerIdNumber ?? '',
      initial_ip_addr: c.profile.networkAddr,
      initial_dest: c.profile.destinationNumber,
      initial_dialplan: c.profile.dialplan,
      initial_context: c.profile.context,
      call_created_epoch: `${Math.floor(createdMs / 1000)}`,
    };
    const columns: readonly string[] = calls ? CALL_COLUMNS : CHANNEL_COLUMNS;
    return Object.fromEntries(columns.map((k) => [k, base[k] ?? '']));
  });
}

/** Implements `show`. */
export function showChannels(host: ApiHost, args: string): string {
  const argv = args.trim().split(/\s+/).filter((w) => w !== '');
  const what = argv[0]?.toLowerCase();
  if (what !== 'channels' && what !== 'calls') {
    return '-USAGE: codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match string>]|calls|detailed_calls|bridged_calls|detailed_bridged_calls|aliases|complete|chat|management|modules|nat_map|say|interfaces|interface_types|tasks|limits\n';
  }
  const asAt = argv.findIndex((w) => w.toLowerCase() === 'as');
  const format = asAt >= 0 ? (argv[asAt + 1] ?? 'delim').toLowerCase() : 'delim';
  const delimiter = format === 'delim' && asAt >= 0 ? argv[asAt + 2] ?? ',' : ',';
  const list = rows(host, what === 'calls');
  if (argv[1]?.toLowerCase() === 'count') return `\n${list.length} total.\n`;
  if (format === 'json') {
    return list.length === 0 ? '{"row_count": 0}\n' : JSON.stringify({ row_count: list.length, rows: list });
  }
  if (format === 'xml') {
    if (list.length === 0) return '<result row_count="0"/>\n';
    const body = list.map((r, i) => `  <row row_id="${i + 1}">\n${Object.entries(r).map(([k, v]) => `    <${k}>${v}</${k}>\n`).join('')}  </row>\n`).join('');
    return `<result row_count="${list.length}">\n${body}</result>\n`;
  }
  if (list.length === 0) return '\n0 total.\n';
  const columns = Object.keys(list[0] as Record<string, string>);
  return `${columns.join(delimiter)}\n${list.map((r) => columns.map((k) => r[k]).join(delimiter)).join('\n')}\n\n${list.length} total.\n`;
}
