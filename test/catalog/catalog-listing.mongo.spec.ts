import { startMongoStandIn } from '../support/mongo-standin';
import { catalogListingSuite } from './catalog-listing.suite';

// The catalog's production engine, through the in-process MongoDB wire stand-in.
catalogListingSuite('mongodb stand-in', 'mongo', async () => {
  const standIn = await startMongoStandIn();
  return { env: { STORE_CATALOG: 'mongo', MONGO_URL: standIn.url }, stop: () => standIn.stop() };
});
