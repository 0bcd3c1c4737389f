import { randomUUID } from 'node:crypto';
import type { Collection } from '../../mixins/store/store.types';
import type { Delivery, Notice } from '../../services/notifications/notifications.contract';
import { sleep, startWorld, type World } from './notifications.fixtures';

/**
 * A notice claimed by a node that died before sending (SIGKILL mid-send) is sent by the next call
 * (the redelivered event, the saga's retry, the sweep) at once, instead of being acknowledged as a
 * duplicate for the claim's whole minute; a live holder's claim still keeps everyone else off.
 */
let w: World;
beforeAll(async () => {
  w = await startWorld({});
}, 120_000);
afterAll(() => w?.platform.stop(), 60_000);

const broker = () => w.platform.broker;
const claimed = (orderId: string, userId: string, claimedBy?: string): Notice => ({
  id: `${orderId}:confirmed`,
  orderId,
  userId,
  kind: 'confirmed',
  status: 'sending',
  claimedAt: Date.now() - 1_000,
  attempts: 1,
  data: { amount: { amount: 4250, currency: 'EUR' } },
  ...(claimedBy ? { claimedBy } : {}),
});

it('a dead holder that sent the mail before dying: the notice is marked done from the delivery log, not mailed again', async () => {
  const eve = await w.cast.newCustomer();
  const orderId = randomUUID();
  await w.notices().insert(claimed(orderId, eve.id, `${broker().nodeID}#incarnation-before-the-crash`));
  const log = (broker().getLocalService('notifications') as unknown as { deliveries(): Collection<Delivery> }).deliveries();
  const before = { id: randomUUID(), userId: eve.id, to: eve.email, template: 'order-confirmed', channel: 'email' as const };
  await log.insert({ ...before, status: 'sent', messageId: '<m@x>', orderId, at: Date.now() - 1_000 });

  const result = await w.notice(eve.id, 'confirmed', { orderId });
  expect(result.deliveries).toEqual([{ id: before.id, channel: 'email', status: 'sent', messageId: '<m@x>' }]);
  expect(await w.notices().get(`${orderId}:confirmed`)).toMatchObject({ status: 'done', attempts: 2 });
  expect(w.mailsTo(eve.email)).toEqual([]);
});

it('a dead holder that handed the mail over but never logged it: the outbox tells whether it went out', async () => {
  const fay = await w.cast.newCustomer();
  const [out, lost] = [randomUUID(), randomUUID()];
  const dead = `${broker().nodeID}#incarnation-before-the-crash`;
  // The mail that went out just before the crash (sent here without an order, so the log does not tie it to one).
  const mail = await w.system<{ id: string }>('notifications.send', {
    channel: 'email',
    to: fay.email,
    template: 'order-confirmed',
    data: { orderId: out, orderRef: 'X', name: 'Fay', total: 'EUR 1.00', reason: '' },
  });
  const handed = (orderId: string, mailDeliveryId: string) => {
    const row = claimed(orderId, fay.id, dead);
    return { ...row, mailStartedAt: row.claimedAt + 5, mailDeliveryId };
  };
  await w.notices().insertMany([handed(out, mail.id), handed(lost, randomUUID())]);

  expect((await w.notice(fay.id, 'confirmed', { orderId: out })).deliveries).toEqual([
    expect.objectContaining({ id: mail.id, channel: 'email', status: 'sent', error: expect.stringContaining('died') }),
  ]);
  expect((await w.notice(fay.id, 'confirmed', { orderId: lost })).deliveries?.[0]).toMatchObject({ status: 'sent' });
  expect(await w.notices().get(`${out}:confirmed`)).toMatchObject({ status: 'done' });
  const sent = w.mailsTo(fay.email).map((m) => m.html ?? '');
  expect([out, lost].map((id) => sent.filter((h) => h.includes(id)).length)).toEqual([1, 1]);
});

it('takes over at once the claim of a dead holder, never that of a live one or of an unrecorded one', async () => {
  const dee = await w.cast.newCustomer();
  const [restarted, live, legacy, vanished, swept] = Array.from({ length: 5 }, () => randomUUID());
  const self = `${broker().nodeID}#${broker().instanceID}`;
  await w.notices().insertMany([
    // This node's previous incarnation (same NODE_ID) claimed it and was killed before sending.
    claimed(restarted, dee.id, `${broker().nodeID}#incarnation-before-the-crash`),
    claimed(live, dee.id, self),
    claimed(legacy, dee.id),
  ]);

  expect((await w.notice(dee.id, 'confirmed', { orderId: restarted })).deliveries).toEqual([
    expect.objectContaining({ channel: 'email', status: 'sent' }),
  ]);
  expect(await w.notice(dee.id, 'confirmed', { orderId: live })).toMatchObject({ duplicate: true });
  expect(await w.notice(dee.id, 'confirmed', { orderId: legacy })).toMatchObject({ duplicate: true });
  expect(await w.notices().get(`${restarted}:confirmed`)).toMatchObject({ status: 'done', attempts: 2, claimedBy: self });

  // A node this broker never heard of, once every live node has had the heartbeat timeout to show itself.
  await sleep((broker().options.heartbeatTimeout ?? 30) * 1_000);
  await w
    .notices()
    .insertMany([claimed(vanished, dee.id, 'notifications-gone#i-1'), claimed(swept, dee.id, 'notifications-gone#i-1')]);
  expect((await w.notice(dee.id, 'confirmed', { orderId: vanished })).deliveries?.[0]?.status).toBe('sent');
  // The sweep too: the event that asked for it may be acknowledged already.
  expect(await w.system('notifications.retryNotices', {})).toEqual({ resent: 1 });

  const sent = w.mailsTo(dee.email).map((m) => m.html ?? '');
  expect([restarted, live, legacy, vanished, swept].map((id) => sent.filter((h) => h.includes(id)).length)).toEqual([
    1, 0, 0, 1, 1,
  ]);
}, 60_000);
