import { currencyParam } from '../../mixins/validation/money';
import { idParam, pageParams, personTextParam, textParam } from '../../mixins/validation/params';
import { TAX_CLASSES } from './discounts.contract';
import { TAX_RATE_CLASSES } from './domain/tax.types';
import { PROMOTION_STATUSES, PROMOTION_TARGETS } from './domain/promotion.types';

/**
 * fastest-validator fragments for the discounts actions. Promotion bodies are checked here for
 * their shape (known top-level fields, bounded sizes) and then field by field by the domain's
 * validator, which names the path of each bad nested field.
 */
const int = (min: number, max: number) => ({ type: 'number', integer: true, min, max }) as const;
const opt = <R extends object>(rule: R) => ({ ...rule, optional: true }) as const;
const codeParam = { type: 'string', trim: true, min: 1, max: 32, pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/ } as const;
const entries = (max: number) => ({ type: 'array', max, items: { type: 'object' } }) as const;
const EPOCH = int(0, 8_640_000_000_000_000);

/** Every field an admin may write; the domain validator checks the nested ones. */
const promotionFields = {
  name: opt(personTextParam(200)),
  code: opt(codeParam),
  status: opt({ type: 'enum', values: PROMOTION_STATUSES }),
  startsAt: opt(EPOCH),
  endsAt: opt(EPOCH),
  conditions: opt(entries(20)),
  actions: opt(entries(20)),
  target: opt({ type: 'enum', values: PROMOTION_TARGETS }),
  maxDiscount: opt(entries(50)),
  priority: opt(int(-1_000_000, 1_000_000)),
  stackingGroup: opt(textParam(64)),
  limits: opt({
    type: 'object',
    strict: true,
    props: { total: opt(int(1, 1_000_000_000)), perCustomer: opt(int(1, 1_000_000_000)) },
  }),
  releaseOnCancel: opt({ type: 'boolean' }),
} as const;

export const createPromotionParams = { ...promotionFields, $$strict: true } as const;
/** `null` clears an optional field. */
const clearable = Object.fromEntries(Object.entries(promotionFields).map(([k, r]) => [k, { ...r, nullable: true }]));
export const patchPromotionParams = { id: idParam, ...clearable, version: opt(int(1, 1e12)), $$strict: true } as const;
export const promotionIdParams = { id: idParam, $$strict: true } as const;
export const listPromotionsParams = {
  ...pageParams,
  status: opt({ type: 'enum', values: PROMOTION_STATUSES }),
  code: opt(codeParam),
  $$strict: true,
} as const;

/** Up to 10,000 codes per call: a campaign's batch, inserted in chunks. */
export const MAX_CODES_PER_CALL = 10_000;
export const generateCodesParams = {
  id: idParam,
  count: int(1, MAX_CODES_PER_CALL),
  prefix: opt({ type: 'string', pattern: /^[A-Z0-9]{1,8}$/ }),
  $$strict: true,
} as const;
export const listCodesParams = { id: idParam, ...pageParams, $$strict: true } as const;
export const usageParams = { id: idParam, ...pageParams, $$strict: true } as const;

export const MAX_RATES = 1_000;
const rate = {
  type: 'object',
  strict: true,
  props: {
    country: { type: 'string', pattern: /^[A-Z]{2}$/ },
    region: opt({ type: 'string', pattern: /^[A-Z0-9-]{1,16}$/ }),
    taxClass: { type: 'enum', values: TAX_RATE_CLASSES },
    rateBps: int(0, 100_000),
  },
} as const;
export const putRatesParams = { rates: { type: 'array', max: MAX_RATES, items: rate }, $$strict: true } as const;

const flags = (key: object) => opt({ type: 'record', key, value: { type: 'boolean' } });
export const putTaxSettingsParams = {
  inclusiveByCurrency: flags(currencyParam),
  inclusiveByCountry: flags({ type: 'string', pattern: /^[A-Z]{2}$/ }),
  $$strict: true,
} as const;

export const reserveUsageParams = {
  orderId: idParam,
  userId: idParam,
  currency: currencyParam,
  promotions: {
    type: 'array',
    min: 1,
    max: 20,
    items: {
      type: 'object',
      strict: true,
      props: { promotionId: idParam, version: int(1, 1e12), code: opt(codeParam), amount: int(0, 1e12) },
    },
  },
  expiresAt: EPOCH,
  $$strict: true,
} as const;
export const commitUsageParams = { orderId: idParam, $$strict: true } as const;
export const releaseUsageParams = {
  orderId: idParam,
  reason: { type: 'enum', values: ['checkout-failed', 'expired', 'cancelled', 'returned'] },
  $$strict: true,
} as const;

const key = { type: 'string', min: 1, max: 128 } as const;
const keys = (max: number) => ({ type: 'array', max, items: key }) as const;
/** What carts and orders send: bounded so one request cannot make evaluation unbounded. */
export const priceParams = {
  currency: currencyParam,
  lines: {
    type: 'array',
    max: 500,
    items: {
      type: 'object',
      strict: true,
      props: {
        sku: key,
        productId: key,
        categoryPath: keys(32),
        quantity: int(1, 1_000_000),
        unitPrice: int(0, 1e12),
        taxClass: opt({ type: 'enum', values: TAX_CLASSES }),
      },
    },
  },
  codes: { type: 'array', max: 20, items: { type: 'string', min: 1, max: 64 } },
  customer: opt({
    type: 'object',
    strict: true,
    props: { id: opt(key), roles: opt(keys(20)), groups: opt(keys(50)), firstOrder: opt({ type: 'boolean' }) },
  }),
  address: opt({
    type: 'object',
    strict: true,
    // The region as carts keep it (addressParam: free text up to 100), not only a rate's code.
    props: { country: { type: 'string', pattern: /^[A-Z]{2}$/ }, region: opt(textParam(100)) },
  }),
  shipping: opt({ type: 'object', strict: true, props: { amount: int(0, 1e12), quoteId: key } }),
  at: opt(EPOCH),
  $$strict: true,
} as const;
