import { randomUUID } from 'node:crypto';
import type { TemplateView } from '../../services/notifications/notifications.contract';
import { eventually } from '../support/eventually';
import { onEngine, type ServiceEngine } from '../support/service-engines';
import { adminCases } from './notifications.admin.cases';
import { eventCases } from './notifications.event.cases';
import { returnCases } from './notifications.return.cases';
import { startWorld, type World } from './notifications.fixtures';

/** The notifications behaviour, the same on every engine its store can be configured for. */
export function notificationsSuite(engine: ServiceEngine): void {
  describe(`notifications on ${engine.label}`, () => {
    let w: World;
    const { it_ } = onEngine(engine, async (env) => (w = await startWorld(env)));

    it_('orderNotice sends one mail and logs one delivery; the same step key again sends nothing more', async () => {
      const ann = await w.cast.newCustomer();
      const orderId = randomUUID();
      const first = await w.notice(ann.id, 'confirmed', { orderId, key: `saga-${orderId}:notify` });
      expect(first.deliveries).toEqual([
        { id: expect.any(String), channel: 'email', status: 'sent', messageId: expect.any(String) },
      ]);
      const again = await w.notice(ann.id, 'confirmed', { orderId, key: `saga-${orderId}:notify` });
      expect(again).toEqual(first);

      const mails = w.mailsTo(ann.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({
        from: { address: 'no-reply@example.com', name: 'Shop' },
        subject: `Your order ${orderId.replace(/-/g, '').slice(0, 8).toUpperCase()} is confirmed`,
        headers: { 'X-Template': 'order-confirmed@1', 'X-Delivery-Id': first.deliveries![0].id },
        messageId: first.deliveries![0].messageId,
      });
      expect(mails[0].html).toContain('(EUR 42.50)');
      expect(mails[0].html).toContain(orderId);

      const rows = await w.deliveries({ orderId });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        userId: ann.id,
        to: ann.email,
        template: 'order-confirmed',
        templateVersion: 1,
        channel: 'email',
        status: 'sent',
      });
      expect(rows[0].body).toContain('EUR 42.50');
    });

    it_('sends an order notice once however many callers race for it (other keys, the event)', async () => {
      const bob = await w.cast.newCustomer();
      const orderId = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => w.notice(bob.id, 'shipped', { orderId, key: `k${i}-${orderId}` })),
      );
      expect(results.filter((r) => r.deliveries).length).toBe(1);
      expect(results.filter((r) => r.duplicate).length).toBe(5);
      expect(w.mailsTo(bob.email)).toHaveLength(1);
      expect(await w.deliveries({ orderId, channel: 'email' })).toHaveLength(1);
    });

    it_('the retry sweep sends again what a crash or a failed send lost, once, with the data it was given', async () => {
      const dee = await w.cast.newCustomer();
      const id = () => randomUUID();
      const [crashed, failed, fresh, waiting, spent] = [id(), id(), id(), id(), id()];
      const ago = (ms: number) => Date.now() - ms;
      const row = (orderId: string, status: 'sending' | 'failed', claimedAt: number, attempts: number) => ({
        id: `${orderId}:confirmed`,
        orderId,
        userId: dee.id,
        kind: 'confirmed' as const,
        status,
        claimedAt,
        attempts,
        data: { amount: { amount: 4250, currency: 'EUR' } },
      });
      // Claimed by a node that died before sending; failed a minute ago (its first backoff has passed);
      // claimed just now (still being sent); failed just now (backing off); failed on its last attempt.
      await w
        .notices()
        .insertMany([
          row(crashed, 'sending', ago(61_000), 1),
          row(failed, 'failed', ago(61_000), 1),
          row(fresh, 'sending', ago(1_000), 1),
          row(waiting, 'failed', ago(1_000), 1),
          row(spent, 'failed', ago(86_400_000), 8),
        ]);

      expect(await w.system('notifications.retryNotices', {})).toEqual({ resent: 2 });
      const mails = w.mailsTo(dee.email);
      expect(mails.map((m) => m.html?.includes(crashed) || m.html?.includes(failed))).toEqual([true, true]);
      expect(mails.every((m) => m.html?.includes('(EUR 42.50)'))).toBe(true);
      for (const orderId of [crashed, failed])
        expect(await w.notices().get(`${orderId}:confirmed`)).toMatchObject({ status: 'done', attempts: 2 });
      for (const orderId of [fresh, waiting, spent])
        expect((await w.notices().get(`${orderId}:confirmed`))?.status).not.toBe('done');
      expect(await w.system('notifications.retryNotices', {})).toEqual({ resent: 0 });
      expect(w.mailsTo(dee.email)).toHaveLength(2);
    });

    it_('logs an opted-out channel as skipped and a channel without transport as not configured', async () => {
      const publish = await w.req<TemplateView>('POST', '/notifications/templates', {
        as: w.cast.admin,
        body: { key: 'order-cancelled', channel: 'sms', body: 'Order {{orderRef}} was cancelled. {{reason}}' },
      });
      expect(publish.status).toBe(201);
      expect(publish.body).toMatchObject({ key: 'order-cancelled', channel: 'sms', version: 1, format: 'text', subject: '' });

      const cid = await w.cast.newCustomer();
      const prefs = { channels: { email: false, sms: true, push: false }, language: 'en', currency: 'EUR' };
      expect((await w.req('PUT', '/me/preferences', { as: cid, body: prefs })).status).toBe(200);
      const orderId = randomUUID();
      const result = await w.notice(cid.id, 'cancelled', { orderId, data: { reason: 'Out of stock' } });
      expect(result.deliveries?.map((d) => [d.channel, d.status, d.error])).toEqual([
        ['email', 'skipped', 'opted out'],
        ['sms', 'skipped', 'channel not configured'],
      ]);
      expect(w.mailsTo(cid.email)).toEqual([]);
      const rows = await w.deliveries({ orderId });
      expect(rows.map((r) => `${r.channel}:${r.status}:${r.error}`).sort()).toEqual([
        'email:skipped:opted out',
        'sms:skipped:channel not configured',
      ]);
    });

    eventCases({ it_, world: () => w });
    returnCases({ it_, world: () => w });

    it_('sends auth’s password reset through notifications: the link in the mail, no token in the log', async () => {
      const eve = await w.cast.newCustomer();
      expect((await w.req('POST', '/auth/password/forgot', { body: { email: eve.email } })).status).toBe(202);
      // Auth mails after its answer; an empty list is not a mail yet.
      const [mail] = await eventually(
        async () => w.mailsTo(eve.email, 'password-reset')[0] && w.mailsTo(eve.email, 'password-reset'),
      );
      const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text!)![1];
      expect(mail.text).toContain(`/account/reset-password#token=${token}`);
      expect(mail.subject).toBe('Reset your password');

      const [row] = await w.deliveries({ to: eve.email, template: 'password-reset' });
      expect(row).toMatchObject({ channel: 'email', status: 'sent', templateVersion: 1 });
      expect(row.body).toBeUndefined();
      expect(row.subject).toBeUndefined();
      expect(row.data).toBeUndefined();
      const seen = await w.req('GET', `/notifications/deliveries?pageSize=100`, { as: w.cast.admin });
      expect(seen.text).not.toContain(token);
      expect(JSON.stringify(await w.deliveries({}))).not.toContain(token);
      expect(w.platform.logs.join('\n')).not.toContain(token);
      expect(w.platform.logs.filter((l) => l.includes('notification ')).join('\n')).not.toContain(eve.email);

      // Registering sent the verification mail the same way.
      const [verify] = w.mailsTo(eve.email, 'email-verification');
      const verifyToken = /#token=([A-Za-z0-9_-]+)/.exec(verify.text!)![1];
      const [verifyRow] = await w.deliveries({ to: eve.email, template: 'email-verification' });
      expect(verifyRow).toMatchObject({ status: 'sent' });
      expect(JSON.stringify(verifyRow)).not.toContain(verifyToken);
      expect(w.platform.logs.join('\n')).not.toContain(verifyToken);

      // The token is the real one.
      const reset = await w.req('POST', '/auth/password/reset', { body: { token, password: 'a brand new passphrase 42' } });
      expect(reset.status).toBe(204);
    });

    it_('users.getPreferences answers what notifications needs, and 404 for nobody', async () => {
      const hal = await w.cast.newCustomer();
      expect(await w.system('users.getPreferences', { userId: hal.id })).toEqual({
        email: hal.email,
        name: 'customer',
        channels: { email: true, sms: false, push: false },
        language: 'en',
      });
      await expect(w.system('users.getPreferences', { userId: randomUUID() })).rejects.toMatchObject({ code: 404 });
      expect((await w.req('GET', '/me/preferences', { as: hal })).status).toBe(200);
    });

    adminCases({ it_, world: () => w });
  });
}
