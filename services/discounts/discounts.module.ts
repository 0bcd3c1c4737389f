import type { ServiceSchema } from 'moleculer';
import { defineService, EVENT_ID as id, eventSpec } from '../registry.types';
import type { PromotionApplied, PromotionUsageReleased } from './discounts.contract';
import { discountsSchema, taxSchema } from './discounts.schema';

const money = { type: 'object', props: { amount: { type: 'number', integer: true }, currency: 'string' } };
const code = { type: 'string', min: 1, max: 64, optional: true };
const reason = { type: 'enum', values: ['checkout-failed', 'expired', 'cancelled', 'returned'] };

export default defineService({
  name: 'discounts',
  dir: __dirname,
  load: () => import('./discounts.service') as Promise<{ default: ServiceSchema }>,
  node: 'commerce',
  stores: {
    discounts: { schema: discountsSchema, engine: 'postgres', audited: true },
    tax: { schema: taxSchema, engine: 'postgres' },
  },
  events: {
    publishes: {
      'promotion.applied': eventSpec<PromotionApplied>(1, { orderId: id, promotionId: id, code, amount: money }),
      'promotion.usage-released': eventSpec<PromotionUsageReleased>(1, { orderId: id, promotionId: id, code, reason }),
    },
    consumes: [],
  },
});
