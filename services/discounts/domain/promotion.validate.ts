import {
  PROMOTION_STATUSES,
  PROMOTION_TARGETS,
  normaliseCode,
  type Action,
  type Condition,
  type PromotionFields,
  type PromotionTarget,
} from './promotion.types';
import { readAction, readCondition } from './promotion.validate.parts';
import { CODE_PATTERN, Checker, LIMITS, type FieldProblem } from './validate.rules';

export type { FieldProblem } from './validate.rules';

const FIELDS = [
  'name',
  'code',
  'status',
  'startsAt',
  'endsAt',
  'conditions',
  'actions',
  'target',
  'maxDiscount',
  'priority',
  'stackingGroup',
  'limits',
  'releaseOnCancel',
] as const;

export type PromotionInput = Partial<Record<(typeof FIELDS)[number], unknown>>;
export type PromotionCheck = { ok: true; fields: PromotionFields } | { ok: false; problems: FieldProblem[] };

const LINE_CONDITIONS: Condition['type'][] = ['containsSkus', 'containsProducts', 'inCategory'];
const ON_SHIPPING: Action['type'][] = ['freeShipping', 'percentage', 'fixed'];

/**
 * Reads an admin's create input, or a patch over the stored fields (`base`): the patch's keys
 * replace the stored ones and the result is checked whole, so a patch cannot leave an
 * inconsistent promotion. Answers the normalised fields, or every problem with its field path.
 * `null` in a patch clears an optional field.
 */
export function validatePromotion(input: unknown, base?: PromotionFields): PromotionCheck {
  const c = new Checker();
  const raw = c.object(input, '', FIELDS);
  if (!raw) return { ok: false, problems: c.problems };
  const v: PromotionInput = { ...base, ...raw };
  for (const k of FIELDS) if (v[k] === null) delete v[k];

  const code = v.code === undefined ? undefined : readCode(c, v.code);
  const name =
    v.name !== undefined ? c.text(v.name, 'name') : v.code === undefined ? c.fail('name', 'is required without a code') : code;
  const status = v.status === undefined ? 'draft' : c.oneOf(v.status, 'status', PROMOTION_STATUSES);
  const startsAt = v.startsAt === undefined ? undefined : c.int(v.startsAt, 'startsAt', 0, 8.64e15);
  const endsAt = v.endsAt === undefined ? undefined : c.int(v.endsAt, 'endsAt', 0, 8.64e15);
  if (startsAt !== undefined && endsAt !== undefined && endsAt <= startsAt) c.fail('endsAt', 'must be after startsAt');
  const noConditions = v.conditions === undefined || (Array.isArray(v.conditions) && v.conditions.length === 0);
  const conditions = noConditions ? [] : c.list(v.conditions, 'conditions', (x, f) => readCondition(c, x, f), LIMITS.conditions);
  const actions = c.list(v.actions, 'actions', (x, f) => readAction(c, x, f), LIMITS.actions);
  const target =
    v.target === undefined ? defaultTarget(conditions ?? [], actions ?? []) : c.oneOf(v.target, 'target', PROMOTION_TARGETS);
  if (actions && target) checkTarget(c, actions, target);
  const maxDiscount = v.maxDiscount === undefined ? undefined : c.amounts(v.maxDiscount, 'maxDiscount');
  const priority = v.priority === undefined ? 0 : c.int(v.priority, 'priority', -LIMITS.priority, LIMITS.priority);
  const stackingGroup = v.stackingGroup === undefined ? undefined : c.id(v.stackingGroup, 'stackingGroup');
  const limits = v.limits === undefined ? undefined : readLimits(c, v.limits);
  const releaseOnCancel = v.releaseOnCancel === undefined ? true : c.bool(v.releaseOnCancel, 'releaseOnCancel');

  if (c.problems.length > 0) return { ok: false, problems: c.problems };
  const fields: PromotionFields = {
    name: name!,
    status: status!,
    conditions: conditions ?? [],
    actions: actions!,
    target: target!,
    priority: priority!,
    releaseOnCancel: releaseOnCancel!,
    ...defined({ code, startsAt, endsAt, maxDiscount, stackingGroup, limits }),
  };
  return { ok: true, fields };
}

function readCode(c: Checker, v: unknown): string | undefined {
  const code = typeof v === 'string' ? normaliseCode(v) : '';
  return CODE_PATTERN.test(code)
    ? code
    : c.fail('code', 'must be 3 to 32 letters, digits, _ or -, starting with a letter or digit');
}

function readLimits(c: Checker, v: unknown) {
  const o = c.object(v, 'limits', ['total', 'perCustomer']);
  if (!o) return undefined;
  const total = o.total === undefined || o.total === null ? undefined : c.int(o.total, 'limits.total', 1, LIMITS.count);
  const perCustomer =
    o.perCustomer === undefined || o.perCustomer === null
      ? undefined
      : c.int(o.perCustomer, 'limits.perCustomer', 1, LIMITS.count);
  return defined({ total, perCustomer });
}

/** Free shipping alone targets shipping; line conditions or buy X get Y target those lines; else the order. */
function defaultTarget(conditions: Condition[], actions: Action[]): PromotionTarget {
  if (actions.length > 0 && actions.every((a) => a.type === 'freeShipping')) return 'shipping';
  if (actions.some((a) => a.type === 'buyXGetY') || conditions.some((x) => LINE_CONDITIONS.includes(x.type))) return 'lines';
  return 'order';
}

function checkTarget(c: Checker, actions: Action[], target: PromotionTarget): void {
  actions.forEach((a, i) => {
    if (target === 'shipping' && !ON_SHIPPING.includes(a.type)) c.fail(`actions[${i}].type`, `${a.type} cannot target shipping`);
    if (target !== 'shipping' && a.type === 'freeShipping') c.fail(`actions[${i}].type`, 'freeShipping needs target shipping');
  });
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}
