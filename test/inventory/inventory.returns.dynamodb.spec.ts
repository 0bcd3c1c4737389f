import { dynamoLocalEngine } from '../support/service-engines';
import { returnUnitsSuite } from './inventory.returns.suite';

// Inventory's default engine: a unit is one TransactWriteItems.
returnUnitsSuite(dynamoLocalEngine('inventory'));
