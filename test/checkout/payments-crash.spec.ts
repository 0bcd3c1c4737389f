import type { Store } from '../../mixins/store/store.types';
import { runScript, type RunningProcess } from '../support/processes';
import { ALL_SERVICES, inBatches, startCheckoutWorld, waitFor, type CheckoutWorld } from './checkout.world';

type OrderRow = { id: string; status: string; totals: { total: number } };
type PaymentRow = { id: string; status: string; amount?: number };

/**
 * The process hosting payments is SIGKILLed in the middle of a batch of checkouts and started
 * again: every saga still ends (completed or compensated) and money, orders and stock agree.
 */
let w: CheckoutWorld;
let payments: RunningProcess | undefined;
let paymentsStore: Store;
const startPayments = () =>
  runScript('scripts/node.ts', { SERVICES: 'payments', NODE_ID: `payments-${process.pid}-${Date.now()}` });

beforeAll(async () => {
  w = await startCheckoutWorld(
    {},
    ALL_SERVICES.filter((s) => s !== 'payments'),
  );
  payments = startPayments();
  await w.platform.broker.waitForServices(['payments'], 60_000);
  const { config } = await import('../../config/config');
  const { createStore } = await import('../../mixins/store/store.factory');
  const { paymentsSchema } = await import('../../services/payments/payments.schema');
  paymentsStore = createStore(config(), 'payments', paymentsSchema);
  await paymentsStore.connect();
}, 120_000);
afterAll(async () => {
  await payments?.stop();
  await paymentsStore?.disconnect();
  await w?.platform.stop();
}, 60_000);

it('every checkout saga ends and the books balance after the payments process is killed mid-batch', async () => {
  const sku = await w.product(100);
  const shoppers = await inBatches(Array.from({ length: 40 }), 8, () => w.shopper(sku, 1));
  const placing = Promise.all(shoppers.map((who, i) => w.checkout(who, `crash-${i}-${Date.now()}`)));
  // Kill once some payments have happened and others are still to come.
  const captured = () => paymentsStore.collection<PaymentRow>('payments').count({ filter: { status: 'CAPTURED' } });
  await waitFor(async () => (await captured()) >= 3, 'first captures', 30_000);
  payments!.child.kill('SIGKILL');
  await payments!.stop();
  const killedAt = await captured();
  const placed = await placing;
  expect(placed.every((p) => p.status === 202)).toBe(true);
  await new Promise((r) => setTimeout(r, 1_000));
  payments = startPayments();

  const ids = new Set(placed.map((p) => p.body.id));
  const sagas = w.collection<{ id: string; status: string }>('sagas', 'saga', 'sagas');
  await waitFor(
    async () => (await sagas.find({})).filter((s) => ids.has(s.id)).every((s) => ['COMPLETED', 'COMPENSATED'].includes(s.status)),
    'every saga ended',
    150_000,
  );
  expect(killedAt).toBeLessThan(40);

  const orders = (await w.collection<OrderRow>('orders', 'orders', 'orders').find({})).filter((o) => ids.has(o.id));
  const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
  expect(orders.every((o) => ['CONFIRMED', 'CANCELLED', 'REJECTED'].includes(o.status))).toBe(true);
  const money = (await paymentsStore.collection<PaymentRow>('payments').find({})).filter((p) => ids.has(p.id));
  const capturedRows = money.filter((p) => p.status === 'CAPTURED');
  expect(capturedRows.map((p) => p.id).sort()).toEqual(confirmed.map((o) => o.id).sort());
  expect(capturedRows.reduce((s, p) => s + (p.amount ?? 0), 0)).toBe(confirmed.reduce((s, o) => s + o.totals.total, 0));
  // Nothing is left held: no authorisation on an order that did not go through, no reservation active.
  const held = money.filter((p) => p.status === 'AUTHORIZED');
  if (held.length && process.env.CRASH_DEBUG) {
    for (const p of held) {
      console.log(JSON.stringify(await paymentsStore.collection('transactions').find({ filter: { orderId: p.id } }), null, 1));
      console.log(JSON.stringify(await paymentsStore.collection('processed_calls').find({}), null, 0).slice(0, 3000));
    }
    console.log(payments!.output().slice(-3000));
  }
  expect(held).toEqual([]);
  const reservations = (
    await w.collection<{ id: string; status: string }>('inventory', 'inventory', 'reservations').find({})
  ).filter((r) => ids.has(r.id));
  expect(reservations.filter((r) => r.status === 'active')).toEqual([]);
  const [stock] = await w
    .collection<{ id: string; sku: string; onHand: number; reserved: number }>('inventory', 'inventory', 'stock')
    .find({ filter: { sku } });
  expect(stock).toMatchObject({ onHand: 100 - confirmed.length, reserved: 0 });
}, 240_000);
