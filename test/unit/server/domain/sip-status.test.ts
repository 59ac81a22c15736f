import t from 'tap';
import { REJECT_STATUS, type RejectReason } from '../../../../server/src/domain/sip-status.js';

// RFC 3261 §21 reason phrases, written out here as the independent reference.
const RFC3261: Record<number, string> = {
  403: 'Forbidden', 404: 'Not Found', 480: 'Temporarily Unavailable', 482: 'Loop Detected', 483: 'Too Many Hops',
  484: 'Address Incomplete', 486: 'Busy Here', 503: 'Service Unavailable', 603: 'Decline',
};

void t.test('every reject reason maps to a SIP failure status with its RFC 3261 phrase', async (t) => {
  for (const [reason, { status, phrase }] of Object.entries(REJECT_STATUS) as [RejectReason, { status: number; phrase: string }][]) {
    t.ok(status >= 400 && status < 700, `${reason}: ${status} is a failure status`);
    t.equal(phrase, RFC3261[status], `${reason}: phrase of ${status}`);
  }
});

void t.test('DND, not registered and closed answer alike, so a caller learns nothing (presence.md §5)', async (t) => {
  t.same(REJECT_STATUS['do-not-disturb'], REJECT_STATUS['not-available']);
  t.same(REJECT_STATUS.closed, REJECT_STATUS['not-available']);
  t.equal(REJECT_STATUS.busy.status, 486);
  t.equal(REJECT_STATUS['unknown-number'].status, 404);
});
