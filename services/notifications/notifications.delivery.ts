import { randomUUID } from 'node:crypto';
import type { Service } from 'moleculer';
import type { Collection } from '../../mixins/store/store.types';
import type { Channel, Delivery, DeliverySummary, NoticeRefs, Template } from './notifications.contract';
import { errorText, isSecret, maskAddress, refsOf, scalarVars } from './notifications.domain';
import type { Mailer } from './notifications.mailer';
import { render, type Vars } from './notifications.render.domain';

export interface DeliveryDeps {
  deliveries: Collection<Delivery>;
  mailer: Mailer;
  logger: Service['logger'];
}

export interface DeliveryInput extends NoticeRefs {
  templateKey: string;
  /** The channel's current template version; absent when the key has none for this channel. */
  template?: Template;
  channel: Channel;
  to?: string;
  userId?: string;
  orderId?: string;
  requestId?: string;
  /** What the caller passed (decides whether the log may keep anything of it). */
  data?: Record<string, unknown>;
  vars: Vars;
  /** The customer turned this channel off. */
  optedOut?: boolean;
  /** A reason the delivery cannot happen at all (e.g. unknown recipient). */
  failure?: string;
  /** Runs right before the message is handed to the transport; when it throws, nothing is sent. */
  beforeSend?: (deliveryId: string) => Promise<void>;
}

type Outcome = Pick<Delivery, 'status' | 'error' | 'messageId' | 'subject' | 'body'>;

/**
 * One message on one channel, and its row in the delivery log. Only email has a transport: other
 * channels are logged as skipped, never pretended. A failure is recorded, not thrown: a notice
 * must not fail the business step that asked for it.
 */
export async function deliver(deps: DeliveryDeps, input: DeliveryInput): Promise<DeliverySummary> {
  const id = randomUUID();
  const outcome = await attempt(deps.mailer, input, id);
  const secret = isSecret(input.templateKey, input.data);
  const row: Delivery = {
    id,
    userId: input.userId,
    to: input.to,
    template: input.templateKey,
    templateVersion: input.template?.templateVersion,
    channel: input.channel,
    status: outcome.status,
    error: outcome.error,
    messageId: outcome.messageId,
    orderId: input.orderId,
    ...refsOf(input),
    requestId: input.requestId,
    at: Date.now(),
    ...(secret ? {} : { subject: outcome.subject, body: outcome.body, data: scalarVars(input.vars) }),
  };
  await deps.deliveries.insert(withoutUndefined(row));
  const version = input.template ? ` v${input.template.templateVersion}` : '';
  const line = `notification ${input.templateKey}${version} ${input.channel} to ${maskAddress(input.to)}: ${row.status}`;
  if (row.status === 'failed') deps.logger.warn(`${line} (${row.error}) delivery ${id}`);
  else deps.logger.info(`${line}${row.error ? ` (${row.error})` : ''} delivery ${id}`);
  return {
    id,
    channel: row.channel,
    status: row.status,
    ...(row.error ? { error: row.error } : {}),
    ...(row.messageId ? { messageId: row.messageId } : {}),
  };
}

/** The channels the log shows already sent for this order's (shipment's, return's, receipt's) template: a notice claimed again skips them. */
export async function sentChannels(
  log: Collection<Delivery>,
  of: NoticeRefs & { orderId: string; template: string },
): Promise<Map<Channel, DeliverySummary>> {
  const filter = { orderId: of.orderId, template: of.template, status: 'sent', ...refsOf(of) };
  const rows = await log.find({ filter, limit: 10 });
  return new Map(
    rows.map(({ id, channel, status, messageId }) => [channel, { id, channel, status, ...(messageId ? { messageId } : {}) }]),
  );
}

async function attempt(mailer: Mailer, input: DeliveryInput, deliveryId: string): Promise<Outcome> {
  if (input.failure) return { status: 'failed', error: input.failure };
  if (input.optedOut) return { status: 'skipped', error: 'opted out' };
  if (input.channel !== 'email') return { status: 'skipped', error: 'channel not configured' };
  if (!input.template) return { status: 'failed', error: `no ${input.channel} template ${input.templateKey}` };
  if (!input.to) return { status: 'failed', error: 'no recipient address' };
  let rendered: { subject: string; body: string };
  try {
    rendered = render(input.template, input.vars);
  } catch (err) {
    return { status: 'failed', error: errorText(err) };
  }
  try {
    const headers = { 'X-Template': `${input.templateKey}@${input.template.templateVersion}`, 'X-Delivery-Id': deliveryId };
    await input.beforeSend?.(deliveryId);
    const { messageId } = await mailer.send({ to: input.to, ...rendered, format: input.template.format, headers });
    return { status: 'sent', messageId, ...rendered };
  } catch (err) {
    return { status: 'failed', error: errorText(err), ...rendered };
  }
}

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
