import { randomInt } from 'node:crypto';
import { Errors } from 'moleculer';
import { UniqueConflictError } from '../../mixins/store/store.errors';
import type { Collection } from '../../mixins/store/store.types';
import type { CodeDoc } from './discounts.usage.ops';

/** No 0/O, 1/I/L or U: codes are read off printed vouchers and typed in by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
/** 30^10 ≈ 5.9·10^14 codes per prefix: a clash is rare, and retried when it happens. */
const RANDOM_LENGTH = 10;
/** DynamoDB writes at most 100 items per transaction; one size for every engine keeps the behaviour the same. */
export const CODE_CHUNK = 100;
const CHUNK_ATTEMPTS = 5;

export const randomCode = (prefix = ''): string =>
  prefix + Array.from({ length: RANDOM_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/**
 * Inserts `count` new single-use codes for a promotion, a chunk at a time. The code is the row's
 * id, so the store's key is the uniqueness guard: a chunk that clashes with any existing code
 * (a batch code or another promotion's) is rejected whole and generated afresh.
 */
export async function generateCodes(
  codes: Collection<CodeDoc>,
  promotionId: string,
  count: number,
  prefix = '',
): Promise<string[]> {
  const made: string[] = [];
  while (made.length < count) {
    const size = Math.min(CODE_CHUNK, count - made.length);
    for (let attempt = 1; ; attempt++) {
      const now = Date.now();
      const ids = [...new Set(Array.from({ length: size }, () => randomCode(prefix)))];
      try {
        await codes.insertMany(ids.map((id) => ({ id, promotionId, uses: 0, createdAt: now })));
        made.push(...ids);
        break;
      } catch (err) {
        if (!(err instanceof UniqueConflictError) || attempt >= CHUNK_ATTEMPTS) throw err;
      }
    }
  }
  return made;
}

/** The codes of one promotion as CSV (code,uses,createdAt), read a page at a time. */
export async function codesCsv(codes: Collection<CodeDoc>, promotionId: string, max: number): Promise<string> {
  if ((await codes.count({ filter: { promotionId } })) > max)
    throw new Errors.MoleculerClientError(`More than ${max} codes: page through GET …/codes instead`, 422, 'EXPORT_TOO_LARGE');
  const lines = ['code,uses,createdAt'];
  for (let offset = 0; ; offset += 1_000) {
    const page = await codes.find({ filter: { promotionId }, sort: ['id'], limit: 1_000, offset });
    lines.push(...page.map((c) => `${c.id},${c.uses},${new Date(c.createdAt).toISOString()}`));
    if (page.length < 1_000) break;
  }
  return `${lines.join('\n')}\n`;
}
