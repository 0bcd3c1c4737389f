import type { ServiceBroker } from 'moleculer';
import { config } from '../../config/config';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import { StoresMixin } from '../../mixins/stores.mixin';
import { SagaEngine } from '../../sagas/saga.engine';
import { SAGAS } from '../../sagas/saga.registry';
import type { SagaDoc } from '../../sagas/saga.state';
import type { SagaDefinition } from '../../sagas/saga.types';
import { coordinatorActions, type CoordinatorSchema, type CoordinatorThis } from './saga-coordinator.actions';
import { emptyCounts, registerSagaMetrics, sagaHooks } from './saga-coordinator.metrics';
import { storeSagaRepository, type SignalDoc } from './saga-coordinator.repository';
import { sagaSchema } from './saga-coordinator.schema';

/** Services some node serves right now, by full name (`v2.orders` for versioned ones). */
function availableServices(broker: ServiceBroker): (service: string) => boolean {
  const names = new Set(
    (broker.registry.getServiceList({ onlyAvailable: true }) as { fullName?: string; name: string }[]).map(
      (s) => s.fullName ?? s.name,
    ),
  );
  return (service) => names.has(service);
}

/**
 * The saga coordinator (service `sagas`): starts sagas, drives each under a lease with its state
 * persisted before and after every step, resumes the sagas of coordinators that went quiet, and
 * lets operators list, inspect, retry and force-compensate them (`/api/admin/sagas`, REPL).
 */
const SagaCoordinatorService: CoordinatorSchema = {
  name: 'sagas',
  mixins: [StoresMixin({ saga: sagaSchema })],
  actions: coordinatorActions,
  // The registry says when a node (re)joins or its services change: a participant may be back.
  events: {
    '$services.changed'(this: CoordinatorThis) {
      this.participantsChanged();
    },
    '$node.connected'(this: CoordinatorThis) {
      this.participantsChanged();
    },
  },
  methods: {
    defineSaga(this: CoordinatorThis, def: SagaDefinition) {
      this.engine.define(def);
    },
    participantsChanged(this: CoordinatorThis) {
      if (!this.resumeTimer) return; // not started: the first resume pass looks at everything
      // One pass at a time; a change during a pass is looked at once it ends.
      if (this.changing) return void (this.changedAgain = true);
      this.changing = this.engine
        .participantsChanged(availableServices(this.broker))
        .catch((err: Error) => this.logger.warn(`Saga resumer (participants changed): ${err.message}`))
        .finally(() => {
          this.changing = undefined;
          if (this.changedAgain) {
            this.changedAgain = false;
            this.participantsChanged();
          }
        });
    },
  },
  created(this: CoordinatorThis) {
    registerSagaMetrics(this.broker);
    this.counts = emptyCounts();
    const settings = config().sagas;
    const store = this.store('saga');
    this.repo = storeSagaRepository(store.collection<SagaDoc>('sagas'), store.collection<SignalDoc>('saga_signals'));
    this.engine = new SagaEngine({
      repo: this.repo,
      owner: this.broker.nodeID,
      leaseMs: settings.leaseMs,
      defaultDeadlineMs: settings.stepDeadlineMs,
      retryBudgetMs: settings.retryBudgetMs,
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
        // A return the events missed (this node started after it) is seen here.
        .then(() => this.engine.resumeReturned(availableServices(this.broker)))
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
    await this.changing;
    await this.engine.stop(5_000);
  },
};

export default SagaCoordinatorService;
