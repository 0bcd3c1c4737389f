import { postgresEngine } from '../support/service-engines';
import { notificationsSuite } from './notifications.suite';

notificationsSuite(postgresEngine('notifications'));
