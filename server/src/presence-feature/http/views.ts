/**
 * What a logged-in viewer sees through the API, the stream and the panel: the projection of
 * each user the viewer may watch, rendered by `renderPresenceJson`, plus the directory name.
 * The user's own facts are a separate view that only the user gets (§5.2 "ME").
 */
import type { SiteConfig } from '../../config/dialplan/index.js';
import type { Projection, UserKey, ViewerIdentity } from '../../presence/index.js';
import { projectPresence, renderPresenceJson } from '../../presence/index.js';
import type { PresenceHub } from '../hub.js';
import { rulesOf } from '../hub.js';
import type { PickupTokens } from '../sip/pickup-tokens.js';
import type { Session } from './sessions.js';
import type { z } from 'zod';
import type { ownView, presenceEntry } from './schemas.js';

/** One entry of the presence list. */
export type PresenceEntry = z.infer<typeof presenceEntry>;
/** The user's own view. */
export type OwnView = z.infer<typeof ownView>;

/** Builds the views. */
export class PresenceViews {
  constructor(private readonly deps: { readonly hub: PresenceHub; readonly site: () => SiteConfig; readonly now: () => number; readonly tokens: PickupTokens }) {}

  /** The viewer identity of a session. */
  viewerOf(s: Session): ViewerIdentity {
    return { user: s.extension, roles: s.roles };
  }

  /** The projection of `user` for `viewer` on the API channel. */
  project(viewer: ViewerIdentity, user: UserKey): Projection {
    return projectPresence(this.deps.hub.facts(user), { ...viewer, channel: 'api' }, rulesOf(this.deps.site()), this.deps.now());
  }

  /** The entry a projection renders to, or undefined for a refusal. */
  entry(viewer: ViewerIdentity, p: Projection): PresenceEntry | undefined {
    if (p.kind === 'refused') return undefined;
    const json = renderPresenceJson(p, p.pickup ? this.deps.tokens.tokenFor(viewer.user, p.user) : undefined);
    return { ...json, name: this.nameOf(p.user) };
  }

  /** Every other user the viewer may watch, in extension order. */
  list(viewer: ViewerIdentity): PresenceEntry[] {
    const out: PresenceEntry[] = [];
    for (const u of this.deps.site().users) {
      if (u.extension === viewer.user) continue;
      const e = this.entry(viewer, this.project(viewer, u.extension));
      if (e) out.push(e);
    }
    return out;
  }

  /** The display name of a user. */
  nameOf(user: UserKey): string {
    return this.deps.site().index.users.get(user)?.name ?? user;
  }

  /** Whether the user is the operator (switchboard) of any team. */
  isOperator(user: UserKey): boolean {
    return this.deps.site().teams.some((t) => (t.operators as readonly string[]).includes(user));
  }

  /** The user's own facts, for the user only. */
  own(user: UserKey): OwnView {
    const f = this.deps.hub.facts(user);
    const p = this.project({ user }, user);
    return {
      user, name: this.nameOf(user), state: p.kind === 'visible' ? p.state : 'unreachable', dnd: f.dnd,
      manual: { status: f.manual.status, note: f.manual.note, shareNote: f.manual.shareNote },
      absences: f.absences.map((a) => ({ id: a.id, reason: a.reason, from: a.from, until: a.until })),
      substitute: f.substitute, devices: f.devices.registered,
      calls: f.calls.map((c) => ({ state: c.state, direction: c.direction, scope: c.scope })),
    };
  }
}
