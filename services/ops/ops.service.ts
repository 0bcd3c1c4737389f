import type { Context, Service, ServiceSchema, ServiceSettingSchema } from 'moleculer';
import { config } from '../../config/config';
import { STORE_DEFAULTS, type StoreName } from '../../config/stores';
import type { Store } from '../../mixins/store/store.types';
import { runAudit } from '../../ops/audit/audit.runner';
import type { AuditReport } from '../../ops/audit/audit.types';
import { REGISTRY } from '../registry';
import { OPS_RESPONSES } from './ops.responses';

/** Services that consume durable events (ConsumerMixin, per their manifests): the only ones with dead letters. */
const CONSUMER = { type: 'enum', values: REGISTRY.consumers } as const;
const LETTER_ID = { type: 'string', pattern: /^[0-9a-zA-Z-]{1,40}$/ } as const;

/** One dead letter of one consuming service, passed to that service's internal `deadLetters.<verb>`. */
const letterRoute = (rest: string, verb: 'get' | 'replay') => ({
  rest,
  response: OPS_RESPONSES[verb],
  access: { roles: ['admin' as const] },
  idempotent: verb === 'get',
  params: { service: CONSUMER, id: LETTER_ID, $$strict: true },
  handler(this: Service, ctx: Context<{ service: string; id: string }>) {
    return ctx.call(`${ctx.params.service}.deadLetters.${verb}`, { id: ctx.params.id });
  },
});

/**
 * Operator tools that look across services: the consistency auditor (route, action; the REPL's
 * `audit` command calls it) and the consumers' dead letters. Stores of services on this node are used as they are open (PGlite
 * allows one opener); the others are opened for the audit and closed after.
 */
const OpsService: ServiceSchema<ServiceSettingSchema> = {
  name: 'ops',
  settings: { rest: '/admin' },
  actions: {
    audit: {
      rest: 'GET /audit',
      response: OPS_RESPONSES.audit,
      access: { roles: ['admin'] },
      idempotent: false,
      params: {
        sagaStaleMs: { type: 'number', integer: true, min: 0, max: 86_400_000, convert: true, optional: true },
        outboxStaleMs: { type: 'number', integer: true, min: 0, max: 86_400_000, convert: true, optional: true },
        $$strict: 'remove',
      },
      handler(this: Service, ctx: Context<{ sagaStaleMs?: number; outboxStaleMs?: number }>): Promise<AuditReport> {
        const openStore = (name: StoreName): Store | undefined => {
          const owner = this.broker.getLocalService(STORE_DEFAULTS[name].service) as unknown as
            { store?(n: StoreName): Store } | undefined;
          return owner?.store?.(name);
        };
        return runAudit(config(), { ...ctx.params, openStore });
      },
    },
    /** Dead letters of one consuming service (its durable consumers gave up on these events). */
    deadLetters: {
      rest: 'GET /dead-letters/:service',
      response: OPS_RESPONSES.deadLetters,
      access: { roles: ['admin'] },
      idempotent: true,
      params: {
        service: CONSUMER,
        limit: { type: 'number', integer: true, min: 1, max: 1_000, convert: true, optional: true },
        $$strict: 'remove',
      },
      handler(this: Service, ctx: Context<{ service: string; limit?: number }>) {
        return ctx.call(`${ctx.params.service}.deadLetters.list`, { limit: ctx.params.limit });
      },
    },
    deadLetter: letterRoute('GET /dead-letters/:service/:id', 'get'),
    replayDeadLetter: letterRoute('POST /dead-letters/:service/:id/replay', 'replay'),
  },
};

export default OpsService;
