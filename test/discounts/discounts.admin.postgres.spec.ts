import { postgresEngine } from '../support/service-engines';
import { adminSuite } from './discounts.admin.suite';

adminSuite(postgresEngine('discounts'));
