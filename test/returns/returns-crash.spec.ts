import type { Store } from '../../mixins/store/store.types';
import type { RefundDoc } from '../../services/payments/payments.contract';
import type { ReceiptDoc } from '../../services/returns/returns.receipts';
import type { RefundDoc as ReturnRefundDoc } from '../../services/returns/returns.refunds';
import { ALL_SERVICES, auditorOf, inBatches, startCheckoutWorld, waitFor, type CheckoutWorld } from '../checkout/checkout.world';
import { runScript, type RunningProcess } from '../support/processes';

type Row = { id: string; status: string };

/**
 * The process hosting returns (as the fulfilment node), or the one hosting payments (as the commerce
 * node), is SIGKILLed while several returns are being received at once, as soon as the first refund
 * reached payments (others held, refunded at the provider but not recorded, or not begun), and
 * started again: every return saga completes, each receipt is refunded exactly once (one payments
 * refund row under the receipt's key, of the amount the return recorded), every order gets back
 * exactly what it paid, and the auditor finds nothing.
 */
const ORDERS = 8;
type Node = 'returns' | 'payments';
let w: CheckoutWorld;
const nodes = new Map<Node, RunningProcess>();
let returnsStore: Store;
let paymentsStore: Store;
const start = async (node: Node) => {
  nodes.set(node, runScript('scripts/node.ts', { SERVICES: node, NODE_ID: `${node}-${process.pid}-${Date.now()}` }));
  await w.platform.broker.waitForServices([node], 60_000);
};

