import type { Collection, Store } from '../../mixins/store/store.types';
import type { SagaDoc } from '../../sagas/saga.state';
import { MemoryRepository } from '../../sagas/testing/memory.repository';
import { storeSagaRepository, type SignalDoc } from '../../services/saga-coordinator/saga-coordinator.repository';
import { sagaSchema } from '../../services/saga-coordinator/saga-coordinator.schema';
import type { EngineHarness } from '../support/engine-harness';
import { dynamoHarness } from '../support/harness.dynamodb';
import { pgliteHarness, postgresServerHarness } from '../support/harness.postgres';
import { sagaRepositoryContract, type RepositoryHarness } from './saga-repository.contract';

/** The coordinator's repository on one store engine, with the saga store's own migrations. */
function onStore(engine: EngineHarness): RepositoryHarness {
  return {
    label: engine.label,
    setup: () => engine.setup(),
    async repository() {
      const store: Store = await engine.createStore('saga', sagaSchema);
      return storeSagaRepository(
        store.collection<SagaDoc>('sagas'),
        store.collection<SignalDoc>('saga_signals') as Collection<SignalDoc>,
      );
    },
    teardown: () => engine.teardown(),
  };
}

// One suite: the engine's unit tests (in memory) and the coordinator (on every engine the saga store may be configured for) see the same repository.
sagaRepositoryContract({
  label: 'in memory',
  setup: async () => null,
  repository: async () => new MemoryRepository(),
  teardown: async () => undefined,
});
for (const engine of [postgresServerHarness(), pgliteHarness(), dynamoHarness()]) sagaRepositoryContract(onStore(engine));
