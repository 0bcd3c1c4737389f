import { randomBytes } from 'node:crypto';
import { ConditionFailedError, UniqueConflictError, VersionConflictError } from '../../mixins/store/store.errors';
import type { Store, WriteOp } from '../../mixins/store/store.types';
import type { Money } from './payments.contract';
import {
  ProviderError,
  type AuthorizeOutcome,
  type AuthorizeRequest,
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentProvider,
  type ProviderStatus,
} from './payments.provider';
import { chargeStep, decideByToken, declineCode, targetOf, type ChargeOperation } from './sandbox.decision';

/** The provider's side of a charge. It lives in the payments store only for convenience: we never write it. */
export type SandboxCharge = {
  id: string;
  orderId: string;
  status: ProviderStatus;
  amount: number;
  currency: string;
  refundRef?: string;
  createdAt: number;
  updatedAt: number;
  version?: number;
};

/** The provider's memory of idempotency keys: the first answer given for each. */
type SandboxRequest = { id: string; operation: string; providerRef: string; response: unknown; at: number };

const ATTEMPTS = 5;
const ref = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lostRace = (err: unknown) => err instanceof ConditionFailedError || err instanceof VersionConflictError;
const keyTaken = (err: unknown) => err instanceof UniqueConflictError && (err.data as { opIndex?: number }).opIndex === 0;

/**
 * A provider that behaves like an external one: its own charges, its own rules, and idempotency
 * by key. A charge is recorded before the answer goes out, so a slow answer or a crash on our side
 * after the call still leaves exactly one charge, which the same key finds again. Repeated keys
 * answer at once; only provider errors (5xx) are not remembered, as nothing happened.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox';

  constructor(
    private readonly store: Store,
    private readonly slowMs: number,
  ) {}

  private charges() {
    return this.store.collection<SandboxCharge>('sandbox_charges');
  }

  private requests() {
    return this.store.collection<SandboxRequest>('sandbox_requests');
  }

  private async replay<T>(key: string, operation: string): Promise<T | undefined> {
    const prior = await this.requests().get(key);
    if (!prior) return undefined;
    if (prior.operation !== operation)
      throw new ProviderError('key_reused', 'Idempotency key already used for another operation');
    return prior.response as T;
  }

  private remember(key: string, operation: string, providerRef: string, response: unknown): WriteOp {
    return {
      op: 'insert',
      collection: 'sandbox_requests',
      doc: { id: key, operation, providerRef, response: response as never, at: Date.now() },
    };
  }

  async authorize(req: AuthorizeRequest): Promise<AuthorizeOutcome> {
    const prior = await this.replay<AuthorizeOutcome>(req.idempotencyKey, 'authorize');
    if (prior) return prior;
    const decision = decideByToken(req.token);
    if (decision === 'error') throw new ProviderError('unavailable', 'Sandbox: provider unavailable (simulated 503)');
    const providerRef = ref('ch');
    const now = Date.now();
    const declined = decision === 'decline' || decision === 'unknown';
    const response: AuthorizeOutcome = declined
      ? { outcome: 'declined', providerRef, code: declineCode(decision) }
      : { outcome: 'approved', providerRef, status: 'authorized' };
    const charge: SandboxCharge = {
      id: providerRef,
      orderId: req.orderId,
      status: declined ? 'declined' : 'authorized',
      amount: req.amount.amount,
      currency: req.amount.currency,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.store.atomic([
        this.remember(req.idempotencyKey, 'authorize', providerRef, response),
        { op: 'insert', collection: 'sandbox_charges', doc: charge },
      ]);
    } catch (err) {
      if (!keyTaken(err)) throw err;
      return (await this.replay<AuthorizeOutcome>(req.idempotencyKey, 'authorize'))!;
    }
    if (decision === 'slow') await sleep(this.slowMs);
    return response;
  }

  capture(req: ChargeRequest): Promise<ChargeOutcome> {
    return this.operate('capture', req);
  }

  void(req: ChargeRequest): Promise<ChargeOutcome> {
    return this.operate('void', req);
  }

  refund(req: ChargeRequest): Promise<ChargeOutcome> {
    return this.operate('refund', req);
  }

  async status(providerRef: string): Promise<ProviderStatus | null> {
    return (await this.charges().get(providerRef))?.status ?? null;
  }

  /** What a change made at the provider (its dashboard, an expiry) does: no key, no questions. For tests and demos. */
  async simulate(providerRef: string, status: ProviderStatus): Promise<SandboxCharge | null> {
    const extra = status === 'refunded' ? { refundRef: ref('re') } : {};
    return this.charges().update(providerRef, { $set: { status, updatedAt: Date.now(), ...extra } });
  }

  private async operate(op: ChargeOperation, req: ChargeRequest): Promise<ChargeOutcome> {
    const prior = await this.replay<ChargeOutcome>(req.idempotencyKey, op);
    if (prior) return prior;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const charge = await this.charges().get(req.providerRef);
      if (!charge) throw new ProviderError('not_found', 'Sandbox: no such charge');
      const amount: Money = { amount: charge.amount, currency: charge.currency };
      const step = chargeStep(charge.status, op);
      if (step === 'invalid') throw new ProviderError('invalid_state', `Sandbox: cannot ${op} a charge that is ${charge.status}`);
      if (step === 'done') return { providerRef: charge.id, status: charge.status, amount, refundRef: charge.refundRef };
      const refundRef = op === 'refund' ? ref('re') : undefined;
      const response: ChargeOutcome = {
        providerRef: charge.id,
        status: targetOf(op),
        amount,
        ...(refundRef ? { refundRef } : {}),
      };
      try {
        await this.store.atomic([
          this.remember(req.idempotencyKey, op, charge.id, response),
          {
            op: 'update',
            collection: 'sandbox_charges',
            id: charge.id,
            expectVersion: charge.version,
            change: { $set: { status: targetOf(op), updatedAt: Date.now(), ...(refundRef ? { refundRef } : {}) } },
          },
        ]);
        return response;
      } catch (err) {
        if (keyTaken(err)) return (await this.replay<ChargeOutcome>(req.idempotencyKey, op))!;
        if (!lostRace(err)) throw err;
      }
    }
    throw new ProviderError('unavailable', 'Sandbox: too many concurrent changes to one charge');
  }
}
