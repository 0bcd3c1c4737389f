/** Money is integer minor units with an ISO 4217 currency code; never a float. */
export interface Money {
  amount: number;
  currency: string;
}

export const currencyParam = { type: 'string', pattern: /^[A-Z]{3}$/ } as const;

/** A fastest-validator rule for Money with amounts from `min` minor units up to 10^12. */
export const moneyRule = <M extends number>(min: M) =>
  ({
    type: 'object',
    strict: true,
    props: { amount: { type: 'number', integer: true, min, max: 1e12 }, currency: currencyParam },
  }) as const;

export const moneyParam = moneyRule(0);
