import { postgresEngine } from '../support/service-engines';
import { promotionLimitsSuite } from './promotion-limits.suite';

promotionLimitsSuite(postgresEngine('discounts'));
