/** What API commands may see of the engine. */
import type { SessionRateFigures } from '../channel/session-throttle.js';
import type { Channel } from '../channel/channel.js';
import type { EngineIdentity } from '../events/index.js';

/** The engine facts and operations API commands use. */
export interface ApiHost {
  readonly identity: EngineIdentity;
  /** Wall-clock milliseconds when the engine started. */
  readonly startedMs: number;
  nowMs(): number;
  /** Live channels, oldest first. */
  channels(): readonly Channel[];
  channel(uuid: string): Channel | undefined;
  /** The sofia profile `sofia status` reports (fsmrf parses this line). */
  readonly sofia: { readonly profileName: string; readonly ip: string; readonly port: number };
  readonly maxSessions: number;
  /** The sessions-per-second figures. */
  readonly sessionRate: () => SessionRateFigures;
  sessionsSinceStartup(): number;
  peakSessions(): number;
  /** Idle CPU percentage, as HEARTBEAT and `status` report it. */
  idleCpu(): number;
  readonly globalVars: Map<string, string>;
}