beforeAll(async () => {
  // The sandbox carrier delivers a shipped parcel in about a second.
  w = await startCheckoutWorld(
    { SANDBOX_CARRIER_STEP_MS: '200' },
    ALL_SERVICES.filter((s) => s !== 'returns' && s !== 'payments'),
  );
  await Promise.all([start('returns'), start('payments')]);
  await waitFor(
    async () => (await w.call('GET', '/admin/returns', undefined, { token: w.cast.admin.token })).status === 200,
    'returns routed',
  );
  const { config } = await import('../../config/config');
  const { createStore } = await import('../../mixins/store/store.factory');
  const { returnsSchema } = await import('../../services/returns/returns.schema');
  const { paymentsSchema } = await import('../../services/payments/payments.schema');
  returnsStore = createStore(config(), 'returns', returnsSchema);
  paymentsStore = createStore(config(), 'payments', paymentsSchema);
  await Promise.all([returnsStore.connect(), paymentsStore.connect()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([...nodes.values()].map((p) => p.stop()));
  await Promise.all([returnsStore?.disconnect(), paymentsStore?.disconnect()]);
  await w?.platform.stop();
}, 60_000);

/** ORDERS customers' orders of 2 units each, shipped and delivered by the sandbox carrier. */
async function deliveredOrders(): Promise<{ id: string; token: string; sku: string }[]> {
  const sku = await w.product(100);
  const admin = { token: w.cast.admin.token };
  const orders = await inBatches(Array.from({ length: ORDERS }), 4, async (_, i) => {
    const who = await w.shopper(sku, 2);
    const placed = await w.checkout(who, `ret-crash-${i}-${Date.now()}`);
    if (placed.status !== 202) throw new Error(`checkout: ${placed.status}`);
    return { id: placed.body.id, token: who.token, sku };
  });
  const ids = new Set(orders.map((o) => o.id));
  const ours = async () => (await w.collection<Row>('orders', 'orders', 'orders').find({})).filter((o) => ids.has(o.id));
  const shipments = w.collection<Row & { orderId: string }>('shipping', 'shipments', 'shipments');
  await waitFor(async () => (await shipments.find({})).filter((s) => ids.has(s.orderId)).length === ORDERS, 'shipments made');
  for (const s of (await shipments.find({})).filter((x) => ids.has(x.orderId))) {
    const res = await w.call('POST', `/admin/shipments/${encodeURIComponent(s.id)}/ship`, {}, admin);
    if (res.status !== 200) throw new Error(`ship: ${res.status} ${res.text}`);
  }
  await waitFor(async () => (await ours()).every((o) => o.status === 'DELIVERED'), 'orders delivered', 60_000);
  return orders;
}

it.each(['returns', 'payments'] as const)(
  'each receipt is refunded exactly once after the %s process is killed mid-refund',
  async (node) => {
    const orders = await deliveredOrders();
    const made = await Promise.all(
      orders.map(async (o) => {
        const body = { lines: [{ sku: o.sku, quantity: 2, reason: 'changed-mind' }], resolution: 'refund' };
        const res = await w.call<{ id: string }>('POST', `/orders/${o.id}/returns`, body, { token: o.token });
        if (res.status !== 201) throw new Error(`return: ${res.status} ${res.text}`);
        return { ...o, returnId: res.body.id };
      }),
    );
    const sagas = w.collection<Row>('sagas', 'saga', 'sagas');
    const sagaOf = async () => new Map((await sagas.find({})).map((s) => [s.id, s.status]));
    // Labelled and parked for the parcel: each receipt's round starts when its signal comes.
    await waitFor(async () => {
      const s = await sagaOf();
      return made.every((m) => s.get(m.returnId) === 'WAITING');
    }, 'return sagas waiting for receipt');

    const admin = { token: w.cast.admin.token };
    const receive = (m: (typeof made)[number]) =>
      w.call(
        'POST',
        `/admin/returns/${m.returnId}/receive`,
        { warehouse: 'main', lines: [{ sku: m.sku, quantity: 2, condition: 'resaleable' }] },
        admin,
      );
    const ids = new Set(orders.map((o) => o.id));
    const refunds = paymentsStore.collection<RefundDoc>('refunds');
    const ourRefunds = async () => (await refunds.find({})).filter((r) => ids.has(r.orderId));
    const receiving = Promise.all(made.map(receive));
    const started = Date.now();
    // Returns dies once a refund reached payments; payments once a receipt's refund is planned (its call imminent).
    const planned = async () =>
      (await returnsStore.collection<ReceiptDoc>('receipts').find({})).some(
        (r) => r.plan && made.some((m) => m.returnId === r.returnId),
      );
    const due = node === 'returns' ? async () => (await ourRefunds()).length > 0 : planned;
    while (!(await due()) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 10));
    nodes.get(node)!.child.kill('SIGKILL');
    await nodes.get(node)!.stop();
    const recordedBy = async () =>
      (await returnsStore.collection<ReturnRefundDoc>('refunds').find({})).filter((r) => ids.has(r.orderId));
    const atKill = { refunds: (await ourRefunds()).length, recorded: (await recordedBy()).length, ms: Date.now() - started };
    const answers = (await receiving).map((r) => r.status);
    await start(node);
    // A receive the dead process never answered is sent again: stored already, it is 409 (nothing left to receive).
    const again = await Promise.all(
      made.map(async (m, i) => ([200, 202].includes(answers[i]) ? answers[i] : (await receive(m)).status)),
    );
    expect(again.every((s) => [200, 202, 409].includes(s))).toBe(true);

    await waitFor(async () => {
      const s = await sagaOf();
      return made.every((m) => s.get(m.returnId) === 'COMPLETED');
    }, 'every return saga completed');
    const receipts = (await returnsStore.collection<ReceiptDoc>('receipts').find({})).filter((r) =>
      made.some((m) => m.returnId === r.returnId),
    );
    expect(receipts.map((r) => r.id).sort()).toEqual(made.map((m) => `${m.returnId}:1`).sort());
    const recorded = await recordedBy();
    const paid = await ourRefunds();
    for (const r of receipts) {
      const atPayments = paid.filter((p) => p.refundKey === r.id);
      expect(atPayments).toHaveLength(1);
      expect(atPayments[0]).toMatchObject({ state: 'done', amount: 3998 });
      expect(recorded.filter((x) => x.receiptId === r.id).map((x) => x.amount)).toEqual([3998]);
    }
    expect(paid).toHaveLength(ORDERS);
    const payments = (await paymentsStore.collection<Row & { refunded?: number }>('payments').find({})).filter((p) =>
      ids.has(p.id),
    );
    expect(payments.map((p) => [p.status, p.refunded])).toEqual(orders.map(() => ['REFUNDED', 3998]));
    if (process.env.CRASH_DEBUG)
      console.log(
        `${node} killed after ${atKill.ms} ms: ${atKill.refunds} refunds at payments, ${atKill.recorded} recorded; receives ${answers}`,
      );
    // Mid-refund: not every refund was recorded by returns (returns killed), or reached payments (payments killed).
    expect(node === 'returns' ? atKill.recorded : atKill.refunds).toBeLessThan(ORDERS);

    const audit = await auditorOf();
    expect((await audit()).violations).toEqual([]);
  },
  300_000,
);
