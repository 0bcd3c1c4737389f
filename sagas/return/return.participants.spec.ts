import Validator from 'fastest-validator';
import { usageActions } from '../../services/discounts/discounts.usage.actions';
import { reservationActions } from '../../services/inventory/inventory.reservation.actions';
import { returnActions } from '../../services/inventory/inventory.returns.actions';
import { sagaActions as orderSagaActions } from '../../services/orders/orders.saga.actions';
import { paymentActions } from '../../services/payments/payments.actions';
import { sagaActions } from '../../services/returns/returns.saga.actions';
import { returnShipmentActions } from '../../services/shipping/shipping.returns.actions';
import type { Seen } from '../testing/scripted-world';
import { refusal } from '../testing/scripted-world';
import { ID, plan, returnData, returnWorld } from './return.world';

type Actions = Record<string, { params?: Record<string, unknown> } | unknown>;
const services: Record<string, Actions> = {
  returns: sagaActions,
  inventory: { ...reservationActions, ...returnActions },
  payments: paymentActions,
  shipping: returnShipmentActions,
  discounts: usageActions,
  orders: orderSagaActions,
};
const validator = new Validator();

/** What the participant's own params rules say of a call the saga made: true, or the errors. */
function check(call: Seen): true | unknown[] {
  const [service, action] = call.action.split('.');
  const def = services[service]?.[action] as { params?: Record<string, unknown> } | undefined;
  if (!def?.params) return [`no params rules for ${call.action}`];
  const answer = validator.compile(def.params)(structuredClone(call.params));
  return answer === true ? true : (answer as unknown[]);
}

/** Every call of a run, through the participants' real params rules (strict objects: no unknown field passes). */
async function runAll(): Promise<Seen[]> {
  const plans = { 'r1:1': plan('r1:1', { exchangePrice: 3_000, outstanding: 1 }), 'r1:2': plan('r1:2', { restock: [], writeOff: [{ sku: 'TEE-1', quantity: 1 }] }) };
  const exchange = returnWorld({ 'returns.markClosed': () => ({ orderFullyReturned: true }) }, plans);
  const e = exchange.engine();
  await e.start('return', ID, returnData({ approved: false, resolution: 'exchange', exchangeFor: [{ sku: 'TEE-2', quantity: 1 }] }));
  await exchange.waitsFor('decision');
  await e.signal(ID, 'decision', 'd-1', { decision: 'approved' });
  await exchange.waitsFor('receipt');
  await e.signal(ID, 'receipt', 'r1:1', { receiptId: 'r1:1' });
  await exchange.waitsFor('receipt', 1);
  await e.signal(ID, 'receipt', 'r1:2', { receiptId: 'r1:2' });
  await exchange.reaches('COMPLETED');
  await exchange.stop();

  const undone = returnWorld({ 'inventory.reserve': () => Promise.reject(refusal(409, 'INSUFFICIENT_STOCK')) });
  await undone.engine().start('return', ID, returnData({ resolution: 'exchange', exchangeFor: [{ sku: 'TEE-2', quantity: 1 }] }));
  await undone.waitsFor('receipt');
  await undone.engine('node-2').compensate(ID);
  await undone.reaches('COMPENSATED');
  await undone.stop();

  const held = returnWorld();
  await held.engine().start('return', ID, returnData({ resolution: 'exchange', exchangeFor: [{ sku: 'TEE-2', quantity: 1 }] }));
  await held.waitsFor('receipt');
  await held.engine('node-2').compensate(ID);
  await held.reaches('COMPENSATED');
  await held.stop();

  // A dearer exchange charged, then compensated (void refused once captured: the charge is refunded).
  const charged = returnWorld({
    'returns.get': () => ({ lines: [{ sku: 'TEE-1', quantity: 2 }], exchangeCharge: 1_000 }),
    'orders.get': () => ({ totals: { currency: 'EUR' }, payment: { token: 'tok_visa' } }),
    'payments.authorize': (p) => ({ paymentId: p.orderId }),
    'payments.void': () => Promise.reject(refusal(409, 'ILLEGAL_TRANSITION')),
  });
  await charged.engine().start('return', ID, returnData({ resolution: 'exchange', exchangeFor: [{ sku: 'TEE-2', quantity: 1 }] }));
  await charged.waitsFor('receipt');
  await charged.engine('node-2').compensate(ID);
  await charged.reaches('COMPENSATED');
  await charged.stop();

  const rejected = returnWorld();
  await rejected.engine().start('return', ID, returnData({ approved: false }));
  await rejected.waitsFor('decision');
  await rejected.engine().signal(ID, 'decision', 'reject-1', { decision: 'rejected', reason: 'worn' });
  await rejected.reaches('COMPENSATED');
  await rejected.stop();
  return [...exchange.seen, ...undone.seen, ...held.seen, ...charged.seen, ...rejected.seen];
}

describe('return saga against its participants’ params rules', () => {
  it('every call the saga makes (decision, exchange, two receipts, close, fallback, compensations) is one the participant accepts', async () => {
    const seen = await runAll();
    const actions = new Set(seen.map((s) => s.action));
    for (const a of [
      'returns.markApproved',
      'inventory.reserve',
      'shipping.createReturnLabel',
      'returns.recordLabel',
      'returns.receiptPlan',
      'inventory.returnUnits',
      'inventory.commit',
      'shipping.createExchangeShipments',
      'payments.refund',
      'returns.recordRefund',
      'returns.markClosed',
      'discounts.releaseUsage',
      'returns.fallbackToRefund',
      'shipping.cancelReturnLabel',
      'inventory.release',
      'returns.markRejected',
      'returns.markCancelled',
      'orders.get',
      'payments.authorize',
      'payments.capture',
      'returns.recordCharge',
      'payments.void',
    ])
      expect(actions).toContain(a);
    expect(seen.map((s) => [s.action, check(s)]).filter(([, ok]) => ok !== true)).toEqual([]);
  });

  it('the rules are strict: a field the participant does not know, or a missing one, is refused', () => {
    const label = { carrier: 'sandbox', trackingNumber: 'SBX-1' };
    expect(check({ action: 'returns.recordLabel', key: 'k', params: { returnId: ID, label } })).toBe(true);
    expect(check({ action: 'returns.recordLabel', key: 'k', params: { returnId: ID, shipmentId: 'ret-r1', label } })).not.toBe(true);
    expect(check({ action: 'returns.fallbackToRefund', key: 'k', params: { returnId: ID, reason: 'out of stock' } })).not.toBe(true);
  });
});
