/**
 * Dialog state (RFC 3261 §12) as drachtio-server keeps it (reference §5.4): ids, tags, CSeqs,
 * remote target, route set, transport, owning app connection, SDP and session timer.
 */
import type { Cancel } from '../../../common/scheduler.js';
import type { Target } from '../transport/types.js';
import type { InviteServerTransaction } from '../transaction/server.js';
import type { ClientTransaction } from '../transaction/client.js';

/** The app connection that owns a dialog or transaction (see control/). */
export interface AppLink {
  readonly id: number;
  readonly alive: boolean;
  /** Sends a control frame payload (leader, optionally CRLF and SIP text). */
  send(payload: string): void;
}

/** RFC 4028 session timer state of a dialog. */
export interface SessionTimer {
  intervalSec: number;
  /** Who refreshes: us (the engine re-INVITEs) or them (we expect refreshes). */
  refresher: 'us' | 'them';
  cancel: Cancel | undefined;
}

/** One dialog (INVITE or SUBSCRIBE usage) where the engine is a UA on behalf of an app. */
export class Dialog {
  /** drachtio dialog id: `Call-ID;from-tag=<From tag of the dialog-creating request>`. */
  readonly id: string;
  state: 'early' | 'confirmed' | 'terminated' = 'early';
  remoteTag: string;
  localSeq: number;
  remoteSeq: number;
  remoteTarget: string;
  routeSet: string[];
  /** Target for in-dialog requests: transport, and a NAT route when the Contact lies (§5.5). */
  target: Target;
  localSdp: string | undefined;
  remoteSdp: string | undefined;
  /** UAS: the INVITE server transaction whose 2xx awaits its ACK (initial or re-INVITE). */
  pendingAck: { txn: InviteServerTransaction; txnId: string; initial: boolean } | undefined;
  /** UAS: an incoming re-INVITE has not been answered yet. */
  incomingInvitePending = false;
  /** UAC: our own (re-)INVITE client transaction still waiting for a final response. */
  outgoingInvite: ClientTransaction | undefined;
  /** CSeq number of the last INVITE we sent (for the ACK). */
  lastInviteSeq = 0;
  /** The ACK we sent for the last 2xx, re-sent when that 2xx is retransmitted. */
  lastAck: { text: string; seq: number } | undefined;
  /** The app CANCELled the INVITE, yet a 2xx arrived: BYE after the app's ACK (reference §4.4). */
  cancelledByApp = false;
  sessionTimer: SessionTimer | undefined;
  /** For SUBSCRIBE dialogs: the Event package. */
  event: string | undefined;

  constructor(
    readonly kind: 'invite' | 'subscribe',
    readonly role: 'uac' | 'uas',
    readonly callId: string,
    readonly localTag: string,
    remoteTag: string,
    /** From/To header value (without tag) that names us in this dialog. */
    readonly localUri: string,
    /** From/To header value (without tag) that names the peer. */
    readonly remoteUri: string,
    readonly localContact: string,
    public app: AppLink,
    init: { localSeq: number; remoteSeq: number; remoteTarget: string; routeSet: string[]; target: Target },
  ) {
    this.remoteTag = remoteTag;
    this.id = `${callId};from-tag=${role === 'uac' ? localTag : remoteTag}`;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.target = init.target;
  }

  /** Key for matching incoming in-dialog requests: Call-ID, our tag, their tag. */
  get tagKey(): string {
    return tagKey(this.callId, this.localTag, this.remoteTag);
  }
}

/** The tag key of an incoming request: Call-ID, To tag (ours), From tag (theirs). */
export function tagKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}

/** All dialogs, by drachtio id and by tag key. */
export class DialogStore {
  private readonly byId = new Map<string, Dialog>();
  private readonly byTags = new Map<string, Dialog>();
  private readonly byCall = new Map<string, Dialog>();

  get size(): number {
    return this.byId.size;
  }

  add(d: Dialog): void {
    this.byId.set(d.id, d);
    this.byTags.set(d.tagKey, d);
    this.byCall.set(d.callId, d);
  }

  /** The (latest) dialog with this Call-ID. */
  byCallId(callId: string): Dialog | undefined {
    return this.byCall.get(callId);
  }

  get(id: string): Dialog | undefined {
    return this.byId.get(id);
  }

  findByTags(callId: string, localTag: string, remoteTag: string): Dialog | undefined {
    return this.byTags.get(tagKey(callId, localTag, remoteTag));
  }

  /** Re-indexes a dialog whose remote tag became known (UAC early dialog). */
  retag(d: Dialog, remoteTag: string): void {
    if (this.byTags.get(d.tagKey) === d) this.byTags.delete(d.tagKey);
    d.remoteTag = remoteTag;
    this.byTags.set(d.tagKey, d);
  }

  remove(d: Dialog): void {
    d.state = 'terminated';
    d.sessionTimer?.cancel?.();
    if (this.byId.get(d.id) === d) this.byId.delete(d.id);
    if (this.byTags.get(d.tagKey) === d) this.byTags.delete(d.tagKey);
    if (this.byCall.get(d.callId) === d) this.byCall.delete(d.callId);
  }

  /** Every dialog owned by an app connection. */
  ownedBy(app: AppLink): Dialog[] {
    return [...this.byId.values()].filter((d) => d.app === app);
  }

  all(): IterableIterator<Dialog> {
    return this.byId.values();
  }
}
