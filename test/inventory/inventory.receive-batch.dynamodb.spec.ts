import { dynamoLocalEngine } from '../support/service-engines';
import { receiveBatchSuite } from './inventory.receive-batch.suite';

// The embedded seed's engine: one unit is one TransactWriteItems (at most 100 writes).
receiveBatchSuite(dynamoLocalEngine('inventory'));
