import { postgresEngine } from '../support/service-engines';
import { concurrentCheckoutSuite } from './concurrent-checkout.suite';

concurrentCheckoutSuite(postgresEngine('inventory'));
