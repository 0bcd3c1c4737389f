import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Collection, Store } from '../../mixins/store/store.types';
import type { Delivery, Notice, NoticeKind, NoticeResult } from '../../services/notifications/notifications.contract';
import type { Reply } from '../support/http';
import { ADMIN_PASSWORD, castOf, type Cast, type Identity } from '../support/identities';
import { startPlatform, type Platform } from '../support/platform';

/** One line of the JSON transport's outbox, as nodemailer writes it. */
export interface MailLine {
  from: { address: string; name: string };
  to: { address: string; name: string }[];
  subject: string;
  html?: string;
  text?: string;
  headers: Record<string, string>;
  messageId: string;
}

export type Page<T> = { rows: T[]; total: number; page: number; pageSize: number };

/** What a cases file gets from the suite that runs it. */
export interface Cases {
  it_: (name: string, fn: () => Promise<void>, timeout?: number) => void;
  world: () => World;
}

export type Body = Record<string, unknown> & { error?: { type: string; message: string; fields?: { field: string }[] } };

export interface World {
  platform: Platform;
  cast: Cast;
  req<T = Body>(method: string, route: string, opts?: { as?: Identity; body?: unknown }): Promise<Reply<T>>;
  /** Calls an action as the platform itself; `key` plays the saga's step key. */
  system<T>(action: string, params: unknown, key?: string): Promise<T>;
  notice(
    userId: string,
    kind: NoticeKind,
    opts?: { orderId?: string; key?: string; data?: Record<string, unknown> },
  ): Promise<NoticeResult>;
  /** Mails the JSON transport wrote to this address; without `template`, all but the verification mail registering sends. */
  mailsTo(address: string, template?: string): MailLine[];
  /** Delivery rows straight from the store. */
  deliveries(filter: Record<string, string>): Promise<Delivery[]>;
  /** Whether the consumer inbox remembers this event id. */
  inboxHas(eventId: string): Promise<boolean>;
  /** The order-notice claims, straight from the store. */
  notices(): Collection<Notice>;
}

/** The gateway, auth (admin, sign-in, password reset), users (preferences), returns (the approval mail's label) and notifications. */
export async function startWorld(env: Record<string, string>): Promise<World> {
  // The retry sweep runs when a test calls it, not on its timer.
  const platform = await startPlatform(['api', 'auth', 'users', 'returns', 'notifications'], {
    ADMIN_PASSWORD,
    NOTICE_RETRY_SWEEP_MS: '3600000',
    ...env,
  });
  const { SYSTEM_PRINCIPAL } = await import('../../mixins/access/access.types');
  const cast = await castOf(platform.api);
  const system = <T>(action: string, params: unknown, key?: string) =>
    platform.broker.call<T, unknown>(action, params, {
      meta: { user: SYSTEM_PRINCIPAL, ...(key ? { idempotencyKey: key } : {}) },
    });
  const service = platform.broker.getLocalService('notifications') as unknown as {
    deliveries(): { find(o: { filter: Record<string, string> }): Promise<Delivery[]> };
    store(name: string): Store;
  };
  const outbox = path.join(platform.dataDir, 'mail', 'outbox.jsonl');
  return {
    platform,
    cast,
    req: (method, route, opts = {}) => cast.call(method, route, opts.body, { token: opts.as?.token }),
    system,
    notice: (userId, kind, opts = {}) =>
      system<NoticeResult>(
        'notifications.orderNotice',
        { orderId: opts.orderId ?? randomUUID(), userId, kind, data: opts.data ?? { amount: { amount: 4250, currency: 'EUR' } } },
        opts.key,
      ),
    mailsTo(address, template) {
      if (!existsSync(outbox)) return [];
      return readFileSync(outbox, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as MailLine)
        .filter((m) => m.to.some((t) => t.address === address))
        .filter((m) => {
          const key = m.headers['X-Template'].split('@')[0];
          return template ? key === template : key !== 'email-verification';
        });
    },
    deliveries: (filter) => service.deliveries().find({ filter }),
    inboxHas: async (eventId) => (await service.store('notifications').collection('inbox').get(eventId)) !== null,
    notices: () => service.store('notifications').collection<Notice>('notices'),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
