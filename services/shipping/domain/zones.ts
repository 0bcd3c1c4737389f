import type { QuoteAddress, Zone } from '../shipping.contract';
import { matchesRule } from './postcode';

export type ZoneLike = Pick<Zone, 'id' | 'countries' | 'regions' | 'postcodes' | 'active'>;

const upper = (s: string | undefined) => s?.trim().toUpperCase() || undefined;

/** Whether the address is inside the zone: country, region, one include rule and no exclude rule. */
export function zoneCovers(zone: ZoneLike, address: QuoteAddress): boolean {
  const country = upper(address.country);
  if (!zone.active || !country || !zone.countries.includes(country)) return false;
  const region = upper(address.region);
  if (zone.regions.length && (!region || !zone.regions.includes(region))) return false;
  const postcode = address.postalCode ?? '';
  const { include, exclude } = zone.postcodes;
  if (include.length && !include.some((r) => matchesRule(country, postcode, r))) return false;
  // An address without a postcode cannot be shown to be excluded; zones with include rules never take it.
  return !(postcode && exclude.some((r) => matchesRule(country, postcode, r)));
}

/**
 * How narrowly a zone is drawn: postcode include rules (2) outrank regions (1), which outrank a
 * country alone (0); a zone with both scores 3.
 */
export const zoneSpecificity = (zone: ZoneLike): number =>
  (zone.postcodes.include.length ? 2 : 0) + (zone.regions.length ? 1 : 0);

/** Total order, most specific first: specificity, then fewer countries, fewer regions, then id. */
export function compareZones(a: ZoneLike, b: ZoneLike): number {
  return (
    zoneSpecificity(b) - zoneSpecificity(a) ||
    a.countries.length - b.countries.length ||
    a.regions.length - b.regions.length ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The most specific active zone covering the address, or null; independent of the zones' order. */
export function matchZone<Z extends ZoneLike>(zones: readonly Z[], address: QuoteAddress): Z | null {
  let best: Z | null = null;
  for (const z of zones) if (zoneCovers(z, address) && (!best || compareZones(z, best) < 0)) best = z;
  return best;
}
