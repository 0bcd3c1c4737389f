import { postgresEngine } from '../support/service-engines';
import { cartMutationsSuite } from './cart-mutations.suite';

cartMutationsSuite(postgresEngine('carts'));
