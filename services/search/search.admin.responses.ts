import { arr, INT, nullable, obj, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';

/** What the index's admin routes answer: rebuild jobs and repairs (search.rebuild.domain.ts, search.repair.ts). */
const JOB_PROPS = {
  id: 'string',
  gen: 'string',
  reason: 'string',
  state: { type: 'enum', values: ['running', 'done', 'failed'] },
  phase: { type: 'enum', values: ['stock', 'products', 'catch-up', 'switched'] },
  cursor: nullable('string'),
  oldGen: nullable('string'),
  stock: INT,
  products: INT,
  replayed: INT,
  startedAt: TIMESTAMP,
  finishedAt: { ...TIMESTAMP, optional: true },
  error: 'string|optional',
};
const JOB = obj(JOB_PROPS);
const DRIFT = obj({
  kind: { type: 'enum', values: ['missing', 'extra', 'stale-version', 'status', 'stock'] },
  id: 'string',
  detail: 'string',
  record: 'string|optional',
});

export const SEARCH_ADMIN_RESPONSES = {
  reindex: {
    status: 202,
    schema: { job: JOB, started: 'boolean' },
    description: 'The rebuild runs in the background (started: false when one was running already: that one)',
  },
  reindexStatus: { status: 200, schema: JOB_PROPS, errors: { 404: 'No rebuild has this id' } },
  repair: {
    status: 200,
    schema: { drift: arr(DRIFT), repaired: obj({ products: INT, stock: INT }) },
    description: 'The drift found and fixed: each drifted document or stock record re-read from its source',
  },
} satisfies Record<string, ActionResponse>;
