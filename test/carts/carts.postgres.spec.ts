import { postgresEngine } from '../support/service-engines';
import { cartsSuite } from './carts.suite';

cartsSuite(postgresEngine('carts'));
