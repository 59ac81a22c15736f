/**
 * Call records (issue 3 item 4): every call writes start, answer, end, parties and cause to the
 * store, and the same facts go on the bus as call.* events. Store writes are ordered per call
 * and never block call handling; a failed write is logged as our error.
 */
import type { Logger } from 'pino';
import type { Db } from '../../store/db.js';
import { insertCallRecord, updateCallRecord } from '../../store/repos/call-records-repo.js';
import type { EventBus } from '../../events/bus.js';
import { randomUUID } from 'node:crypto';

/** What is known when a call starts. */
export interface CallStart {
  readonly callId: string;
  readonly caller: string;
  readonly dialled: string;
  readonly callee: string;
  readonly direction: 'internal' | 'inbound' | 'outbound';
}

/** Handle of one recorded call. */
export interface RecordedCall {
  readonly id: string;
  answered(by: string): void;
  ended(cause: string, status: number | null): void;
}

/** Writes call records and emits call events. */
export class CallRecorder {
  constructor(private readonly db: Db, private readonly bus: EventBus, private readonly log: Logger, private readonly now: () => number) {}

  /** Records the start of a call. */
  start(c: CallStart): RecordedCall {
    const id = randomUUID();
    const ev = { callId: c.callId, caller: c.caller, dialled: c.dialled, direction: c.direction };
    let chain = insertCallRecord(this.db, {
      id, call_id: c.callId, started_at: this.now(), answered_at: null, ended_at: null, direction: c.direction,
      caller: c.caller, callee: c.callee, dialled: c.dialled, answered_by: null, status: null, cause: null,
    }).catch((err: unknown) => this.log.error({ err }, 'call record insert failed'));
    const write = (patch: Parameters<typeof updateCallRecord>[2]) => {
      chain = chain.then(() => updateCallRecord(this.db, id, patch)).catch((err: unknown) => this.log.error({ err }, 'call record update failed'));
    };
    this.bus.emit('call.started', ev);
    let answered = false;
    let ended = false;
    return {
      id,
      answered: (by) => {
        if (answered || ended) return;
        answered = true;
        write({ answered_at: this.now(), answered_by: by });
        this.bus.emit('call.answered', { ...ev, answeredBy: by });
      },
      ended: (cause, status) => {
        if (ended) return;
        ended = true;
        write({ ended_at: this.now(), cause, status });
        this.bus.emit('call.ended', { ...ev, cause, status });
      },
    };
  }
}
