import { randomBytes } from 'node:crypto';
import type { ReconcileReport } from '../../services/payments/payments.contract';
import { canonicalPayload, signPayload } from '../../services/payments/payments.signature';
import { auditOf, authorized, WEBHOOK_SECRET, type World } from './payments.fixtures';

const nowS = () => Math.floor(Date.now() / 1000);
const eventFor = (providerRef: string, type: string) => ({
  id: `evt_${randomBytes(8).toString('hex')}`,
  type,
  providerRef,
  created: nowS(),
});

/** Webhooks (through the action, as the gateway calls it, and through the route), reconciliation, and the support view. */
export function webhookCases(world: () => World): void {
  // The gateway passes X-Sandbox-Signature on as meta.webhookSignature.
  const deliver = (event: object, signature: string | undefined) =>
    world().platform.broker.call('payments.webhook', event, { meta: signature ? { webhookSignature: signature } : {} });
  const sign = (event: object, t = nowS(), secret = WEBHOOK_SECRET) => signPayload(secret, canonicalPayload(event), t);

  describe('webhooks', () => {
    it('a signed refund reported by the provider is applied once; a replay changes nothing', async () => {
      const w = world();
      const orderId = await authorized(w);
      await w.step('payments.capture', { orderId }, `${orderId}:capture`);
      const { providerRef } = (await w.col.payments.get(orderId))!;
      await w.sandbox.simulate(providerRef!, 'refunded');
      const event = eventFor(providerRef!, 'charge.refunded');
      const signature = sign(event);
      expect(await deliver(event, signature)).toEqual({ received: true, duplicate: false, outcome: 'applied' });
      expect(await deliver(event, signature)).toEqual({ received: true, duplicate: true, outcome: 'applied' });
      expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'REFUNDED' });
      expect(await w.col.refunds.find({ filter: { orderId } })).toEqual([
        expect.objectContaining({ origin: 'provider', amount: 2500 }),
      ]);
      expect(await auditOf(w, orderId)).toEqual(['->AUTHORIZED', 'AUTHORIZED>CAPTURED', 'CAPTURED>REFUNDED']);
      const [last] = await w.col.audit.find({ filter: { orderId, to: 'REFUNDED' } });
      expect(last).toMatchObject({ actor: 'provider:sandbox', reason: 'provider reported charge.refunded' });
    });

    it('a bad, missing or stale signature answers 400 and changes nothing; the message names no secret', async () => {
      const w = world();
      const orderId = await authorized(w);
      const { providerRef } = (await w.col.payments.get(orderId))!;
      const event = eventFor(providerRef!, 'charge.voided');
      const cases = [
        sign(event, nowS(), 'whsec_not_the_right_secret_000000000000'),
        sign({ ...event, type: 'charge.captured' }),
        sign(event).replace(/.$/, (c) => (c === '0' ? '1' : '0')),
        undefined,
        'not-a-signature',
        sign(event, nowS() - 301),
      ];
      const audits = await w.col.audit.count();
      for (const signature of cases) {
        const err = await w.failure(deliver(event, signature));
        expect([err.code, err.type]).toEqual([400, 'INVALID_SIGNATURE']);
        expect(JSON.stringify(err)).not.toContain(WEBHOOK_SECRET);
      }
      expect((await w.failure(deliver(event, sign(event, nowS() - 301)))).message).toMatch(/expired/);
      expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'AUTHORIZED' });
      expect(await w.col.audit.count()).toBe(audits);
      expect(await w.col.webhookEvents.get(event.id)).toBeNull();
      expect(await deliver(event, sign(event))).toMatchObject({ outcome: 'applied' });
    });

    it('the public route refuses an unsigned event with 400 and the one error shape', async () => {
      const w = world();
      const res = await w.cast.call('POST', '/payments/webhooks/sandbox', eventFor('ch_unknown', 'charge.refunded'));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { type: 'INVALID_SIGNATURE', message: 'Invalid webhook signature' } });
      const extra = await w.cast.call('POST', '/payments/webhooks/sandbox', {
        ...eventFor('ch_x', 'charge.refunded'),
        amount: 5,
      });
      expect(extra.status).toBe(422);
    });

    it('through the gateway, a correctly signed X-Sandbox-Signature is accepted and applied', async () => {
      const w = world();
      const orderId = await authorized(w);
      await w.step('payments.capture', { orderId }, `${orderId}:capture`);
      const { providerRef } = (await w.col.payments.get(orderId))!;
      await w.sandbox.simulate(providerRef!, 'refunded');
      const event = eventFor(providerRef!, 'charge.refunded');
      const res = await w.cast.call('POST', '/payments/webhooks/sandbox', event, {
        headers: { 'X-Sandbox-Signature': sign(event) },
      });
      expect([res.status, res.body]).toEqual([200, { received: true, duplicate: false, outcome: 'applied' }]);
      expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'REFUNDED' });
      const forged = await w.cast.call('POST', '/payments/webhooks/sandbox', event, {
        headers: { 'X-Sandbox-Signature': sign(event, nowS(), 'whsec_forged_forged_forged_forged_00') },
      });
      expect(forged.status).toBe(400);
    });
  });

  describe('reconciliation and the support view', () => {
    it('finds a status changed at the provider, and with apply brings ours in line along the state machine', async () => {
      const w = world();
      const orderId = await authorized(w);
      const { providerRef } = (await w.col.payments.get(orderId))!;
      await w.sandbox.simulate(providerRef!, 'captured');
      const report = await w.step<ReconcileReport>('payments.reconcile', {});
      expect(report.mismatches).toContainEqual({ orderId, ours: 'AUTHORIZED', provider: 'CAPTURED' });
      expect(report.checked).toBeGreaterThanOrEqual(1);
      const applied = await w.step<ReconcileReport>('payments.reconcile', { apply: true });
      expect(applied.mismatches).toContainEqual({ orderId, ours: 'AUTHORIZED', provider: 'CAPTURED', fixed: true });
      expect(await w.col.payments.get(orderId)).toMatchObject({ status: 'CAPTURED' });
      expect(await auditOf(w, orderId)).toEqual(['->AUTHORIZED', 'AUTHORIZED>CAPTURED']);
      expect((await w.step<ReconcileReport>('payments.reconcile', {})).mismatches.map((m) => m.orderId)).not.toContain(orderId);
    });

    it('routes: reconcile is for admins, one payment for admin and support; others 401/403, unknown 404', async () => {
      const w = world();
      const { call, admin, support, customerA } = w.cast;
      const orderId = await authorized(w);
      expect((await call('POST', '/payments/reconcile', {}, { token: admin.token })).status).toBe(200);
      expect((await call('POST', '/payments/reconcile', {}, { token: support.token })).status).toBe(403);
      expect((await call('POST', '/payments/reconcile', {})).status).toBe(401);
      for (const who of [admin, support]) {
        const res = await call('GET', `/payments/${orderId}`, undefined, { token: who.token });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ orderId, status: 'AUTHORIZED', amount: { amount: 2500, currency: 'EUR' } });
        expect(res.body.transactions).toHaveLength(1);
        expect(res.body.audit).toHaveLength(1);
      }
      expect((await call('GET', `/payments/${orderId}`, undefined, { token: customerA.token })).status).toBe(403);
      expect((await call('GET', '/payments/no-such-order', undefined, { token: admin.token })).status).toBe(404);
      // Internal actions have no route: 404, or 405 where another method routes that path (GET /payments/:id).
      expect([404, 405]).toContain((await call('POST', '/payments/authorize', {}, { token: admin.token })).status);
    });
  });
}
