import { randomBytes } from 'node:crypto';
import { Errors, ServiceBroker, type ServiceSchema } from 'moleculer';
import { checkIdempotence } from './idempotence.domain';
import { IdempotentRetryMiddleware } from './retry.middleware';

const brokerOn = (namespace: string, nodeID: string) =>
  new ServiceBroker({
    namespace,
    nodeID,
    transporter: { type: 'NATS', options: { url: 'nats://127.0.0.1:4222' } },
    logger: false,
    retryPolicy: {
      enabled: true,
      retries: 2,
      delay: 10,
      maxDelay: 50,
      factor: 2,
      check: (e) => (e as Errors.MoleculerRetryableError).retryable === true,
    },
    internalMiddlewares: false,
    middlewares: ['Timeout', IdempotentRetryMiddleware],
  });

describe('retries follow each action declaration', () => {
  it('refuses a service whose action does not declare idempotent, naming the action and what to add', () => {
    expect(() => checkIdempotence('x.a', undefined)).toThrow(/x\.a does not declare idempotent: add `idempotent: true`/);
    expect(() => checkIdempotence('x.a', 'yes')).toThrow(/invalid idempotent declaration/);
    const broker = new ServiceBroker({ logger: false, middlewares: [IdempotentRetryMiddleware] });
    expect(() => broker.createService({ name: 'x', actions: { a: { handler: () => 1 } } })).toThrow(
      /Action x\.a does not declare idempotent/,
    );
  });

  it('a timed-out call is retried on the caller node only for an action declared idempotent', async () => {
    const ns = `retry-${randomBytes(4).toString('hex')}`;
    const calls = { write: 0, read: 0 };
    const slow: ServiceSchema = {
      name: 'slow',
      actions: {
        write: { idempotent: false, handler: () => (calls.write++, new Promise((r) => setTimeout(r, 300))) },
        read: { idempotent: true, handler: () => (calls.read++, new Promise((r) => setTimeout(r, 300))) },
      },
    };
    const callee = brokerOn(ns, 'callee');
    const caller = brokerOn(ns, 'caller');
    callee.createService(slow);
    try {
      await Promise.all([callee.start(), caller.start()]);
      await caller.waitForServices('slow', 10_000);
      await expect(caller.call('slow.write', {}, { timeout: 100 })).rejects.toBeInstanceOf(Errors.RequestTimeoutError);
      // A call-level `retries` does not make a non-idempotent action retried either.
      await expect(caller.call('slow.write', {}, { timeout: 100, retries: 3 })).rejects.toBeInstanceOf(
        Errors.RequestTimeoutError,
      );
      await expect(caller.call('slow.read', {}, { timeout: 100 })).rejects.toBeInstanceOf(Errors.RequestTimeoutError);
      await new Promise((r) => setTimeout(r, 400));
      expect(calls).toEqual({ write: 2, read: 3 });
    } finally {
      await Promise.all([caller.stop(), callee.stop()]);
    }
  });
});
