import { storeContract } from './store.contract';
import { postgresServerHarness, pgliteHarness } from '../support/harness.postgres';
import { dynamoHarness } from '../support/harness.dynamodb';
import { mongoHarness } from '../support/harness.mongo';

// One suite, every engine: the same tests must pass with identical results on each.
for (const harness of [postgresServerHarness(), pgliteHarness(), dynamoHarness(), mongoHarness()]) {
  storeContract(harness);
}
