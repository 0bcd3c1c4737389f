import type { ServiceEngine } from '../support/service-engines';
import { promotionLimitsSuite } from './promotion-limits.suite';

/** The embedded engine, in this process: the platform's data directory holds the PGlite database. */
const pglite: ServiceEngine = {
  label: 'PGlite (embedded)',
  setup: async () => ({ STORE_DISCOUNTS: 'pglite' }),
  teardown: async () => undefined,
};

promotionLimitsSuite(pglite);
