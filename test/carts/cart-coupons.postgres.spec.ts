import { postgresEngine } from '../support/service-engines';
import { cartCouponsSuite } from './cart-coupons.suite';

cartCouponsSuite(postgresEngine('carts'));
