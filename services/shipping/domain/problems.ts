/** One thing wrong with an admin's input, naming the field by its path (`rateCard.bands[1].from`). */
export interface FieldProblem {
  field: string;
  message: string;
}

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems for keys of `v` outside `allowed` (strict objects: a typo is refused, never ignored). */
export const unknownKeys = (v: Obj, field: string, allowed: readonly string[]): FieldProblem[] =>
  Object.keys(v)
    .filter((k) => !allowed.includes(k))
    .map((k) => ({ field: `${field}.${k}`, message: 'is not a known field' }));

export const isCount = (v: unknown, min = 0, max = 1e12): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
