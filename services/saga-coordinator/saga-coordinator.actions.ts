import { Errors, type Context, type Service, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import { notFound } from '../../mixins/access/access.middleware';
import type { AccessRule, CallerMeta } from '../../mixins/access/access.types';
import type { StoresMethods } from '../../mixins/stores.mixin';
import { pageParams } from '../../mixins/validation/params';
import type { SagaEngine } from '../../sagas/saga.engine';
import { SagaNotFoundError, SignalKeyReusedError, StaleSagaError, UnknownSagaTypeError } from '../../sagas/saga.errors';
import type { SagaRepository } from '../../sagas/saga.repository';
import { SAGA_STATUSES, type SagaDoc, type SagaStatus } from '../../sagas/saga.state';
import { SagaTransitionError } from '../../sagas/saga.resume';
import type { SagaData, SagaDefinition } from '../../sagas/saga.types';
import { sagaSummary, sagaView, type SagaSummary, type SagaView } from '../../sagas/saga.view';
import type { SagaCounts } from './saga-coordinator.metrics';
import { SAGAS_RESPONSES } from './saga-coordinator.responses';

export interface CoordinatorMethods extends StoresMethods {
  /** Adds a saga definition on this node (the platform's are defined at start; tests add their own). */
  defineSaga(def: SagaDefinition): void;
  /** Wakes sagas waiting to retry and resumes those parked for a service that is back. */
  participantsChanged(): void;
}
export interface CoordinatorVars {
  engine: SagaEngine;
  repo: SagaRepository;
  counts: SagaCounts;
  resumeTimer?: NodeJS.Timeout;
  /** The resumer's pass in progress on this node, if any. */
  resuming?: Promise<unknown>;
  /** The pass after a registry change in progress, and whether another change came meanwhile. */
  changing?: Promise<unknown>;
  changedAgain?: boolean;
}
export type CoordinatorThis = Service & CoordinatorMethods & CoordinatorVars;
export type CoordinatorSchema = ServiceSchema<ServiceSettingSchema, CoordinatorMethods, CoordinatorVars>;
type Actions = NonNullable<CoordinatorSchema['actions']>;
type Ctx<P> = Context<P, CallerMeta & { $statusCode?: number }>;

const STAFF: AccessRule = { roles: ['admin', 'support'] };
const ADMIN: AccessRule = { roles: ['admin'] };
const route = (method: 'GET' | 'POST', path: string) => ({ method, path, basePath: '/admin/sagas' });
/** Saga ids are order ids or derived from them (`cancel:<orderId>`). */
const sagaId = { type: 'string', min: 1, max: 128, pattern: /^[A-Za-z0-9_.:-]+$/ } as const;
const sagaType = { type: 'string', min: 1, max: 64, pattern: /^[a-z][a-z0-9-]*$/ } as const;
const signalName = { type: 'string', min: 1, max: 64, pattern: /^[a-z][a-z0-9.-]*$/ } as const;
const MAX_DATA_CHARS = 64 * 1024;

const invalid = (field: string, message: string) =>
  new Errors.ValidationError('Invalid input', 'VALIDATION_ERROR', [{ field, message }]);
/** Saga data and signal data travel whole in the saga's document and mailbox: bounded. */
function boundedData(data: SagaData): SagaData {
  if (JSON.stringify(data).length > MAX_DATA_CHARS) throw invalid('data', `at most ${MAX_DATA_CHARS} characters of JSON`);
  return data;
}

/** Engine errors as the API's: 404, 409 with a type, 422 naming the field. */
function apiError(err: unknown): never {
  if (err instanceof SagaNotFoundError) throw notFound('Saga');
  if (err instanceof SagaTransitionError) throw new Errors.MoleculerClientError(err.message, 409, err.reason);
  if (err instanceof StaleSagaError)
    throw new Errors.MoleculerClientError('The saga changed meanwhile; try again', 409, 'CONFLICT');
  if (err instanceof UnknownSagaTypeError) throw new Errors.MoleculerClientError(err.message, 409, 'UNKNOWN_SAGA_TYPE');
  if (err instanceof SignalKeyReusedError) throw new Errors.MoleculerClientError(err.message, 409, 'SIGNAL_KEY_REUSED');
  throw err;
}

async function operate(svc: CoordinatorThis, ctx: Ctx<{ id: string }>, op: 'retry' | 'compensate') {
  const saga: SagaDoc = await svc.engine[op](ctx.params.id).catch(apiError);
  svc.logger.info(`Saga ${saga.id}: ${op} by ${ctx.meta.user?.id ?? 'unknown'}`);
  ctx.meta.$statusCode = 202;
  return { id: saga.id, status: saga.status };
}

export const coordinatorActions: Actions = {
  /** Persists the saga and answers at once; the coordinator drives it in the background. Idempotent by id. */
  start: {
    visibility: 'public',
    access: 'internal',
    idempotent: false,
    params: { type: sagaType, id: sagaId, data: { type: 'object' }, $$strict: true },
    async handler(
      this: CoordinatorThis,
      ctx: Ctx<{ type: string; id: string; data: SagaData }>,
    ): Promise<{ id: string; status: SagaStatus }> {
      const { type, id, data } = ctx.params;
      const { saga } = await this.engine.start(type, id, boundedData(data)).catch((err) => {
        if (err instanceof UnknownSagaTypeError) throw invalid('type', `one of: ${this.engine.types().join(', ')}`);
        throw err;
      });
      if (saga.type !== type) throw new Errors.MoleculerClientError('A saga of another type has this id', 409, 'SAGA_ID_TAKEN');
      return { id: saga.id, status: saga.status };
    },
  },

  /**
   * Delivers a signal to a saga (a parcel received): kept in its mailbox once per `key`, and the
   * saga resumes if it waits for it; otherwise its step takes it on arrival. 409 SAGA_NOT_WAITING for
   * a saga that will wait no more, SIGNAL_KEY_REUSED for a key already used by another signal.
   */
  signal: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    response: SAGAS_RESPONSES.signal,
    params: { sagaId, signal: signalName, key: sagaId, data: { type: 'object', optional: true }, $$strict: true },
    async handler(
      this: CoordinatorThis,
      ctx: Ctx<{ sagaId: string; signal: string; key: string; data?: SagaData }>,
    ): Promise<{ id: string; status: SagaStatus; duplicate: boolean }> {
      const { sagaId: id, signal, key, data = {} } = ctx.params;
      const { saga, duplicate } = await this.engine.signal(id, signal, key, boundedData(data)).catch(apiError);
      return { id: saga.id, status: saga.status, duplicate };
    },
  },

  get: {
    rest: route('GET', '/:id'),
    response: SAGAS_RESPONSES.get,
    access: STAFF,
    idempotent: true,
    params: { id: sagaId },
    async handler(this: CoordinatorThis, ctx: Ctx<{ id: string }>): Promise<SagaView> {
      const doc = await this.repo.get(ctx.params.id);
      if (!doc) throw notFound('Saga');
      return sagaView(doc);
    },
  },

  list: {
    rest: route('GET', '/'),
    response: SAGAS_RESPONSES.list,
    access: STAFF,
    idempotent: true,
    params: {
      status: { type: 'enum', values: [...SAGA_STATUSES], optional: true },
      type: { ...sagaType, optional: true },
      ...pageParams,
      $$strict: 'remove',
    },
    async handler(
      this: CoordinatorThis,
      ctx: Ctx<{ status?: SagaStatus; type?: string; page: number; pageSize: number }>,
    ): Promise<{ rows: SagaSummary[]; total: number; page: number; pageSize: number }> {
      const { status, type, page, pageSize } = ctx.params;
      const { rows, total } = await this.repo.list({ status, type, offset: (page - 1) * pageSize, limit: pageSize });
      return { rows: rows.map(sagaSummary), total, page, pageSize };
    },
  },

  /** Re-runs a NEEDS_ATTENTION saga from where it stopped, with fresh retry budgets. */
  retry: {
    rest: route('POST', '/:id/retry'),
    response: SAGAS_RESPONSES.retry,
    access: ADMIN,
    idempotent: false,
    params: { id: sagaId, $$strict: true },
    handler(this: CoordinatorThis, ctx: Ctx<{ id: string }>) {
      return operate(this, ctx, 'retry');
    },
  },

  /** Undoes whatever a running or parked saga may have done, in reverse order. */
  compensate: {
    rest: route('POST', '/:id/compensate'),
    response: SAGAS_RESPONSES.compensate,
    access: ADMIN,
    idempotent: false,
    params: { id: sagaId, $$strict: true },
    handler(this: CoordinatorThis, ctx: Ctx<{ id: string }>) {
      return operate(this, ctx, 'compensate');
    },
  },

  /** This node's counts since it started (metrics without a reporter), and how many sagas it drives now. */
  stats: {
    visibility: 'public',
    access: 'internal',
    idempotent: true,
    handler(this: CoordinatorThis) {
      return { node: this.broker.nodeID, active: this.engine.active, types: this.engine.types(), counts: this.counts };
    },
  },
};
