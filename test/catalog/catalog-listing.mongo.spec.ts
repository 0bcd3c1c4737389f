import { mongoStandInEngine } from '../support/service-engines';
import { catalogListingSuite } from './catalog-listing.suite';

// The catalog's production engine, through the in-process MongoDB wire stand-in.
catalogListingSuite(mongoStandInEngine('catalog'));
