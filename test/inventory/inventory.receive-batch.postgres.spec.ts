import { postgresEngine } from '../support/service-engines';
import { receiveBatchSuite } from './inventory.receive-batch.suite';

receiveBatchSuite(postgresEngine('inventory'));
