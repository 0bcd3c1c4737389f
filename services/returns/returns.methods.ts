import type { Context, Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { SYSTEM_PRINCIPAL, type CallerMeta } from '../../mixins/access/access.types';
import type { OutboxMethods } from '../../mixins/messaging/outbox.mixin';
import type { StoresMethods } from '../../mixins/stores.mixin';

/** What the returns service's handlers see as `this`. */
export type ReturnsMethods = StoresMethods & OutboxMethods;
export type ReturnsThis = Service & ReturnsMethods;
export type ReturnsActions = NonNullable<ServiceSchema<ServiceSettingSchema, ReturnsMethods>['actions']>;
export type Ctx<P> = Context<P, CallerMeta & { $statusCode?: number }>;

/** What returns reads from and asks of other services, as the platform (never as the caller). */
export const AS_PLATFORM = { meta: { user: SYSTEM_PRINCIPAL } };

/** Support reads returns to answer customers; only admins decide, receive and set the policy. */
export const STAFF = { roles: ['admin' as const, 'support' as const] };
export const ADMIN = { roles: ['admin' as const] };
