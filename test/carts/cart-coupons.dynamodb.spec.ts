import { dynamoLocalEngine } from '../support/service-engines';
import { cartCouponsSuite } from './cart-coupons.suite';

cartCouponsSuite(dynamoLocalEngine('carts'));
