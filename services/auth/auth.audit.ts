import { randomUUID } from 'node:crypto';
import type { Context } from 'moleculer';
import type { CallerMeta } from '../../mixins/access/access.types';
import type { WriteOp } from '../../mixins/store/store.types';
import type { AuditEvent } from './auth.contract';

export const AUDIT = 'audit_events';

export type AuditType =
  | 'account.registered'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'refresh.reused'
  | 'logout'
  | 'password.reset-requested'
  | 'password.reset'
  | 'password.changed'
  | 'password.change-failed'
  | 'email.verified'
  | 'email.verification-sent'
  | 'role.changed'
  | 'account.status-changed';

export interface AuditFields {
  accountId?: string;
  email?: string;
  detail?: Record<string, unknown>;
}

const clip = (s: unknown, max: number): string | undefined => (typeof s === 'string' && s ? s.slice(0, max) : undefined);

/** One audit row with who asked (actor), from where (ip, user agent) and which request. */
export function auditEvent(
  ctx: Context<unknown, CallerMeta>,
  type: AuditType,
  fields: AuditFields,
  now = Date.now(),
): AuditEvent {
  const actor = ctx.meta.user;
  return {
    id: randomUUID(),
    at: now,
    type,
    accountId: fields.accountId,
    actorId: actor?.system ? 'system' : actor?.id,
    email: fields.email,
    ip: clip(ctx.meta.ip, 64),
    requestId: clip(ctx.requestID, 64),
    userAgent: clip(ctx.meta.userAgent, 256),
    detail: fields.detail,
  };
}

/** The audit row as a write for the same atomic unit as the change it records. */
export const auditOp = (ctx: Context<unknown, CallerMeta>, type: AuditType, fields: AuditFields, now = Date.now()): WriteOp => ({
  op: 'insert',
  collection: AUDIT,
  doc: auditEvent(ctx, type, fields, now),
});
