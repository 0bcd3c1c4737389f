import { dynamoLocalEngine } from '../support/service-engines';
import { cartMutationsSuite } from './cart-mutations.suite';

cartMutationsSuite(dynamoLocalEngine('carts'));
