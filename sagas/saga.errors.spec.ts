import { Errors } from 'moleculer';
import { SagaBusinessError, StepDeadlineError, classify, refusedWith, withDeadline } from './saga.errors';

const err = (props: Record<string, unknown>) => Object.assign(new Error('x'), props);

describe('failure classification', () => {
  it('refusals (4xx not marked retryable, or a step failing itself) are business failures; the rest is retried', () => {
    expect(classify(err({ code: 409, type: 'INSUFFICIENT_STOCK' }))).toMatchObject({
      business: true,
      code: 409,
      type: 'INSUFFICIENT_STOCK',
    });
    expect(classify(err({ code: 402, type: 'PAYMENT_DECLINED' })).business).toBe(true);
    expect(classify(err({ code: 422 })).business).toBe(true);
    expect(classify(new SagaBusinessError('stop', 'WHY'))).toEqual({ message: 'stop', type: 'WHY', business: true });
    // Moleculer's "service not found" is a 404 marked retryable: the participant may just be starting.
    expect(classify(err({ code: 404, retryable: true })).business).toBe(false);
    expect(classify(err({ code: 502, type: 'PAYMENT_PROVIDER_ERROR', retryable: true })).business).toBe(false);
    expect(classify(err({ code: 500 })).business).toBe(false);
    expect(classify(err({ code: 'ECONNREFUSED' })).business).toBe(false);
    expect(classify(new StepDeadlineError('pay', 5)).business).toBe(false);
    expect(classify(new TypeError('bug')).business).toBe(false);
    expect(classify(err({ message: 'm'.repeat(2_000), code: 500 })).message).toHaveLength(500);
  });

  it('refusedWith matches status and, when given, the error type', () => {
    expect(refusedWith(err({ code: 409, type: 'A' }), 409)).toBe(true);
    expect(refusedWith(err({ code: 409, type: 'A' }), 409, ['B'])).toBe(false);
    expect(refusedWith(err({ code: 404 }), 409)).toBe(false);
    expect(refusedWith(undefined, 409)).toBe(false);
  });

  it('an unreachable or silent participant is an outage, never "nothing to undo", though Moleculer says 404', () => {
    const down = new Errors.ServiceNotAvailableError({ action: 'inventory.release' });
    const unknown = new Errors.ServiceNotFoundError({ action: 'inventory.release' });
    const wire = { message: 'gone', code: 404, type: 'SERVICE_NOT_AVAILABLE', retryable: true };
    for (const e of [down, unknown, wire, new Errors.RequestTimeoutError({ action: 'a', nodeID: 'n' })]) {
      expect(refusedWith(e, 404)).toBe(false);
      expect(refusedWith(e, e.code as number)).toBe(false);
      expect(classify(e)).toMatchObject({ business: false, outage: true });
    }
    expect(classify(new StepDeadlineError('pay', 5))).toMatchObject({ business: false, outage: true });
    // The participant's own "no such reservation" is still a refusal.
    const missing = new Errors.MoleculerClientError('Reservation not found', 404, 'NOT_FOUND');
    expect(refusedWith(missing, 404)).toBe(true);
    expect(classify(missing)).toMatchObject({ business: true });
    expect(classify(missing).outage).toBeUndefined();
  });

  it('withDeadline rejects a slow try with a retryable 504 and leaves a fast one alone', async () => {
    await expect(withDeadline(new Promise(() => undefined), 20, 'slow-step')).rejects.toMatchObject({
      code: 504,
      type: 'STEP_DEADLINE',
      retryable: true,
      message: 'slow-step exceeded its 20 ms deadline',
    });
    await expect(withDeadline(Promise.resolve(7), 1_000, 'fast')).resolves.toBe(7);
    // The abandoned work failing later must not surface as an unhandled rejection.
    await expect(
      withDeadline(new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 30)), 5, 'x'),
    ).rejects.toThrow('deadline');
    await new Promise((r) => setTimeout(r, 40));
  });
});
