import { dynamoLocalEngine } from '../support/service-engines';
import { concurrentCheckoutSuite } from './concurrent-checkout.suite';

concurrentCheckoutSuite(dynamoLocalEngine('inventory'));
