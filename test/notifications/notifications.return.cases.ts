import { randomUUID } from 'node:crypto';
import type { Context } from 'moleculer';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import type { Store } from '../../mixins/store/store.types';
import type { Return, ReturnEvent, ReturnStatus } from '../../services/returns/returns.contract';
import { returnsOf } from '../../services/returns/returns.ops';
import { eventually } from '../support/eventually';
import { sleep, type Cases, type World } from './notifications.fixtures';

const template = (m: { headers: Record<string, string> }) => m.headers['X-Template'].split('@')[0];
const LABEL = {
  carrier: 'sandbox',
  trackingNumber: 'SBXR00000001',
  url: 'https://labels.sandbox-carrier.example/SBXR00000001?a=1&b=2',
};

/** A return of 2 MUG-RED as the returns service stores it (the approval mail reads its label through returns.get). */
async function storedReturn(w: World, userId: string, status: ReturnStatus, label?: Return['label']) {
  const service = w.platform.broker.getLocalService('returns') as unknown as { store(name: string): Store };
  const returns = returnsOf(service.store('returns'));
  const id = randomUUID();
  const now = Date.now();
  const rma = `RMA-${id.slice(0, 8)}`;
  const lines = [
    { sku: 'MUG-RED', quantity: 2, reason: 'changed-mind', received: 0, restocked: 0, writtenOff: 0, missing: 0, refunded: 0 },
  ];
  const refund = { amount: 0, currency: 'EUR' };
  const row = { id, rma, orderId: randomUUID(), userId, status, resolution: 'refund' as const, lines, refund, receipts: 0 };
  await returns.insert({ ...row, ...(label ? { label } : {}), createdAt: now, updatedAt: now, version: 1 });
  return { ret: row, returns };
}

/** `event` about `ret` as the returns outbox publishes it. */
function envelope(event: string, ret: Pick<Return, 'id' | 'rma' | 'orderId' | 'userId'>, more: Partial<ReturnEvent> = {}) {
  const data: ReturnEvent = {
    returnId: ret.id,
    rma: ret.rma,
    orderId: ret.orderId,
    userId: ret.userId,
    status: 'approved',
    resolution: 'refund',
    lines: [{ sku: 'MUG-RED', quantity: 2, received: 0, refunded: 0, restocked: 0, writtenOff: 0, missing: 0 }],
    at: Date.now(),
    seq: 1,
    ...more,
  };
  return { id: randomUUID(), event, occurredAt: Date.now(), source: 'returns', v: 1, data };
}

const units = (received: number, refunded: number) => [
  { sku: 'MUG-RED', quantity: 2, received, refunded, restocked: received, writtenOff: 0, missing: 0 },
];

