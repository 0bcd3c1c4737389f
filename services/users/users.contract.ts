export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl', 'pt', 'sv'] as const;
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'CAD', 'AUD', 'JPY'] as const;
export const PAYMENT_PROVIDERS = ['sandbox', 'stripe', 'adyen'] as const;
export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'other'] as const;

export const MAX_ADDRESSES = 20;
export const MAX_PAYMENT_METHODS = 10;
export const MAX_WISHLIST = 100;

export type Language = (typeof LANGUAGES)[number];
export type Currency = (typeof CURRENCIES)[number];

export interface Preferences {
  channels: { email: boolean; sms: boolean; push: boolean };
  language: Language;
  currency: Currency;
}

export type Profile = {
  /** The account id in the auth service. */
  id: string;
  email: string;
  name: string;
  phone?: string;
  preferences: Preferences;
  createdAt: number;
  updatedAt: number;
  /** Bumped by every change to the user's addresses, payment methods or wishlist (see `mutateOwned`). */
  ownedRev?: number;
  version?: number;
};

/** What a profile looks like to its owner and to support. */
export type ProfileView = Pick<Profile, 'id' | 'email' | 'name' | 'phone' | 'preferences' | 'createdAt' | 'updatedAt'>;

export type AddressFields = {
  label?: string;
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
};

export type Address = AddressFields & {
  id: string;
  userId: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
  createdAt: number;
  updatedAt: number;
  version?: number;
};

export type AddressView = Omit<Address, 'userId' | 'version'>;

/** Create: the address plus optional default flags. Update: any subset; null clears an optional field. */
export type AddressInput = AddressFields & { isDefaultShipping?: boolean; isDefaultBilling?: boolean };
export type AddressPatch = { [K in keyof AddressInput]?: AddressInput[K] | null };

export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];
export type CardBrand = (typeof CARD_BRANDS)[number];

/** Stored: the provider's opaque token, never a card number. */
export type PaymentMethod = {
  id: string;
  userId: string;
  provider: PaymentProvider;
  token: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: number;
  updatedAt: number;
  version?: number;
};

/** Everything a REST caller may see of a payment method: never the token. */
export type PaymentMethodView = Pick<
  PaymentMethod,
  'id' | 'provider' | 'brand' | 'last4' | 'expMonth' | 'expYear' | 'isDefault' | 'createdAt'
>;

export type PaymentMethodInput = Pick<PaymentMethod, 'provider' | 'token' | 'brand' | 'last4' | 'expMonth' | 'expYear'> & {
  isDefault?: boolean;
};

export type WishlistItem = {
  id: string;
  userId: string;
  productId: string;
  addedAt: number;
};

export type WishlistView = Pick<WishlistItem, 'productId' | 'addedAt'>;

export interface ProfilePage {
  rows: ProfileView[];
  total: number;
  page: number;
  pageSize: number;
}

export type UserDetail = ProfileView & { addresses: AddressView[]; paymentMethods: PaymentMethodView[] };

/** The public account the auth service answers `auth.getAccount` with (only what we read). */
export interface AccountSummary {
  id: string;
  email: string;
  name: string;
}

/** `data` of the `user.registered` event. */
export type UserRegistered = AccountSummary;
