import { postgresEngine } from '../support/service-engines';
import { inventorySuite } from './inventory.suite';

inventorySuite(postgresEngine('inventory'));
