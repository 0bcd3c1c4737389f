/**
 * Building blocks for actions' `response` declarations (fastest-validator-like rules, converted to
 * JSON Schema by the OpenAPI generator). Objects allow fields beyond the ones listed, as responses grow.
 */
export type Rule = string | Record<string, unknown>;

export const obj = (props: Record<string, Rule>, extra: Record<string, unknown> = {}) => ({ type: 'object', props, ...extra });
export const arr = (items: Rule) => ({ type: 'array', items });
export const optional = (rule: Rule) => (typeof rule === 'string' ? `${rule}|optional` : { ...rule, optional: true });
export const nullable = (rule: Rule) => (typeof rule === 'string' ? { type: rule, nullable: true } : { ...rule, nullable: true });

export const INT = 'number|integer';
export const TIMESTAMP = { type: 'number', integer: true, description: 'Milliseconds since the epoch.' };
export const MONEY = obj({ amount: { type: 'number', integer: true, description: 'Minor units (cents).' }, currency: 'string' });

/** A page of rows, as every list route answers. */
export const page = (row: Rule, extra: Record<string, Rule> = {}) => ({
  rows: arr(row),
  total: INT,
  page: INT,
  pageSize: INT,
  ...extra,
});
/** A bare JSON array body. */
export const listOf = (row: Rule) => ({ $$root: true, type: 'array', items: row });
/** A body that is one rule (not an object's properties). */
export const root = (rule: Rule) => ({ $$root: true, ...(typeof rule === 'string' ? { type: rule } : rule) });
export const MESSAGE = { message: 'string' };
/** A postal address's fields, as the address book and the cart show them (each adds its own bookkeeping). */
export const POSTAL_ADDRESS = {
  name: 'string',
  line1: 'string',
  line2: 'string|optional',
  city: 'string',
  region: 'string|optional',
  postalCode: 'string',
  country: 'string',
  phone: 'string|optional',
};
