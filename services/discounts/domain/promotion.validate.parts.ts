import type { Action, Condition, LineFilter, Tier } from './promotion.types';
import { LIMITS, type Checker, type Obj } from './validate.rules';

const CONDITION_FIELDS: Record<Condition['type'], string[]> = {
  subtotalAtLeast: ['amounts'],
  containsSkus: ['skus', 'minQuantity'],
  containsProducts: ['productIds'],
  inCategory: ['categoryIds'],
  firstOrder: [],
  customerGroup: ['groups'],
  customerRole: ['roles'],
  currency: ['currencies'],
};

const ACTION_FIELDS: Record<Action['type'], string[]> = {
  percentage: ['percent'],
  fixed: ['amounts'],
  freeShipping: [],
  buyXGetY: ['buy', 'get'],
  tiered: ['tiers'],
};

/** Reads `{type, ...}` and checks the fields its type allows; `undefined` when either is wrong. */
function typed<T extends string>(c: Checker, v: unknown, field: string, fields: Record<T, string[]>) {
  const type = c.oneOf(isType(v), `${field}.type`, Object.keys(fields) as T[]);
  if (type === undefined) return undefined;
  const o = c.object(v, field, ['type', ...fields[type]]);
  return o && { type, o };
}
const isType = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Obj).type : undefined);

export function readCondition(c: Checker, v: unknown, f: string): Condition | undefined {
  const t = typed(c, v, f, CONDITION_FIELDS);
  if (!t) return undefined;
  const { o } = t;
  const all = <T extends object>(x: T) => (Object.values(x).every((y) => y !== undefined) ? x : undefined);
  switch (t.type) {
    case 'subtotalAtLeast':
      return all({ type: t.type, amounts: c.amounts(o.amounts, `${f}.amounts`) }) as Condition | undefined;
    case 'containsSkus': {
      const skus = c.ids(o.skus, `${f}.skus`);
      const minQuantity = o.minQuantity === undefined ? 1 : c.int(o.minQuantity, `${f}.minQuantity`, 1, LIMITS.quantity);
      return skus && minQuantity ? { type: t.type, skus, minQuantity } : undefined;
    }
    case 'containsProducts':
      return all({ type: t.type, productIds: c.ids(o.productIds, `${f}.productIds`) }) as Condition | undefined;
    case 'inCategory':
      return all({ type: t.type, categoryIds: c.ids(o.categoryIds, `${f}.categoryIds`) }) as Condition | undefined;
    case 'customerGroup':
      return all({ type: t.type, groups: c.ids(o.groups, `${f}.groups`) }) as Condition | undefined;
    case 'customerRole':
      return all({ type: t.type, roles: c.ids(o.roles, `${f}.roles`) }) as Condition | undefined;
    case 'currency': {
      const currencies = c.list(o.currencies, `${f}.currencies`, (x, g) => c.currency(x, g), 200);
      return currencies && { type: t.type, currencies };
    }
    case 'firstOrder':
      return { type: t.type };
  }
}

function readFilter(c: Checker, o: Obj, f: string): LineFilter | undefined {
  const filter: LineFilter = {};
  if (o.skus !== undefined) filter.skus = c.ids(o.skus, `${f}.skus`);
  if (o.productIds !== undefined) filter.productIds = c.ids(o.productIds, `${f}.productIds`);
  if (o.categoryIds !== undefined) filter.categoryIds = c.ids(o.categoryIds, `${f}.categoryIds`);
  if (Object.keys(filter).length === 0) return c.fail(f, 'must name skus, productIds or categoryIds');
  return Object.values(filter).every(Boolean) ? filter : undefined;
}

function readTier(c: Checker, v: unknown, f: string): Tier | undefined {
  const o = c.object(v, f, ['minSubtotal', 'amount', 'percent']);
  if (!o) return undefined;
  const minSubtotal = c.money(o.minSubtotal, `${f}.minSubtotal`);
  if ((o.amount === undefined) === (o.percent === undefined)) return c.fail(f, 'must have either amount or percent');
  if (o.percent !== undefined) {
    const percent = c.percent(o.percent, `${f}.percent`);
    return minSubtotal && percent ? { minSubtotal, percent } : undefined;
  }
  const amount = c.money(o.amount, `${f}.amount`, 1);
  if (amount && minSubtotal && amount.currency !== minSubtotal.currency)
    return c.fail(`${f}.amount.currency`, 'must be the currency of minSubtotal');
  return minSubtotal && amount ? { minSubtotal, amount } : undefined;
}

export function readAction(c: Checker, v: unknown, f: string): Action | undefined {
  const t = typed(c, v, f, ACTION_FIELDS);
  if (!t) return undefined;
  const { o } = t;
  switch (t.type) {
    case 'percentage': {
      const percent = c.percent(o.percent, `${f}.percent`);
      return percent ? { type: t.type, percent } : undefined;
    }
    case 'fixed': {
      const amounts = c.amounts(o.amounts, `${f}.amounts`, 1);
      return amounts && { type: t.type, amounts };
    }
    case 'freeShipping':
      return { type: t.type };
    case 'tiered': {
      const tiers = c.list(o.tiers, `${f}.tiers`, (x, g) => readTier(c, x, g), LIMITS.tiers);
      return tiers && { type: t.type, tiers };
    }
    case 'buyXGetY': {
      const buyO = c.object(o.buy, `${f}.buy`, ['skus', 'productIds', 'categoryIds', 'quantity']);
      const getO = c.object(o.get, `${f}.get`, ['quantity', 'sku', 'percent']);
      if (!buyO || !getO) return undefined;
      const filter = readFilter(c, buyO, `${f}.buy`);
      const buyQ = c.int(buyO.quantity, `${f}.buy.quantity`, 1, LIMITS.quantity);
      const getQ = c.int(getO.quantity, `${f}.get.quantity`, 1, LIMITS.quantity);
      const sku = getO.sku === undefined ? undefined : c.id(getO.sku, `${f}.get.sku`);
      const percent = getO.percent === undefined ? 100 : c.percent(getO.percent, `${f}.get.percent`);
      if (!filter || !buyQ || !getQ || !percent || (getO.sku !== undefined && !sku)) return undefined;
      return {
        type: t.type,
        buy: { ...filter, quantity: buyQ },
        get: { quantity: getQ, percent, ...(sku === undefined ? {} : { sku }) },
      };
    }
  }
}
