import { randomUUID } from 'node:crypto';
import type { Delivery, TemplateView } from '../../services/notifications/notifications.contract';
import type { Cases, Page } from './notifications.fixtures';

/** Templates and the delivery log over the admin routes, and direct sends. */
export function adminCases({ it_, world }: Cases): void {
  it_('seeds version 1 of each default template, visible to admins only', async () => {
    const w = world();
    const res = await w.req<Page<TemplateView>>('GET', '/notifications/templates?pageSize=100', { as: w.cast.admin });
    expect(res.status).toBe(200);
    const keys = res.body.rows.filter((t) => t.version === 1 && t.channel === 'email').map((t) => `${t.key}/${t.channel}`);
    expect(keys.sort()).toEqual(
      [
        'email-verification',
        'order-cancelled',
        'order-confirmed',
        'order-shipped',
        'password-reset',
        'refund-issued',
        'return-approved',
        'return-received',
        'return-requested',
        'shipment-delivered',
        'shipment-shipped',
      ].map((k) => `${k}/email`),
    );
    expect((await w.req('GET', '/notifications/templates', { as: w.cast.support })).status).toBe(403);
    expect((await w.req('GET', '/notifications/templates', { as: w.cast.customerA })).status).toBe(403);
    expect((await w.req('GET', '/notifications/templates')).status).toBe(401);
    // Seeding again (a restart, a second node) adds nothing.
    const service = w.platform.broker.getLocalService('notifications') as unknown as { seedTemplates(): Promise<number> };
    expect(await service.seedTemplates()).toBe(0);
  });

  it_('publishes template versions and uses the newest; a bad template is refused', async () => {
    const w = world();
    const before = await w.req<Page<TemplateView>>('GET', '/notifications/templates?key=order-shipped&channel=email', {
      as: w.cast.admin,
    });
    const newest = before.body.rows[0].version;
    const body = {
      key: 'order-shipped',
      channel: 'email',
      format: 'html',
      subject: 'Shipped: {{ orderRef }}',
      body: '<p>{{name}}, it is on its way.</p>',
    };
    const v2 = await w.req<TemplateView>('POST', '/notifications/templates', { as: w.cast.admin, body });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ ...body, version: newest + 1, createdBy: w.cast.admin.id });
    const listed = await w.req<Page<TemplateView>>('GET', '/notifications/templates?key=order-shipped&channel=email', {
      as: w.cast.admin,
    });
    expect(listed.body.rows.map((t) => t.version)).toEqual(Array.from({ length: newest + 1 }, (_, i) => newest + 1 - i));

    const fay = await w.cast.newCustomer();
    const orderId = randomUUID();
    await w.notice(fay.id, 'shipped', { orderId });
    const [mail] = w.mailsTo(fay.email);
    expect(mail).toMatchObject({
      subject: `Shipped: ${orderId.replace(/-/g, '').slice(0, 8).toUpperCase()}`,
      headers: { 'X-Template': `order-shipped@${newest + 1}` },
    });
    expect((await w.deliveries({ orderId }))[0].templateVersion).toBe(newest + 1);

    const refuse = async (over: Record<string, unknown>, as = w.cast.admin) =>
      w.req('POST', '/notifications/templates', { as, body: { ...body, ...over } });
    const malformed = await refuse({ body: '<p>{{name}</p>' });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error?.fields?.map((f) => f.field)).toEqual(['body']);
    expect((await refuse({ subject: '' })).status).toBe(422);
    expect((await refuse({ version: 9 })).status).toBe(422);
    expect((await refuse({ key: 'Bad Key' })).status).toBe(422);
    expect((await refuse({}, w.cast.support)).status).toBe(403);
    expect((await w.req('POST', '/notifications/templates', { body })).status).toBe(401);
  });

  it_('send: a missing variable fails the delivery naming it; other data is kept for support', async () => {
    const w = world();
    const body = {
      key: 'promo',
      channel: 'email',
      format: 'html',
      subject: 'A gift for you',
      body: '<p>Use {{coupon}} by {{until}}</p>',
    };
    expect((await w.req('POST', '/notifications/templates', { as: w.cast.admin, body })).status).toBe(201);
    const to = `promo-${randomUUID()}@example.com`;
    const failed = await w.system<Delivery>('notifications.send', {
      channel: 'email',
      to,
      template: 'promo',
      data: { until: 'Friday' },
    });
    expect(failed).toMatchObject({ status: 'failed', error: 'missing variable coupon' });
    const sent = await w.system<Delivery>('notifications.send', {
      channel: 'email',
      to,
      template: 'promo',
      data: { coupon: '<B&B>', until: 'Friday' },
    });
    expect(sent.status).toBe('sent');
    expect(w.mailsTo(to).map((m) => m.html)).toEqual(['<p>Use &lt;B&amp;B&gt; by Friday</p>']);
    const rows = await w.deliveries({ to });
    expect(rows.find((r) => r.status === 'sent')).toMatchObject({
      data: { coupon: '<B&B>', until: 'Friday' },
      subject: 'A gift for you',
    });

    const nope = await w.system<Delivery>('notifications.send', { channel: 'email', to, template: 'no-such-template' });
    expect(nope).toMatchObject({ status: 'failed', error: 'no email template no-such-template' });
    const push = await w.system<Delivery>('notifications.send', { channel: 'push', to: 'device-123', template: 'promo' });
    expect(push).toMatchObject({ status: 'skipped', error: 'channel not configured' });
    await expect(
      w.system('notifications.send', { channel: 'email', to: 'not-an-address', template: 'promo' }),
    ).rejects.toMatchObject({ code: 422 });
    await expect(
      w.system('notifications.send', { channel: 'email', to, template: 'promo', data: { nested: { a: 1 } } }),
    ).rejects.toMatchObject({ code: 422 });
  });

  it_('an unknown customer gets a failed delivery, not a thrown step', async () => {
    const w = world();
    const orderId = randomUUID();
    const result = await w.notice(randomUUID(), 'confirmed', { orderId });
    expect(result.deliveries).toEqual([
      expect.objectContaining({ channel: 'email', status: 'failed', error: 'recipient not found' }),
    ]);
  });

  it_('lists deliveries to admin and support, paged and filtered by user; customers may not', async () => {
    const w = world();
    const gus = await w.cast.newCustomer();
    for (let i = 0; i < 3; i++) await w.notice(gus.id, 'confirmed');
    const page1 = await w.req<Page<Delivery>>('GET', `/notifications/deliveries?userId=${gus.id}&pageSize=2`, {
      as: w.cast.support,
    });
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.body.rows).toHaveLength(2);
    expect(page1.body.rows.every((r) => r.userId === gus.id)).toBe(true);
    const page2 = await w.req<Page<Delivery>>('GET', `/notifications/deliveries?userId=${gus.id}&pageSize=2&page=2`, {
      as: w.cast.admin,
    });
    expect(page2.body.rows).toHaveLength(1);
    expect(page1.body.rows[0].at).toBeGreaterThanOrEqual(page1.body.rows[1].at);
    expect((await w.req('GET', '/notifications/deliveries', { as: gus })).status).toBe(403);
    expect((await w.req('GET', '/notifications/deliveries')).status).toBe(401);
    expect((await w.req('GET', '/notifications/deliveries?userId=%7B%22%24gt%22%3A%22%22%7D', { as: w.cast.admin })).status).toBe(
      422,
    );
  });
}
