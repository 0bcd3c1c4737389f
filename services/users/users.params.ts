import { idParam, pageParams as paging, personTextParam, searchParam } from '../../mixins/validation/params';
import { COUNTRY_CODES } from './users.countries';
import { CARD_BRANDS, CURRENCIES, LANGUAGES, PAYMENT_PROVIDERS } from './users.contract';

/** fastest-validator fragments; names and address lines are personal text (bounded, no control or format characters). */
export const text = personTextParam;
export { idParam };
const optionalText = (max: number) => ({ ...text(max), optional: true }) as const;
/** In a patch, null clears an optional field. */
const clearableText = (max: number) => ({ ...optionalText(max), nullable: true }) as const;

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const phone = { type: 'string', pattern: /^\+[1-9][0-9]{6,14}$/, optional: true } as const;
const country = { type: 'enum', values: COUNTRY_CODES } as const;
const postalCode = {
  type: 'string',
  trim: true,
  min: 2,
  max: 12,
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$/,
} as const;

export const profilePatchParams = {
  name: optionalText(100),
  phone: { ...phone, nullable: true },
  $$strict: true,
} as const;

export const preferencesParams = {
  channels: {
    type: 'object',
    strict: true,
    props: { email: { type: 'boolean' }, sms: { type: 'boolean' }, push: { type: 'boolean' } },
  },
  language: { type: 'enum', values: LANGUAGES },
  currency: { type: 'enum', values: CURRENCIES },
  $$strict: true,
} as const;

export const addressCreateParams = {
  label: optionalText(50),
  name: text(100),
  line1: text(200),
  line2: optionalText(200),
  city: text(100),
  region: optionalText(100),
  postalCode,
  country,
  phone,
  isDefaultShipping: { type: 'boolean', optional: true },
  isDefaultBilling: { type: 'boolean', optional: true },
  $$strict: true,
} as const;

export const addressPatchParams = {
  id: idParam,
  label: clearableText(50),
  name: optionalText(100),
  line1: optionalText(200),
  line2: clearableText(200),
  city: optionalText(100),
  region: clearableText(100),
  postalCode: { ...postalCode, optional: true },
  country: { ...country, optional: true },
  phone: { ...phone, nullable: true },
  isDefaultShipping: { type: 'boolean', optional: true },
  isDefaultBilling: { type: 'boolean', optional: true },
  $$strict: true,
} as const;

export const paymentMethodCreateParams = {
  provider: { type: 'enum', values: PAYMENT_PROVIDERS },
  token: { type: 'string', min: 8, max: 128, pattern: /^[A-Za-z0-9_:-]+$/ },
  brand: { type: 'enum', values: CARD_BRANDS },
  last4: { type: 'string', pattern: /^[0-9]{4}$/ },
  expMonth: { type: 'number', integer: true, min: 1, max: 12 },
  expYear: { type: 'number', integer: true, min: 2000, max: 2099 },
  isDefault: { type: 'boolean', optional: true },
  $$strict: true,
} as const;

export const pageParams = { ...paging, search: searchParam(200), $$strict: true } as const;
