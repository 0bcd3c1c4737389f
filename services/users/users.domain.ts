import type {
  AccountSummary,
  Address,
  AddressPatch,
  AddressView,
  PaymentMethod,
  PaymentMethodInput,
  PaymentMethodView,
  Preferences,
  Profile,
  ProfileView,
  WishlistItem,
  WishlistView,
} from './users.contract';

export interface FieldProblem {
  field: string;
  message: string;
}

export const defaultPreferences = (): Preferences => ({
  channels: { email: true, sms: false, push: false },
  language: 'en',
  currency: 'EUR',
});

export function newProfile(account: AccountSummary, now: number): Profile {
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    preferences: defaultPreferences(),
    createdAt: now,
    updatedAt: now,
  };
}

export const toProfileView = ({ id, email, name, phone, preferences, createdAt, updatedAt }: Profile): ProfileView =>
  ({ id, email, name, phone, preferences: preferences ?? defaultPreferences(), createdAt, updatedAt }) as ProfileView;

/** Optional params may arrive as null; stored documents simply lack them. */
export const withoutNulls = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v != null)) as T;

export function toAddressView(address: Address): AddressView {
  const { userId: _owner, version: _version, ...view } = address;
  return view;
}

/** The only shape a payment method leaves the service in over REST: an allow-list, so the token cannot slip through. */
export const toPaymentMethodView = ({
  id,
  provider,
  brand,
  last4,
  expMonth,
  expYear,
  isDefault,
  createdAt,
}: PaymentMethod): PaymentMethodView => ({
  id,
  provider,
  brand,
  last4,
  expMonth,
  expYear,
  isDefault,
  createdAt,
});

export const toWishlistView = ({ productId, addedAt }: WishlistItem): WishlistView => ({ productId, addedAt });

/** Wishlist rows are keyed by owner and product, so adding twice finds the same row. */
export const wishlistId = (userId: string, productId: string) => `${userId}:${productId}`;

/** A row that may hold a default (an address for one kind, or a payment method). */
export interface DefaultCandidate {
  id: string;
  updatedAt: number;
  isDefault: boolean;
}

const newestFirst = (a: DefaultCandidate, b: DefaultCandidate) =>
  b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Which row holds the default once a change is applied. `rows` is the state after the change (a new
 * row included, a deleted one gone). The row asked for wins; otherwise the current holder keeps it;
 * otherwise (first row, or the holder was deleted) the most recently updated row is promoted.
 */
export function chooseDefault(rows: DefaultCandidate[], wanted?: string): string | undefined {
  if (wanted && rows.some((r) => r.id === wanted)) return wanted;
  const holders = rows.filter((r) => r.isDefault).sort(newestFirst);
  return (holders[0] ?? [...rows].sort(newestFirst)[0])?.id;
}

/** The rows whose flag differs from "only `chosen` holds it", with the value each must take. */
export function defaultFlips(rows: DefaultCandidate[], chosen: string | undefined): Map<string, boolean> {
  return new Map(rows.filter((r) => r.isDefault !== (r.id === chosen)).map((r) => [r.id, r.id === chosen]));
}

export type AddressFlags = Partial<Pick<Address, 'isDefaultShipping' | 'isDefaultBilling'>>;
type AddressRow = Pick<Address, 'id' | 'updatedAt' | 'isDefaultShipping' | 'isDefaultBilling'>;

/**
 * The default-flag changes that keep exactly one default shipping and one default billing address,
 * per row id. `rows` is the state after the change; `wanted` names the row asked to become a default.
 */
export function planAddressDefaults(
  rows: AddressRow[],
  wanted: { shipping?: string; billing?: string },
): Map<string, AddressFlags> {
  const plan = new Map<string, AddressFlags>();
  const kinds = [
    ['isDefaultShipping', wanted.shipping],
    ['isDefaultBilling', wanted.billing],
  ] as const;
  for (const [flag, want] of kinds) {
    const candidates = rows.map((r) => ({ id: r.id, updatedAt: r.updatedAt, isDefault: r[flag] }));
    for (const [id, value] of defaultFlips(candidates, chooseDefault(candidates, want)))
      plan.set(id, { ...plan.get(id), [flag]: value });
  }
  return plan;
}

/** A default is moved by setting it elsewhere, never by clearing it: there is always one while any row exists. */
export function clearedDefaultProblems(current: AddressRow, patch: AddressPatch): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const flag of ['isDefaultShipping', 'isDefaultBilling'] as const) {
    if (patch[flag] === false && current[flag])
      problems.push({ field: flag, message: `${flag} can only move: make another address the default instead` });
  }
  return problems;
}

const OPTIONAL_ADDRESS_FIELDS = new Set(['label', 'line2', 'region', 'phone']);
const ADDRESS_FIELDS = ['label', 'name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;

/**
 * The store change for an address patch: given values set, null clears an optional field (the
 * validator lets null through for any optional param, so a required one is refused here). Flags are planned apart.
 */
export function addressChange(patch: AddressPatch): {
  $set: Record<string, unknown>;
  $unset: string[];
  problems: FieldProblem[];
} {
  const $set: Record<string, unknown> = {};
  const $unset: string[] = [];
  const problems: FieldProblem[] = [];
  for (const field of ADDRESS_FIELDS) {
    const value = patch[field];
    if (value === undefined) continue;
    if (value !== null) $set[field] = value;
    else if (OPTIONAL_ADDRESS_FIELDS.has(field)) $unset.push(field);
    else problems.push({ field, message: `${field} cannot be cleared` });
  }
  for (const flag of ['isDefaultShipping', 'isDefaultBilling'] as const) {
    if (patch[flag] === null) problems.push({ field: flag, message: `${flag} must be a boolean` });
  }
  return { $set, $unset, problems };
}

/** A card is valid through the last day of its expiry month (UTC). */
export function expiryProblems(card: Pick<PaymentMethodInput, 'expMonth' | 'expYear'>, now: Date): FieldProblem[] {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (card.expYear < year) return [{ field: 'expYear', message: 'The card has expired' }];
  if (card.expYear === year && card.expMonth < month) return [{ field: 'expMonth', message: 'The card has expired' }];
  return [];
}

/**
 * True when a "token" carries what looks like a primary account number: 13 or more digits in a
 * row, or nothing but 13 to 19 digits once the usual separators go. Card numbers must never reach
 * our store; only the provider sees them.
 */
export function looksLikeCardNumber(token: string): boolean {
  return /\d{13,}/.test(token) || /^\d{13,19}$/.test(token.replace(/[\s_:-]/g, ''));
}

export function paymentMethodProblems(input: PaymentMethodInput, now: Date): FieldProblem[] {
  const problems = expiryProblems(input, now);
  if (looksLikeCardNumber(input.token))
    problems.push({ field: 'token', message: "token must be the payment provider's token, never a card number" });
  return problems;
}

/** The `data` of a `user.registered` envelope, or null when it is not one we can use. */
export function registeredData(data: unknown): AccountSummary | null {
  if (!data || typeof data !== 'object') return null;
  const { id, email, name } = data as Record<string, unknown>;
  const ok = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
  return ok(id, 64) && ok(email, 254) && ok(name, 200) ? { id, email, name } : null;
}
