import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Collection } from '../../mixins/store/store.types';
import {
  CHANNELS,
  NOTICE_TEMPLATES,
  type Channel,
  type DeliverySummary,
  type Notice,
  type NoticeKind,
  type NoticeRefs,
  type NoticeResult,
  type Recipient,
  type Template,
} from './notifications.contract';
import { deliver, sentChannels, type DeliveryDeps, type DeliveryInput } from './notifications.delivery';
import { noticeIdOf, orderVars, refsOf } from './notifications.domain';
import { doubling } from '../../mixins/backoff';
import { ClaimUndecidedError } from './notifications.claims.domain';

/** A claim older than this belongs to a node that died mid-send: another call may take the notice over. */
export const CLAIM_MS = 60_000;

/** A shipment's or a return's notice names it (refs): the notice is then one per (shipment, return or receipt; kind). */
export interface OrderNotice extends NoticeRefs {
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
  /** Who claims through these deps (notifications.claims.domain.ts holderText). */
  holder: string;
  /** Whether a claim's holder is known to be gone (holderGone against the broker's registry). */
  holderGone(claimedBy: string | undefined): boolean;
  /** Whether it is too early to tell (holderUndecided): the caller is to ask again, not take the notice for sent. */
  holderUndecided(claimedBy: string | undefined): boolean;
}

/**
 * Sends an order notice at most once per (order, kind) (a shipment's or a return's: per its ref and kind),
 * whether the saga's step or the event asks first, and however often either repeats: the first
 * caller claims the notice, sends on each channel that has a template, and marks it done. A notice
 * whose deliveries failed may be claimed again by a later call.
 */
export async function noticeOrder(deps: NoticeDeps, notice: OrderNotice): Promise<NoticeResult> {
  const noticeId = noticeIdOf(notice);
  const duplicate: NoticeResult = { notice: noticeId, duplicate: true };
  const existing = await deps.notices.get(noticeId);
  if (existing && !claimable(existing, Date.now(), deps.holderGone)) {
    if (existing.status === 'sending' && deps.holderUndecided(existing.claimedBy)) throw new ClaimUndecidedError(noticeId);
    return duplicate;
  }
  // Read before claiming: a claim is then held only while sending.
  const recipient = await deps.recipient(notice.userId);
  const key = NOTICE_TEMPLATES[notice.kind];
  const templates = await deps.currentTemplates(key);
  if (!(await claim(deps.notices, noticeId, notice, existing, deps.holder))) return duplicate;

  const base = {
    templateKey: key,
    userId: notice.userId,
    orderId: notice.orderId,
    ...refsOf(notice),
    requestId: notice.requestId,
    data: notice.data,
  };
  // A notice claimed again (its holder died after sending, or another channel failed) never sends
  // again on a channel that already went out: the delivery log says so, or, for a dead holder that
  // handed the mail over without logging it, the transport; where it cannot tell, once at most beats twice.
  const sent = existing ? await sentChannels(deps.deliveries, { ...base, template: key }) : new Map<Channel, DeliverySummary>();
  if (existing && !sent.has('email') && (await handedOver(deps, existing)))
    sent.set('email', {
      id: existing.mailDeliveryId!,
      channel: 'email',
      status: 'sent',
      error: 'sent by a node that died before logging it',
    });
  const beforeSend = async (mailDeliveryId: string) =>
    void (await deps.notices.update(noticeId, { $set: { mailStartedAt: Date.now(), mailDeliveryId } }));
  const once = async (input: DeliveryInput) => sent.get(input.channel) ?? (await deliver(deps, { ...input, beforeSend }));
  const deliveries = [];
  if (!recipient || templates.size === 0) {
    const failure = recipient ? undefined : 'recipient not found';
    deliveries.push(await once({ ...base, channel: 'email', template: templates.get('email'), failure, vars: {} }));
  } else {
    const vars = orderVars(notice.orderId, recipient, notice.data);
    for (const channel of CHANNELS) {
      const template = templates.get(channel);
      if (!template) continue;
      const to = channel === 'email' ? recipient.email : undefined;
      deliveries.push(await once({ ...base, channel, template, to, vars, optedOut: !recipient.channels[channel] }));
    }
  }
  const status = deliveries.some((d) => d.status === 'failed') ? 'failed' : 'done';
  await deps.notices.update(noticeId, { $set: { status, deliveries } });
  return { notice: noticeId, deliveries };
}

