import { dynamoLocalEngine } from '../support/service-engines';
import { inventorySuite } from './inventory.suite';

inventorySuite(dynamoLocalEngine('inventory'));
