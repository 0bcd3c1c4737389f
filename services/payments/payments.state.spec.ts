import { PAYMENT_STATUSES, type PaymentStatus } from './payments.contract';
import { EVENT_OF, fromProviderStatus, reachable, verdict, WEBHOOK_STATUS } from './payments.state';

const LEGAL: [PaymentStatus | undefined, PaymentStatus][] = [
  [undefined, 'AUTHORIZED'],
  [undefined, 'DECLINED'],
  [undefined, 'FAILED'],
  [undefined, 'VOIDED'],
  ['FAILED', 'AUTHORIZED'],
  ['FAILED', 'DECLINED'],
  ['FAILED', 'FAILED'],
  ['FAILED', 'VOIDED'],
  ['AUTHORIZED', 'CAPTURED'],
  ['AUTHORIZED', 'VOIDED'],
  ['CAPTURED', 'PARTIALLY_REFUNDED'],
  ['CAPTURED', 'REFUNDED'],
  ['PARTIALLY_REFUNDED', 'REFUNDED'],
];

describe('payment state machine', () => {
  it('allows exactly the listed transitions; a repeat of a status is done, not a change', () => {
    for (const from of [undefined, ...PAYMENT_STATUSES]) {
      for (const to of PAYMENT_STATUSES) {
        const legal = LEGAL.some(([f, t]) => f === from && t === to);
        const expected = legal ? 'apply' : from === to ? 'done' : 'illegal';
        expect([from, to, verdict(from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('capture and void have one origin each; a refund completes a captured or partly refunded payment', () => {
    expect(PAYMENT_STATUSES.filter((s) => verdict(s, 'CAPTURED') === 'apply')).toEqual(['AUTHORIZED']);
    expect(PAYMENT_STATUSES.filter((s) => verdict(s, 'REFUNDED') === 'apply')).toEqual(['CAPTURED', 'PARTIALLY_REFUNDED']);
    expect(PAYMENT_STATUSES.filter((s) => verdict(s, 'VOIDED') === 'apply')).toEqual(['AUTHORIZED', 'FAILED']);
  });

  it('reachable follows several steps but never leaves a terminal status', () => {
    expect(reachable('AUTHORIZED', 'REFUNDED')).toBe(true);
    expect(reachable('FAILED', 'REFUNDED')).toBe(true);
    expect(reachable('CAPTURED', 'VOIDED')).toBe(false);
    expect(reachable('AUTHORIZED', 'DECLINED')).toBe(false);
    for (const terminal of ['VOIDED', 'REFUNDED', 'DECLINED'] as const)
      expect(PAYMENT_STATUSES.filter((to) => reachable(terminal, to))).toEqual([]);
  });

  it('maps provider statuses and webhook types onto ours; refunds publish per refund, FAILED nothing', () => {
    expect(fromProviderStatus('refunded')).toBe('REFUNDED');
    expect(fromProviderStatus('partially_refunded')).toBe('PARTIALLY_REFUNDED');
    expect(fromProviderStatus(WEBHOOK_STATUS['charge.captured'])).toBe('CAPTURED');
    expect(PAYMENT_STATUSES.filter((s) => !EVENT_OF[s])).toEqual(['PARTIALLY_REFUNDED', 'REFUNDED', 'FAILED']);
  });
});
