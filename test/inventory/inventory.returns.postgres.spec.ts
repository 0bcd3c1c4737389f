import { postgresEngine } from '../support/service-engines';
import { returnUnitsSuite } from './inventory.returns.suite';

returnUnitsSuite(postgresEngine('inventory'));