type Gone = NoticeDeps['holderGone'];
/** A claim lapses after CLAIM_MS, or at once when its holder died (the redelivered event must not be acknowledged unsent). */
const lapsed = (notice: Notice, now: number, gone: Gone): boolean => notice.claimedAt < now - CLAIM_MS || gone(notice.claimedBy);

/** The claim's holder handed the mail to the transport under this claim, and the transport did not deny sending it. */
async function handedOver(deps: NoticeDeps, existing: Notice): Promise<boolean> {
  if (existing.status !== 'sending' || !existing.mailDeliveryId || (existing.mailStartedAt ?? 0) < existing.claimedAt)
    return false;
  return (await deps.mailer.wasSent(existing.mailDeliveryId)) !== false;
}

function claimable(notice: Notice, now: number, gone: Gone): boolean {
  return notice.status === 'failed' || (notice.status === 'sending' && lapsed(notice, now, gone));
}

/** Claims a notice gets before the sweep leaves it failed for an operator. */
export const NOTICE_MAX_ATTEMPTS = 8;
/** After the n-th failed claim the sweep waits 1 min × 2^(n-1), at most an hour (8 claims span about 2 h). */
export const noticeBackoffMs = doubling(60_000, 3_600_000);

/**
 * Whether the retry sweep should send a notice again now: its sender died mid-send (the claim
 * lapsed), or its deliveries failed and the backoff has passed; never after the last attempt.
 */
export function dueForRetry(notice: Notice, now: number, gone: Gone = () => false): boolean {
  const attempts = notice.attempts ?? 1;
  if (attempts >= NOTICE_MAX_ATTEMPTS) return false;
  if (notice.status === 'sending') return lapsed(notice, now, gone);
  return notice.status === 'failed' && notice.claimedAt < now - noticeBackoffMs(attempts);
}

/**
 * The retry sweep: sends again every notice that is due (a mail lost to a crash between claiming
 * and sending, a mail server that was down). The event that asked for it is long acknowledged, so
 * without this the notice would wait for a call that never comes. Safe to race: each resend claims
 * the notice first. Returns how many were sent again.
 */
export async function retryNotices(deps: NoticeDeps, now = Date.now()): Promise<number> {
  // Spent notices are filtered out by the store, so they can never crowd the due ones out of the page.
  const filter = { status: { $in: ['sending', 'failed'] }, attempts: { $lt: NOTICE_MAX_ATTEMPTS } };
  const open = await deps.notices.find({ filter, sort: ['claimedAt'], limit: 100 });
  let resent = 0;
  for (const notice of open.filter((n) => dueForRetry(n, now, deps.holderGone))) {
    const { orderId, userId, kind, data, requestId } = notice;
    const result = await noticeOrder(deps, { orderId, ...refsOf(notice), userId, kind, data, requestId });
    if (!result.duplicate) resent++;
  }
  return resent;
}

async function claim(
  notices: Collection<Notice>,
  id: string,
  notice: OrderNotice,
  existing: Notice | null,
  holder: string,
): Promise<boolean> {
  const now = Date.now();
  if (existing) {
    const taken = await notices.update(
      id,
      { $set: { status: 'sending', claimedAt: now, claimedBy: holder }, $inc: { attempts: 1 } },
      { where: { status: existing.status, claimedAt: existing.claimedAt } },
    );
    return taken !== null;
  }
  try {
    await notices.insert({
      id,
      orderId: notice.orderId,
      ...refsOf(notice),
      userId: notice.userId,
      kind: notice.kind,
      status: 'sending',
      claimedAt: now,
      claimedBy: holder,
      attempts: 1,
      ...(notice.data ? { data: notice.data } : {}),
      ...(notice.requestId ? { requestId: notice.requestId } : {}),
    });
    return true;
  } catch (err) {
    if (err instanceof UniqueConflictError) return false;
    throw err;
  }
}
