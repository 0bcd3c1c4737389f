import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Collection } from '../../mixins/store/store.types';
import {
  CHANNELS,
  NOTICE_TEMPLATES,
  type Notice,
  type NoticeKind,
  type NoticeResult,
  type Recipient,
  type Template,
} from './notifications.contract';
import { deliver, type DeliveryDeps } from './notifications.delivery';
import { orderVars } from './notifications.domain';

/** A claim older than this belongs to a node that died mid-send: another call may take the notice over. */
export const CLAIM_MS = 60_000;

export interface OrderNotice {
  orderId: string;
  userId: string;
  kind: NoticeKind;
  data?: Record<string, unknown>;
  requestId?: string;
}

export interface NoticeDeps extends DeliveryDeps {
  notices: Collection<Notice>;
  /** The channel → current template map of a key. */
  currentTemplates(key: string): Promise<Map<string, Template>>;
  /** The customer's address and channels; null when no such customer exists. */
  recipient(userId: string): Promise<Recipient | null>;
}

/**
 * Sends an order notice at most once per (order, kind), whether the saga's step or the status
 * event asks first, and however often either repeats: the first caller claims the notice, sends
 * on each channel that has a template, and marks it done. A notice whose deliveries failed may be
 * claimed again by a later call.
 */
export async function noticeOrder(deps: NoticeDeps, notice: OrderNotice): Promise<NoticeResult> {
  const noticeId = `${notice.orderId}:${notice.kind}`;
  const duplicate: NoticeResult = { notice: noticeId, duplicate: true };
  const existing = await deps.notices.get(noticeId);
  if (existing && !claimable(existing, Date.now())) return duplicate;
  // Read before claiming: a claim is then held only while sending.
  const recipient = await deps.recipient(notice.userId);
  const key = NOTICE_TEMPLATES[notice.kind];
  const templates = await deps.currentTemplates(key);
  if (!(await claim(deps.notices, noticeId, notice, existing))) return duplicate;

  const base = {
    templateKey: key,
    userId: notice.userId,
    orderId: notice.orderId,
    requestId: notice.requestId,
    data: notice.data,
  };
  const deliveries = [];
  if (!recipient || templates.size === 0) {
    const failure = recipient ? undefined : 'recipient not found';
    deliveries.push(await deliver(deps, { ...base, channel: 'email', template: templates.get('email'), failure, vars: {} }));
  } else {
    const vars = orderVars(notice.orderId, recipient, notice.data);
    for (const channel of CHANNELS) {
      const template = templates.get(channel);
      if (!template) continue;
      const to = channel === 'email' ? recipient.email : undefined;
      deliveries.push(await deliver(deps, { ...base, channel, template, to, vars, optedOut: !recipient.channels[channel] }));
    }
  }
  const status = deliveries.some((d) => d.status === 'failed') ? 'failed' : 'done';
  await deps.notices.update(noticeId, { $set: { status, deliveries } });
  return { notice: noticeId, deliveries };
}

function claimable(notice: Notice, now: number): boolean {
  return notice.status === 'failed' || (notice.status === 'sending' && notice.claimedAt < now - CLAIM_MS);
}

async function claim(notices: Collection<Notice>, id: string, notice: OrderNotice, existing: Notice | null): Promise<boolean> {
  const now = Date.now();
  if (existing) {
    const taken = await notices.update(
      id,
      { $set: { status: 'sending', claimedAt: now } },
      { where: { status: existing.status, claimedAt: existing.claimedAt } },
    );
    return taken !== null;
  }
  try {
    await notices.insert({
      id,
      orderId: notice.orderId,
      userId: notice.userId,
      kind: notice.kind,
      status: 'sending',
      claimedAt: now,
    });
    return true;
  } catch (err) {
    if (err instanceof UniqueConflictError) return false;
    throw err;
  }
}