/** Return mails from the returns service's events: request, approval with the label, each receipt, each refund, once each. */
export function returnCases({ it_, world }: Cases): void {
  it_('mails a return’s request, its approval with the label, and each receipt and refund once', async () => {
    const w = world();
    const ivy = await w.cast.newCustomer();
    const { ret } = await storedReturn(w, ivy.id, 'label_issued', LABEL);
    const emit = (e: EventEnvelope) => w.platform.broker.emit(e.event, e);
    const requested = envelope('return.requested', ret, { status: 'requested' });
    await emit(requested);
    await emit(requested);
    await emit(envelope('return.approved', ret, { seq: 2 }));
    const receipt = (n: number, received: number) => ({ receiptId: `${ret.id}:${n}`, lines: units(received, received) });
    for (const n of [1, 2]) {
      await emit(envelope('return.received', ret, { seq: 2 + n, status: 'partially_received', ...receipt(n, n) }));
      const issued = { amount: n === 1 ? 1250 : 990, currency: 'EUR' };
      await emit(envelope('refund.issued', ret, { seq: 4 + n, ...receipt(n, n), issued }));
    }
    // The first refund republished under another event id: still one mail.
    await emit(envelope('refund.issued', ret, { seq: 5, ...receipt(1, 1), issued: { amount: 1250, currency: 'EUR' } }));
    await eventually(async () => (await w.deliveries({ orderId: ret.orderId, status: 'sent' })).length >= 6);
    await sleep(300);

    const mails = w.mailsTo(ivy.email);
    expect(mails.map(template).sort()).toEqual([
      'refund-issued',
      'refund-issued',
      'return-approved',
      'return-received',
      'return-received',
      'return-requested',
    ]);
    expect(w.mailsTo(ivy.email, 'return-requested')[0].html).toContain(`return 2 item(s) of your order`);
    const approved = w.mailsTo(ivy.email, 'return-approved')[0];
    expect(approved.subject).toBe(`Your return ${ret.rma} is approved`);
    expect(approved.html).toContain('Sandbox Carrier, tracking number SBXR00000001');
    expect(approved.html).toContain('href="https://labels.sandbox-carrier.example/SBXR00000001?a=1&amp;b=2"');
    expect(
      w
        .mailsTo(ivy.email, 'return-received')
        .map((m) => /received (\d) of the 2/.exec(m.html!)?.[1])
        .sort(),
    ).toEqual(['1', '2']);
    expect(
      w
        .mailsTo(ivy.email, 'refund-issued')
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Your refund of EUR 12.50 is on its way', 'Your refund of EUR 9.90 is on its way']);
    const rows = await w.deliveries({ orderId: ret.orderId, status: 'sent' });
    expect(rows.every((r) => r.returnId === ret.id)).toBe(true);
    expect(rows.map((r) => `${r.template} ${r.receiptId ?? '-'}`).sort()).toEqual([
      `refund-issued ${ret.id}:1`,
      `refund-issued ${ret.id}:2`,
      'return-approved -',
      `return-received ${ret.id}:1`,
      `return-received ${ret.id}:2`,
      'return-requested -',
    ]);
    expect(await w.notices().get(`${ret.id}:1:refund-issued`)).toMatchObject({ status: 'done', returnId: ret.id });
    expect(await w.inboxHas(requested.id)).toBe(true);
  });

  it_('an approval published before the saga made the label waits for it; a refund of nothing mails nothing', async () => {
    const w = world();
    const jo = await w.cast.newCustomer();
    const { ret, returns } = await storedReturn(w, jo.id, 'approved');
    await w.platform.broker.emit('return.approved', envelope('return.approved', ret));
    await sleep(400);
    expect(w.mailsTo(jo.email)).toEqual([]);
    await returns.update(ret.id, { $set: { status: 'label_issued', label: LABEL } });
    const [mail] = await eventually(async () => w.mailsTo(jo.email, 'return-approved').length > 0 && w.mailsTo(jo.email));
    expect(mail.html).toContain('tracking number SBXR00000001');

    const refund = (n: number, amount: number) =>
      envelope('refund.issued', ret, { seq: 3 + n, receiptId: `${ret.id}:${n}`, issued: { amount, currency: 'EUR' } });
    await w.platform.broker.emit('refund.issued', refund(1, 0));
    // One order's refunds are handled in turn: once the second one's mail is out, the first was handled.
    await w.platform.broker.emit('refund.issued', refund(2, 500));
    await eventually(async () => w.mailsTo(jo.email, 'refund-issued').length > 0);
    await sleep(200);
    expect(w.mailsTo(jo.email).map((m) => m.subject)).toEqual([
      `Your return ${ret.rma} is approved`,
      'Your refund of EUR 5.00 is on its way',
    ]);
  });

  it_('one receipt’s refund delivered to several nodes at once sends one mail', async () => {
    const w = world();
    const kim = await w.cast.newCustomer();
    const { ret } = await storedReturn(w, kim.id, 'received');
    type Handler = (this: unknown, e: EventEnvelope, ctx: Context) => Promise<void>;
    const service = w.platform.broker.getLocalService('notifications') as unknown as {
      schema: { eventConsumers: Record<string, { handler: Handler }> };
    };
    const broker = w.platform.broker;
    const ctx = broker.ContextFactory.create(broker, null as never, {}, {}) as Context;
    const issued = { amount: 2240, currency: 'EUR' };
    // Other event ids for the same receipt's refund, as a republished event would carry.
    const envelopes = [5, 5, 6, 6].map((seq) =>
      envelope('refund.issued', ret, { seq, receiptId: `${ret.id}:1`, lines: units(2, 2), issued }),
    );
    await Promise.all(envelopes.map((e) => service.schema.eventConsumers['refund.issued'].handler.call(service, e, ctx)));
    expect(w.mailsTo(kim.email).map((m) => m.subject)).toEqual(['Your refund of EUR 22.40 is on its way']);
    expect(await w.deliveries({ orderId: ret.orderId, channel: 'email' })).toHaveLength(1);
  });
}
