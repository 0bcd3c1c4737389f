import { postgresEngine } from '../support/service-engines';
import { catalogListingSuite } from './catalog-listing.suite';

catalogListingSuite(postgresEngine('catalog'));
