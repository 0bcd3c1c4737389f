import { createOutbox } from '../../mixins/messaging/outbox';
import type { StoreSchema } from '../../mixins/store/store.types';

/**
 * Promotions, their batch codes, and the usage that limits them. Limits are enforced by counters
 * (`usage_counters`) changed with conditional `$inc`s in the same atomic unit as the usage row.
 */
export const discountsSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-promotions-codes-usage',
      steps: [
        {
          // A document is a domain/promotion.types.ts Promotion as it is.
          createCollection: {
            name: 'promotions',
            fields: {
              name: 'string',
              code: 'string',
              hasBatchCodes: 'bool',
              status: 'string',
              startsAt: 'timestamp',
              endsAt: 'timestamp',
              conditions: 'json',
              actions: 'json',
              target: 'string',
              maxDiscount: 'json',
              priority: 'int',
              stackingGroup: 'string',
              limits: 'json',
              releaseOnCancel: 'bool',
              createdAt: 'timestamp',
              updatedAt: 'timestamp',
            },
            unique: [['code']],
            indexes: [['status']],
            versioned: true,
          },
        },
        {
          // The id is the code itself: a lookup is one read by key, and the key is the uniqueness guard.
          createCollection: {
            name: 'promotion_codes',
            fields: { promotionId: 'string', uses: 'int', createdAt: 'timestamp' },
            indexes: [['promotionId']],
          },
        },
        {
          // One row per (promotion, order): id `<promotionId>:<orderId>`.
          createCollection: {
            name: 'promotion_usage',
            fields: {
              promotionId: 'string',
              orderId: 'string',
              userId: 'string',
              code: 'string',
              batchCode: 'bool',
              status: 'string',
              amount: 'int',
              currency: 'string',
              reservedAt: 'timestamp',
              expiresAt: 'timestamp',
              usedAt: 'timestamp',
              releasedAt: 'timestamp',
              releaseReason: 'string',
            },
            indexes: [['orderId'], ['promotionId'], ['status'], ['expiresAt']],
            versioned: true,
          },
        },
        {
          // `total:<promotionId>` and `customer:<promotionId>:<userId>`: uses taken (reserved or used).
          createCollection: { name: 'usage_counters', fields: { promotionId: 'string', taken: 'int' } },
        },
        {
          // One row, `promotions`: bumped with every promotion write, so each node knows when its index is stale.
          createCollection: { name: 'stamps', fields: { n: 'int' } },
        },
        createOutbox,
      ],
    },
    {
      // The total counter carries the limits it is enforcing (see limitsKey in discounts.usage.ops.ts).
      name: '0002-counter-limits',
      steps: [{ addField: { collection: 'usage_counters', field: 'limits', type: 'string' } }],
    },
  ],
};

/**
 * Tax rates by country (and region) and class, and the settings saying whether prices include tax.
 * A PUT of the rates writes a new set and then points `settings` at it: readers see the old set or
 * the new one, never a mix, and a set is immutable so nodes cache it by its id.
 */
export const taxSchema: StoreSchema = {
  migrations: [
    {
      name: '0001-rates-settings',
      steps: [
        {
          createCollection: {
            name: 'rates',
            fields: { setId: 'string', country: 'string', region: 'string', taxClass: 'string', rateBps: 'int' },
            indexes: [['setId']],
          },
        },
        {
          createCollection: {
            name: 'settings',
            fields: { rateSetId: 'string', inclusiveByCurrency: 'json', inclusiveByCountry: 'json', updatedAt: 'timestamp' },
            versioned: true,
          },
        },
      ],
    },
  ],
};
