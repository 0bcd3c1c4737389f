/**
 * The listing's price buckets. Listing, search and facets are answered by the search read model
 * (services/search); these edges are the catalog's word on what a price bucket is, shared by the
 * index (which stores each product's buckets) and its facet counts.
 */

/** Price bucket edges in minor units; the last bucket is open-ended. */
export const PRICE_EDGES = [0, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000];

/** The lower edge of the bucket holding an amount. */
export function bucketOf(amount: number): number {
  let edge = PRICE_EDGES[0];
  for (const e of PRICE_EDGES) if (amount >= e) edge = e;
  return edge;
}
