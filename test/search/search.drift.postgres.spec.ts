import { postgresEngine } from '../support/service-engines';
import { searchDriftSuite } from './search.drift.suite';

searchDriftSuite(postgresEngine('search'));
