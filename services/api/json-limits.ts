/**
 * Structural limits on a JSON body, checked in one linear pass over the raw text before it is
 * parsed. Anything that later walks a body (validation, poison-key checks, cache keys, loggers,
 * the serializer) then only ever sees a shallow, bounded value, and a hostile body costs one scan.
 */
export interface JsonLimits {
  /** Nested objects/arrays; real requests use fewer than 6, recursive code downstream needs a bound. */
  depth: number;
  /** Object keys plus array items in the whole body: validators and copies are linear in it. */
  members: number;
  /** Characters in one string value (the largest param rule allows 20,000). */
  stringChars: number;
  /** Characters in one key (params are short names; a long key is only ever an attack). */
  keyChars: number;
}

export const JSON_LIMITS: JsonLimits = { depth: 32, members: 10_000, stringChars: 32_768, keyChars: 256 };

export interface JsonBreach {
  status: 400 | 413 | 422;
  type: string;
  message: string;
  /** Where it was found: keys and array indexes joined with dots. */
  field?: string;
}

/** Keys that, copied naively anywhere downstream, would rewrite an object's prototype. */
const POISON = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_PATH = 200;

interface Frame {
  /** Keys seen so far (objects), or null (arrays). */
  keys: Set<string> | null;
  /** The member being read: a key, or an array index. */
  at: string | number;
  items: number;
  expectKey: boolean;
}

const Q = 0x22;
const BACKSLASH = 0x5c;

function decode(token: string): string | undefined {
  try {
    return JSON.parse(token) as string;
  } catch {
    return undefined;
  }
}

/** Index of the quote that closes the string opening at `start`, or -1: one native search per quote. */
function closingQuote(text: string, start: number): number {
  let j = text.indexOf('"', start + 1);
  while (j > 0) {
    let slashes = 0;
    while (text.charCodeAt(j - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return j;
    j = text.indexOf('"', j + 1);
  }
  return -1;
}

const keyTooLong = (limits: JsonLimits): JsonBreach => ({
  status: 400,
  type: 'KEY_TOO_LONG',
  message: `A key is longer than ${limits.keyChars} characters`,
});

function pathOf(stack: Frame[], last?: string): string {
  const parts = stack.map((f) => String(f.at));
  if (last !== undefined) parts[parts.length - 1] = last;
  // Echoed in error messages: only printable ASCII, no quotes.
  const path = parts.join('.').replace(/[^\x20-\x21\x23-\x7e]/g, '?');
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
}

/**
 * The first limit `text` breaks (too deep, too many members, a string or key too long, a repeated
 * key, a prototype-poisoning key), or null. Text that is not JSON yields null: the parser refuses it.
 */
export function checkJsonText(text: string, limits: JsonLimits = JSON_LIMITS): JsonBreach | null {
  const stack: Frame[] = [];
  let members = 0;
  const tooMany = (): JsonBreach => ({
    status: 413,
    type: 'BODY_TOO_LARGE',
    message: `The body has more than ${limits.members} keys and array items`,
  });
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3a) continue;
    const top = stack[stack.length - 1];
    // The first item of an array starts at its first non-blank character other than `]`.
    if (top && !top.keys && top.items === 0 && c !== 0x5d) {
      top.items = 1;
      top.at = 0;
      if (++members > limits.members) return tooMany();
    }
    if (c === Q) {
      const j = closingQuote(text, i);
      if (j < 0) return null;
      const raw = j - i - 1;
      if (top?.keys && top.expectKey) {
        if (raw > limits.keyChars * 6) return keyTooLong(limits);
        const token = text.slice(i + 1, j);
        const key = token.includes('\\') ? decode(`"${token}"`) : token;
        if (key === undefined) return null;
        if (key.length > limits.keyChars) return keyTooLong(limits);
        if (POISON.has(key)) {
          const field = pathOf(stack, key);
          return { status: 422, type: 'VALIDATION_ERROR', message: `The '${field}' field is not allowed.`, field };
        }
        if (top.keys.has(key)) {
          const field = pathOf(stack, key);
          return { status: 400, type: 'DUPLICATE_KEY', message: `The key '${field}' appears more than once`, field };
        }
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
        if (++members > limits.members) return tooMany();
      } else if (raw > limits.stringChars) {
        // Escapes make the raw text up to 6 times longer than the string it stands for.
        const value = raw > limits.stringChars * 6 ? undefined : decode(text.slice(i, j + 1));
        if (value === undefined || value.length > limits.stringChars)
          return {
            status: 413,
            type: 'STRING_TOO_LONG',
            message: `A string is longer than ${limits.stringChars} characters`,
            field: pathOf(stack),
          };
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      if (stack.length >= limits.depth)
        return {
          status: 400,
          type: 'BODY_TOO_DEEP',
          message: `The body nests objects and arrays deeper than ${limits.depth} levels`,
        };
      stack.push({ keys: c === 0x7b ? new Set() : null, at: '', items: 0, expectKey: c === 0x7b });
    } else if (c === 0x7d || c === 0x5d) {
      if (!stack.pop()) return null;
    } else if (c === 0x2c && top) {
      if (top.keys) top.expectKey = true;
      else {
        top.at = top.items++;
        if (++members > limits.members) return tooMany();
      }
    }
  }
  return null;
}
