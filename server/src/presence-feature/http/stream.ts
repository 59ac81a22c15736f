/**
 * The presence event stream of one logged-in viewer over a WebSocket: a snapshot, then one
 * message per visible change. Each change is projected for this viewer and sent only when
 * `notifyNeeded` says the viewer's JSON changes, so a hidden fact (internal to external, hold,
 * a second call, an absence reason) produces no event at all (reference §5.3 test 9). Every
 * message is validated against the strict schema before it is sent (test 11).
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Projection, UserKey, ViewerIdentity } from '../../presence/index.js';
import { notifyNeeded } from '../../presence/index.js';
import type { PresenceHub } from '../hub.js';
import { streamMessage } from './schemas.js';
import type { StreamMessage } from './schemas.js';
import type { PresenceViews } from './views.js';

/** Runs the stream of one connection until it closes. */
export function runStream(socket: WebSocket, viewer: ViewerIdentity, deps: { hub: PresenceHub; views: PresenceViews; now: () => number; log: Logger; onRules: (fn: () => void) => () => void; alive: () => boolean }): void {
  const last = new Map<UserKey, Projection>();
  const send = (m: StreamMessage) => {
    const checked = streamMessage.safeParse(m);
    if (!checked.success) {
      deps.log.error({ issues: checked.error.issues.map((i) => i.path.join('.')) }, 'presence event failed its schema; not sent');
      return;
    }
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(checked.data));
  };
  const consider = (user: UserKey): void => {
    if (user === viewer.user) return;
    if (!deps.alive()) {
      socket.close(4401, 'session ended');
      return;
    }
    const p = deps.views.project(viewer, user);
    const prev = last.get(user);
    if (p.kind === 'refused') {
      if (prev && prev.kind === 'visible') send({ type: 'removed', at: deps.now(), user });
      last.delete(user);
      return;
    }
    if (!notifyNeeded(prev, p)) return;
    last.set(user, p);
    const entry = deps.views.entry(viewer, p);
    if (entry) send({ type: 'presence', at: deps.now(), presence: entry });
  };
  const users: ReturnType<PresenceViews['list']> = [];
  for (const entry of deps.views.list(viewer)) {
    last.set(entry.user, deps.views.project(viewer, entry.user));
    users.push(entry);
  }
  send({ type: 'snapshot', at: deps.now(), users });
  const offChange = deps.hub.onChange(consider);
  const offRules = deps.onRules(() => {
    for (const user of new Set([...last.keys(), ...deps.views.list(viewer).map((e) => e.user)])) consider(user);
  });
  socket.on('close', () => {
    offChange();
    offRules();
  });
  // The panel sends nothing; anything it sends is ignored.
  socket.on('message', () => undefined);
}
