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
import { chargeStep, decideByToken, declineCode, refundStep, targetOf, type ChargeOperation } from './sandbox.decision';

/** The provider's side of a charge. It lives in the payments store only for convenience: we never write it. */
export type SandboxCharge = {
  id: string;
  orderId: string;
  status: ProviderStatus;
  amount: number;
  currency: string;
  refundRef?: string;
  refunded?: number;
  createdAt: number;
  updatedAt: number;
  version?: number;
};

/** The provider's memory of idempotency keys: the first answer given for each. */
type SandboxRequest = { id: string; operation: string; providerRef: string; response: unknown; at: number };

/** Enough for a burst of concurrent refunds of one charge: each lost race means another refund went through. */
const ATTEMPTS = 25;
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
    return this.operate('capture', req, statusStep('capture'));
  }

  void(req: ChargeRequest): Promise<ChargeOutcome> {
    return this.operate('void', req, statusStep('void'));
  }

  refund(req: ChargeRequest): Promise<ChargeOutcome> {
    return this.operate('refund', req, (charge, refundRef) => {
      const step = refundStep(charge, req.amount?.amount);
      if (step.kind !== 'apply') return step;
      return {
        kind: 'apply',
        set: { status: step.status, refunded: step.refunded, refundRef },
        outcome: { status: step.status, amount: { amount: step.amount, currency: charge.currency }, refundRef },
      };
    });
  }

  async status(providerRef: string): Promise<ProviderStatus | null> {
    return (await this.charges().get(providerRef))?.status ?? null;
  }

  /** What a change made at the provider (its dashboard, an expiry) does: no key, no questions. For tests and demos. */
  async simulate(providerRef: string, status: ProviderStatus): Promise<SandboxCharge | null> {
    const charge = await this.charges().get(providerRef);
    const extra = status === 'refunded' && charge ? { refundRef: ref('re'), refunded: charge.amount } : {};
    return this.charges().update(providerRef, { $set: { status, updatedAt: Date.now(), ...extra } });
  }

  private async operate(op: ChargeOperation, req: ChargeRequest, plan: Plan): Promise<ChargeOutcome> {
    const prior = await this.replay<ChargeOutcome>(req.idempotencyKey, op);
    if (prior) return prior;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const charge = await this.charges().get(req.providerRef);
      if (!charge) throw new ProviderError('not_found', 'Sandbox: no such charge');
      const step = plan(charge, op === 'refund' ? ref('re') : undefined);
      if (step.kind === 'invalid') throw new ProviderError('invalid_state', `Sandbox: ${step.why}`);
      const amount: Money = { amount: charge.amount, currency: charge.currency };
      if (step.kind === 'done') return { providerRef: charge.id, status: charge.status, amount, refundRef: charge.refundRef };
      const response: ChargeOutcome = { providerRef: charge.id, ...step.outcome };
      try {
        await this.store.atomic([
          this.remember(req.idempotencyKey, op, charge.id, response),
          {
            op: 'update',
            collection: 'sandbox_charges',
            id: charge.id,
            expectVersion: charge.version,
            change: { $set: { ...step.set, updatedAt: Date.now() } },
          },
        ]);
        return response;
      } catch (err) {
        if (keyTaken(err)) return (await this.replay<ChargeOutcome>(req.idempotencyKey, op))!;
        if (!lostRace(err)) throw err;
        await sleep(Math.random() * 5);
      }
    }
    throw new ProviderError('unavailable', 'Sandbox: too many concurrent changes to one charge');
  }
}

type Step =
  | { kind: 'done' }
  | { kind: 'invalid'; why: string }
  | { kind: 'apply'; set: Partial<SandboxCharge>; outcome: Omit<ChargeOutcome, 'providerRef'> };
type Plan = (charge: SandboxCharge, refundRef?: string) => Step;

/** Capture and void: one status to another, the charge's whole amount. */
const statusStep =
  (op: ChargeOperation): Plan =>
  (charge) => {
    const step = chargeStep(charge.status, op);
    if (step === 'invalid') return { kind: 'invalid', why: `cannot ${op} a charge that is ${charge.status}` };
    if (step === 'done') return { kind: 'done' };
    return {
      kind: 'apply',
      set: { status: targetOf(op) },
      outcome: { status: targetOf(op), amount: { amount: charge.amount, currency: charge.currency } },
    };
  };
