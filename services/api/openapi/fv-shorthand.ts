export type FvRule = Record<string, unknown>;

/**
 * Expands a fastest-validator shorthand ('string|min:3|optional', 'number[]', 'no-empty') the way
 * fastest-validator's own parseShortHand does, so the documented schema matches what is enforced.
 */
export function parseShorthand(str: string): FvRule {
  const [head, ...mods] = str.split('|').map((s) => s.trim());
  const rule: FvRule = head.endsWith('[]') ? { type: 'array', items: head.slice(0, -2) } : { type: head };
  for (const m of mods) {
    const idx = m.indexOf(':');
    if (idx === -1) {
      if (m.startsWith('no-')) rule[m.slice(3)] = false;
      else rule[m] = true;
      continue;
    }
    const raw = m.slice(idx + 1).trim();
    rule[m.slice(0, idx).trim()] =
      raw === 'true' ? true : raw === 'false' ? false : Number.isNaN(Number(raw)) ? raw : Number(raw);
  }
  return rule;
}

/**
 * One rule in its long form: shorthand strings parsed, arrays of alternatives turned into `multi`
 * and `{ $$type, ...props }` objects turned into `{ ...typeRule, props }`. Returns null for
 * something that is not a rule at all.
 */
export function normalizeRule(input: unknown): FvRule | null {
  if (typeof input === 'string') return parseShorthand(input);
  if (Array.isArray(input)) {
    const rules = input.map(normalizeRule).filter((r): r is FvRule => r !== null);
    // fastest-validator makes an alternatives list optional only when every alternative is.
    return { type: 'multi', rules, ...(rules.length && rules.every((r) => r.optional === true) ? { optional: true } : {}) };
  }
  if (input === null || typeof input !== 'object' || input instanceof RegExp) return null;
  const obj = input as FvRule;
  if (obj.$$type === undefined) return obj;
  const { $$type, ...props } = obj;
  const base = normalizeRule($$type) ?? { type: 'object' };
  return { ...base, props };
}
