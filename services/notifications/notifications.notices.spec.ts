import type { Notice } from './notifications.contract';
import { CLAIM_MS, dueForRetry, NOTICE_MAX_ATTEMPTS, noticeBackoffMs } from './notifications.notices';

const now = 10_000_000_000;
const notice = (status: Notice['status'], claimedAt: number, attempts?: number): Notice => ({
  id: 'o:confirmed',
  orderId: 'o',
  userId: 'u',
  kind: 'confirmed',
  status,
  claimedAt,
  ...(attempts === undefined ? {} : { attempts }),
});

describe('dueForRetry', () => {
  it('takes over a claim only once it has lapsed', () => {
    expect(dueForRetry(notice('sending', now - CLAIM_MS - 1, 1), now)).toBe(true);
    expect(dueForRetry(notice('sending', now - CLAIM_MS + 1, 1), now)).toBe(false);
  });

  it('takes over at once a claim whose holder is gone, never one whose holder lives', () => {
    expect(dueForRetry(notice('sending', now - 1_000, 1), now, () => true)).toBe(true);
    expect(dueForRetry(notice('sending', now - 1_000, 1), now, () => false)).toBe(false);
    expect(dueForRetry(notice('sending', now - 1_000, NOTICE_MAX_ATTEMPTS), now, () => true)).toBe(false);
  });

  it('sends a failed notice again after its backoff, which doubles per attempt up to an hour', () => {
    expect([1, 2, 3, 7, 8, 20].map(noticeBackoffMs)).toEqual([60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000]);
    expect(dueForRetry(notice('failed', now - 60_001, 1), now)).toBe(true);
    expect(dueForRetry(notice('failed', now - 60_001, 2), now)).toBe(false);
    expect(dueForRetry(notice('failed', now - 120_001, 2), now)).toBe(true);
  });

  it('never after the last attempt, never a done notice; a notice from before retries counts as one attempt', () => {
    expect(dueForRetry(notice('failed', 0, NOTICE_MAX_ATTEMPTS), now)).toBe(false);
    expect(dueForRetry(notice('sending', 0, NOTICE_MAX_ATTEMPTS), now)).toBe(false);
    expect(dueForRetry(notice('done', 0, 1), now)).toBe(false);
    expect(dueForRetry(notice('failed', now - 60_001), now)).toBe(true);
  });
});
