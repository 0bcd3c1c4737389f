import { dynamoLocalEngine } from '../support/service-engines';
import { adminSuite } from './discounts.admin.suite';

adminSuite(dynamoLocalEngine('discounts'));
