import { arr, INT, MONEY, nullable, obj, page, TIMESTAMP } from '../api/openapi/response-rules';
import type { ActionResponse } from '../api/openapi/openapi.types';
import { TAX_CLASSES } from '../discounts/discounts.contract';

/** What the search service's routes answer (see search.contract.ts). */
const ROW = obj({
  id: 'string',
  slug: 'string',
  name: 'string',
  description: 'string',
  brand: 'string',
  status: 'string',
  categoryId: 'string|optional',
  attributes: { type: 'object' },
  images: arr('string'),
  variants: arr(
    obj({
      sku: 'string',
      attributes: { type: 'object' },
      price: nullable(MONEY),
      taxClass: { type: 'enum', values: [...TAX_CLASSES] },
    }),
  ),
  priceRange: nullable(obj({ min: INT, max: INT, currency: 'string' })),
  createdAt: TIMESTAMP,
  updatedAt: TIMESTAMP,
});
const FACET_VALUE = obj({ value: 'string', count: INT });
const FACETS = obj({
  brands: arr(FACET_VALUE),
  attributes: { type: 'record', key: 'string', value: arr(FACET_VALUE) },
  prices: arr(obj({ from: INT, to: nullable(INT), count: INT })),
  availability: obj({ inStock: INT, outOfStock: INT }),
});
const SYNONYMS = { synonyms: { type: 'record', key: 'string', value: arr('string') } };

export const SEARCH_RESPONSES = {
  search: {
    status: 200,
    schema: page(ROW, { facets: FACETS, correctedQuery: nullable('string') }),
    description: 'Active products matching the words and filters, ranked, with facet counts over every match',
    example: {
      rows: [],
      total: 0,
      page: 1,
      pageSize: 20,
      facets: { brands: [], attributes: {}, prices: [], availability: { inStock: 0, outOfStock: 0 } },
      correctedQuery: 'phone',
    },
  },
  synonyms: { status: 200, schema: SYNONYMS, description: 'Every synonym group (both directions of each pair)' },
  setSynonyms: { status: 200, schema: SYNONYMS },
} satisfies Record<string, ActionResponse>;
