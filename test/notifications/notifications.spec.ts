import { mongoStandInEngine } from '../support/service-engines';
import { notificationsSuite } from './notifications.suite';

notificationsSuite(mongoStandInEngine('notifications'));
