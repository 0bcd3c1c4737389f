import { config } from '../../config/config';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { StoresMixin } from '../../mixins/stores.mixin';
import { SagaEngine } from '../../sagas/saga.engine';
import { SAGAS } from '../../sagas/saga.registry';
import type { SagaDoc } from '../../sagas/saga.state';
import type { SagaDefinition } from '../../sagas/saga.types';
import { coordinatorActions, type CoordinatorSchema, type CoordinatorThis } from './saga-coordinator.actions';
import { emptyCounts, registerSagaMetrics, sagaHooks } from './saga-coordinator.metrics';
import { storeSagaRepository } from './saga-coordinator.repository';
import { sagaSchema } from './saga-coordinator.schema';

/**
 * The saga coordinator (service `sagas`): starts sagas, drives each under a lease with its state
 * persisted before and after every step, resumes the sagas of coordinators that went quiet, and
 * lets operators list, inspect, retry and force-compensate them (`/api/admin/sagas`, REPL).
 */
const SagaCoordinatorService: CoordinatorSchema = {
  name: 'sagas',
  mixins: [StoresMixin({ saga: sagaSchema })],
  actions: coordinatorActions,
  methods: {
    defineSaga(this: CoordinatorThis, def: SagaDefinition) {
      this.engine.define(def);
    },
  },
  created(this: CoordinatorThis) {
    registerSagaMetrics(this.broker);
    this.counts = emptyCounts();
    const settings = config().sagas;
    this.repo = storeSagaRepository(this.store('saga').collection<SagaDoc>('sagas'));
    this.engine = new SagaEngine({
      repo: this.repo,
      owner: this.broker.nodeID,
      leaseMs: settings.leaseMs,
      defaultDeadlineMs: settings.stepDeadlineMs,
      log: { info: (m) => this.logger.info(m), warn: (m) => this.logger.warn(m) },
      hooks: sagaHooks(this.broker, this.counts),
      // Moleculer drains in-flight calls before stopping services: hand sagas over at the next step, not after the saga.
      shuttingDown: () => this.broker.stopping,
      call: (action, params, { sagaId, idempotencyKey, timeoutMs }) =>
        this.broker.call(action, params, {
          meta: { user: SYSTEM_PRINCIPAL, idempotencyKey },
          timeout: timeoutMs,
          retries: 0,
          requestID: `saga:${sagaId}`,
        }),
    });
    for (const def of SAGAS) this.engine.define(def);
  },
  async started(this: CoordinatorThis) {
    await this.ensureConnected('saga');
    const resume = () => {
      // One pass at a time per node; passes on other nodes race fairly (each claim names a version).
      this.resuming ??= this.engine
        .resumeLapsed()
        .catch((err: Error) => this.logger.warn(`Saga resumer: ${err.message}`))
        .finally(() => (this.resuming = undefined));
    };
    resume();
    this.resumeTimer = setInterval(resume, config().sagas.resumeIntervalMs);
    this.resumeTimer.unref();
  },
  async stopped(this: CoordinatorThis) {
    clearInterval(this.resumeTimer);
    await this.resuming;
    await this.engine.stop(5_000);
  },
};

export default SagaCoordinatorService;
