import { mongoStandInEngine } from '../support/service-engines';
import { adminSuite } from './discounts.admin.suite';

adminSuite(mongoStandInEngine('discounts'));
