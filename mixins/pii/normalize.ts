/**
 * Format characters (Unicode category Cf: bidi overrides U+202A-U+202E and U+2066-U+2069, zero-width
 * spaces and joiners U+200B-U+200F, the BOM U+FEFF) render as nothing or reorder text, so a name or
 * address holding one can pass for another. Names, addresses and emails refuse them.
 */
export const PERSON_TEXT = /^[^\p{Cc}\p{Cs}\p{Cf}]*$/u;

/**
 * The one form an email is stored, hashed and compared in: NFKC folds fullwidth and other
 * compatibility forms (`ａ` → `a`), then case. Two spellings of one address are one account.
 */
export const normalizeEmail = (email: string): string => email.normalize('NFKC').trim().toLowerCase();
