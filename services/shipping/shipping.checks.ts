import type { FieldProblem } from './domain/problems';
import { validatePostcodeRule } from './domain/postcode';
import { defaultDeliveryDays } from './domain/quote';
import { validateRateCard } from './domain/rate-card.validate';
import { invalid } from './shipping.errors';
import type { Method, MethodInput, PostcodeRule, RateCard, ServiceLevel, Zone } from './shipping.contract';

/**
 * Admin input after fastest-validator checked its shape (shipping.params.ts): the nested rules
 * (postcode rules, rate cards) are checked here by the domain's validators, which name each bad
 * field by its path, and a patch is merged over the stored document.
 */
export type ZoneFields = Pick<Zone, 'name' | 'countries' | 'regions' | 'postcodes' | 'active'>;
export type MethodFields = Required<Omit<MethodInput, 'active'>> & { active: boolean };

const unique = (list: string[]) => [...new Set(list)];
const fail = (what: string, problems: FieldProblem[]) => {
  if (problems.length) throw invalid(what, problems);
};

export function checkZone(input: Record<string, unknown>, base?: Zone): ZoneFields {
  const given = input as Partial<Record<keyof ZoneFields, unknown>>;
  const postcodes = (given.postcodes ?? base?.postcodes ?? {}) as { include?: unknown[]; exclude?: unknown[] };
  const problems = (['include', 'exclude'] as const).flatMap((side) =>
    (postcodes[side] ?? []).flatMap((rule, i) => validatePostcodeRule(rule, `postcodes.${side}[${i}]`)),
  );
  fail('zone', problems);
  return {
    name: (given.name as string | undefined) ?? base!.name,
    countries: unique((given.countries as string[] | undefined) ?? base!.countries),
    regions: unique(((given.regions as string[] | undefined) ?? base?.regions ?? []).map((r) => r.toUpperCase())),
    postcodes: {
      include: (postcodes.include ?? []) as PostcodeRule[],
      exclude: (postcodes.exclude ?? []) as PostcodeRule[],
    },
    active: (given.active as boolean | undefined) ?? base?.active ?? true,
  };
}

/** `knownCarrier`: whether an id names a registered carrier (a method with another could never get a label). */
export function checkMethod(input: Record<string, unknown>, knownCarrier: (id: string) => boolean, base?: Method): MethodFields {
  const given = input as Partial<Record<keyof MethodInput, unknown>>;
  if (given.rateCard !== undefined) fail('method', validateRateCard(given.rateCard, 'rateCard'));
  if (typeof given.carrier === 'string' && !knownCarrier(given.carrier))
    fail('method', [{ field: 'carrier', message: 'is not a registered carrier' }]);
  const serviceLevel = (given.serviceLevel ?? base?.serviceLevel ?? 'standard') as ServiceLevel;
  const deliveryDays = (given.deliveryDays ?? base?.deliveryDays ?? defaultDeliveryDays(serviceLevel)) as Method['deliveryDays'];
  fail(
    'method',
    deliveryDays.min > deliveryDays.max ? [{ field: 'deliveryDays.max', message: 'must not be below min' }] : [],
  );
  return {
    zoneId: (given.zoneId as string | undefined) ?? base!.zoneId,
    name: (given.name as string | undefined) ?? base!.name,
    serviceLevel,
    carrier: (given.carrier as string | undefined) ?? base?.carrier ?? 'sandbox',
    rateCard: (given.rateCard as RateCard | undefined) ?? base!.rateCard,
    deliveryDays,
    active: (given.active as boolean | undefined) ?? base?.active ?? true,
  };
}
