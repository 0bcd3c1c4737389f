import { eventually } from '../../test/support/eventually';
import { SagaEngine } from '../saga.engine';
import type { SagaDoc } from '../saga.state';
import { MemoryRepository } from '../testing/memory.repository';
import type { Answer, Seen } from '../testing/scripted-world';
import { returnSaga } from './return.saga';
import type { ReceiptPlan, ReturnData } from './return.types';

export const ID = 'r1';
export const returnData = (extra: Partial<ReturnData> = {}): ReturnData => ({
  returnId: ID,
  orderId: 'o1',
  userId: 'u1',
  approved: true,
  resolution: 'refund',
  ...extra,
});

/** A receipt's plan as returns answers it: two units of TEE-1 at 2 000 each by default. */
export const plan = (receiptId: string, extra: Partial<ReceiptPlan> = {}): ReceiptPlan => ({
  receiptId,
  warehouse: 'east',
  restock: [{ sku: 'TEE-1', quantity: 2 }],
  writeOff: [],
  refund: {
    amount: 4_000,
    currency: 'EUR',
    perLine: [{ sku: 'TEE-1', quantity: 2, amount: 4_000 }],
    units: [0, 1].map((index) => ({ sku: 'TEE-1', index, goods: 2_000, shipping: 0, returned: true })),
  },
  outstanding: 0,
  ...extra,
});

/**
 * The return saga driven by the real engine on the in-memory repository, against scripted
 * participants (`script` overrides the defaults; `n` counts calls with the same key). Payments keeps
 * one refund per refundKey, as the real one does, so tests can count refunds made, not calls.
 */
export function returnWorld(script: Record<string, Answer> = {}, plans: Record<string, ReceiptPlan> = {}) {
  const repo = new MemoryRepository();
  const seen: Seen[] = [];
  const perKey = new Map<string, number>();
  const refunds = new Map<string, unknown>();
  const engines: SagaEngine[] = [];
  const defaults: Record<string, Answer> = {
    'returns.get': () => ({ lines: [{ sku: 'TEE-1', quantity: 2, reason: 'changed-mind' }] }),
    'returns.receiptPlan': (p) => plans[String(p.receiptId)] ?? plan(String(p.receiptId)),
    'shipping.createReturnLabel': (p) => ({ id: `ret-${p.returnId}`, carrier: 'sandbox', trackingNumber: 'SBX-1' }),
    'inventory.commit': (p) => ({ orderId: p.orderId, lines: [{ sku: 'TEE-2', quantity: 1, allocations: [{ warehouse: 'east', quantity: 1 }] }] }),
    'returns.markClosed': () => ({ orderFullyReturned: false }),
    'payments.refund': (p) => {
      if (!refunds.has(String(p.refundKey))) refunds.set(String(p.refundKey), p.amount);
      return { orderId: p.orderId, status: 'PARTIALLY_REFUNDED' };
    },
  };
  const answers = { ...defaults, ...script };
  const engine = (owner = 'node-1') => {
    const e = new SagaEngine({
      repo,
      owner,
      leaseMs: 200,
      defaultDeadlineMs: 1_000,
      log: { info: () => undefined, warn: () => undefined },
      call: async (action, params, { idempotencyKey }) => {
        seen.push({ action, params, key: idempotencyKey });
        const n = (perKey.get(`${action}|${idempotencyKey}`) ?? 0) + 1;
        perKey.set(`${action}|${idempotencyKey}`, n);
        return answers[action] ? answers[action](params, n) : {};
      },
    });
    e.define(returnSaga);
    engines.push(e);
    return e;
  };
  const doc = (): SagaDoc => repo.docs.get(ID)!;
  const reaches = (status: string) => eventually(async () => doc()?.status === status && doc());
  /** Parked WAITING for `signal` after `rounds` receipts were settled. */
  const waitsFor = (signal: string, rounds = 0) =>
    eventually(async () => {
      const d = doc();
      const settled = (d?.data.receipts as string[] | undefined)?.length ?? 0;
      return d?.status === 'WAITING' && d.waiting?.signal === signal && settled === rounds && d;
    });
  const calls = (action: string) => seen.filter((s) => s.action === action);
  const stop = () => Promise.all(engines.map((e) => e.stop(500)));
  return { repo, seen, refunds, engine, doc, reaches, waitsFor, calls, stop, actions: () => seen.map((s) => s.action) };
}
