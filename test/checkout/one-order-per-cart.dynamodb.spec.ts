import { dynamoLocalEngine } from '../support/service-engines';
import { oneOrderPerCartSuite } from './one-order-per-cart.suite';

oneOrderPerCartSuite(dynamoLocalEngine('carts'));
