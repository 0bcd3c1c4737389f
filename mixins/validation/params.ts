import { PERSON_TEXT } from '../pii/normalize';

/**
 * fastest-validator rules every service shares. Strings that reach a store exclude control
 * characters and lone surrogates: PostgreSQL text cannot hold a NUL, and no name, address or
 * search term needs either.
 */
export const PLAIN_TEXT = /^[^\p{Cc}\p{Cs}]*$/u;

/** Trimmed free text of 1..max characters. */
export const textParam = (max: number) => ({ type: 'string', trim: true, min: 1, max, pattern: PLAIN_TEXT }) as const;

/** A name or address line: free text without format characters either, so it cannot pass for another (mixins/pii/normalize). */
export const personTextParam = (max: number) => ({ ...textParam(max), pattern: PERSON_TEXT }) as const;

const optionalPersonText = (max: number) => ({ ...personTextParam(max), optional: true }) as const;

/** A postal address typed in (checkout, the cart's shipping address): checked as the address book checks one. */
export const addressParam = {
  type: 'object',
  strict: true,
  props: {
    name: personTextParam(100),
    line1: personTextParam(200),
    line2: optionalPersonText(200),
    city: personTextParam(100),
    region: optionalPersonText(100),
    postalCode: { type: 'string', trim: true, min: 2, max: 12, pattern: /^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$/ },
    country: { type: 'string', pattern: /^[A-Z]{2}$/ },
    phone: { type: 'string', pattern: /^\+[1-9][0-9]{6,14}$/, optional: true },
  },
} as const;

/** Ids are UUIDs or slugs: nothing a query language could read as syntax. */
export const idParam = { type: 'string', min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ } as const;

/** Paging on GET routes: query strings arrive as text. */
export const pageParams = {
  page: { type: 'number', integer: true, min: 1, max: 10_000, convert: true, default: 1 },
  pageSize: { type: 'number', integer: true, min: 1, max: 100, convert: true, default: 20 },
} as const;

/** An optional search term; an empty one (a cleared search box) means no search. */
export const searchParam = (max: number) => ({ type: 'string', trim: true, max, pattern: PLAIN_TEXT, optional: true }) as const;
