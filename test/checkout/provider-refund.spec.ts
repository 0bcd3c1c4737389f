import { randomBytes } from 'node:crypto';
import type { AuditReport } from '../../ops/audit/audit.types';
import type { SandboxProvider } from '../../services/payments/sandbox.provider';
import { canonicalPayload, signPayload } from '../../services/payments/payments.signature';
import { auditorOf, startCheckoutWorld, waitFor, type CheckoutWorld } from './checkout.world';

type Row = { id: string; status: string; providerRef?: string; reason?: string };

/**
 * A refund the platform did not ask for (made at the provider, reported by a signed webhook) must
 * not leave a CONFIRMED order beside refunded money: the order is cancelled and restocked, and the
 * auditor finds money and order agreeing.
 */
let w: CheckoutWorld;
let audit: () => Promise<AuditReport>;
beforeAll(async () => {
  w = await startCheckoutWorld({});
  audit = await auditorOf();
}, 90_000);
afterAll(() => w?.platform.stop());

const row = (service: string, store: string, name: string, id: string) => w.collection<Row>(service, store, name).get(id);

it('a provider-side refund of a confirmed order cancels and restocks it; the auditor finds nothing', async () => {
  const sku = await w.product(4);
  const who = await w.shopper(sku, 1);
  const placed = await w.checkout(who, `refund-${randomBytes(4).toString('hex')}`);
  const id = placed.body.id;
  await waitFor(async () => (await row('sagas', 'saga', 'sagas', id))?.status === 'COMPLETED', 'checkout completed');
  expect((await row('orders', 'orders', 'orders', id))?.status).toBe('CONFIRMED');

  // Refunded at the provider's dashboard; the provider reports it.
  const payments = w.platform.broker.getLocalService('payments') as unknown as { paymentProvider: SandboxProvider };
  const { providerRef } = (await row('payments', 'payments', 'payments', id))!;
  await payments.paymentProvider.simulate(providerRef!, 'refunded');
  const event = {
    id: `evt_${randomBytes(8).toString('hex')}`,
    type: 'charge.refunded',
    providerRef,
    created: Math.floor(Date.now() / 1000),
  };
  const signature = signPayload(process.env.PAYMENT_WEBHOOK_SECRET!, canonicalPayload(event));
  const res = await w.call('POST', '/payments/webhooks/sandbox', event, { headers: { 'X-Sandbox-Signature': signature } });
  expect([res.status, res.body]).toEqual([200, { received: true, duplicate: false, outcome: 'applied' }]);

  await waitFor(
    async () => (await row('sagas', 'saga', 'sagas', `cancel:${id}`))?.status === 'COMPLETED',
    'order reconciled',
    30_000,
  );
  expect(await row('orders', 'orders', 'orders', id)).toMatchObject({
    status: 'CANCELLED',
    reason: 'refunded by the payment provider',
  });
  expect((await row('payments', 'payments', 'payments', id))?.status).toBe('REFUNDED');
  const [stock] = await w
    .collection<{ id: string; onHand: number; reserved: number }>('inventory', 'inventory', 'stock')
    .find({ filter: { sku } });
  expect([stock.onHand, stock.reserved]).toEqual([4, 0]);
  expect((await audit()).violations.filter((v) => v.subject === id)).toEqual([]);
}, 90_000);
