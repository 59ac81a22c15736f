/**
 * RFC 4028 session timers as drachtio-server runs them (reference §5.4): as UAC the engine
 * refreshes by itself when the 2xx names the UAC (or nobody) as refresher, re-INVITEing with the
 * stored local SDP at half the interval without telling the app; when the peer should refresh
 * and does not, the engine sends BYE and reports an unsolicited BYE.
 */
import type { SipMessage } from '../message/index.js';
import type { Dialog } from '../dialog/dialog.js';
import type { EngineContext } from './context.js';

/** The UAC services the timers use. */
export interface SessionTimerActions {
  sendInternal(dialog: Dialog, method: string, headers: Array<[string, string]>, body?: string): string;
  byeWithReason(dialog: Dialog, reason: string): void;
}

/** Parses `Session-Expires: 1800;refresher=uac`. */
export function parseSessionExpires(value: string | undefined): { interval: number; refresher: 'uac' | 'uas' | undefined } | undefined {
  if (!value) return undefined;
  const m = /^\s*(\d+)\s*(?:;(.*))?$/.exec(value);
  if (!m) return undefined;
  const r = /refresher\s*=\s*(uac|uas)/i.exec(m[2] ?? '');
  return { interval: Number(m[1]), refresher: r ? (r[1]!.toLowerCase() as 'uac' | 'uas') : undefined };
}

/** Session timer scheduling for all dialogs. */
export class SessionTimers {
  constructor(private readonly ctx: EngineContext, private readonly actions: SessionTimerActions) {}

  /** Our 2xx to an INVITE: honour the app's Session-Expires, or echo an offer that names a refresher. */
  uas(dialog: Dialog, req: SipMessage, res: SipMessage): void {
    const own = parseSessionExpires(res.get('session-expires'));
    if (own) {
      this.arm(dialog, own.interval, own.refresher === 'uas' ? 'us' : 'them');
      return;
    }
    const offer = parseSessionExpires(req.get('session-expires'));
    if (!offer || !offer.refresher) return;
    const interval = Math.max(offer.interval, this.ctx.options.minSessionExpires);
    res.append('session-expires', `${interval};refresher=${offer.refresher}`);
    if (/\btimer\b/i.test(req.get('supported') ?? '') && !/\btimer\b/i.test(res.get('require') ?? '')) res.append('require', 'timer');
    this.arm(dialog, interval, offer.refresher === 'uas' ? 'us' : 'them');
  }

  /** A 2xx to our INVITE: refresher=uac (or none named) makes the engine the refresher. */
  uac(dialog: Dialog, res: SipMessage): void {
    const se = parseSessionExpires(res.get('session-expires'));
    if (!se) {
      this.clear(dialog);
      return;
    }
    this.arm(dialog, se.interval, se.refresher === 'uas' ? 'them' : 'us');
  }

  /** A refresh from the peer arrived: restart the expiry. */
  refreshed(dialog: Dialog): void {
    const st = dialog.sessionTimer;
    if (st && st.refresher === 'them') this.arm(dialog, st.intervalSec, 'them');
  }

  private clear(dialog: Dialog): void {
    dialog.sessionTimer?.cancel?.();
    dialog.sessionTimer = undefined;
  }

  private arm(dialog: Dialog, intervalSec: number, refresher: 'us' | 'them'): void {
    this.clear(dialog);
    if (!(intervalSec > 0)) return;
    const { sched } = this.ctx;
    if (refresher === 'us') {
      const cancel = sched.after((intervalSec * 1000) / 2, () => {
        if (dialog.state === 'terminated' || dialog.outgoingInvite) return;
        const role = dialog.role === 'uac' ? 'uac' : 'uas';
        this.actions.sendInternal(dialog, 'INVITE', [['session-expires', `${intervalSec};refresher=${role}`], ['supported', 'timer']], dialog.localSdp ?? '');
      });
      dialog.sessionTimer = { intervalSec, refresher, cancel };
    } else {
      // RFC 4028 §10: the non-refresher sends BYE "before the session expires", at
      // interval - min(32, interval/3).
      const waitMs = (intervalSec - Math.min(32, intervalSec / 3)) * 1000;
      const cancel = sched.after(waitMs, () => {
        if (dialog.state === 'terminated') return;
        this.actions.byeWithReason(dialog, 'SIP;cause=200;text="Session timer expired"');
      });
      dialog.sessionTimer = { intervalSec, refresher, cancel };
    }
  }
}
