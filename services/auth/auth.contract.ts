import type { Role } from '../../mixins/access/access.types';

export type { Role } from '../../mixins/access/access.types';
export type AccountStatus = 'active' | 'disabled';

export type Account = {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  status: AccountStatus;
  emailVerifiedAt?: number;
  /** Raised whenever roles or status change or the password is reset (a change by the owner ends only their other sessions); access tokens issued under an older one stop working. */
  authEpoch?: number;
  createdAt: number;
  updatedAt: number;
  version?: number;
};

/** What leaves the auth service about an account: never the hash. */
export type PublicAccount = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  status: AccountStatus;
  emailVerified: boolean;
  createdAt: number;
  updatedAt: number;
};

export type TokenStatus = 'active' | 'rotated' | 'revoked';

/** One sign-in: every refresh token it ever issued shares its id; the access token's `sid`. */
export type RefreshFamily = {
  id: string;
  accountId: string;
  status: 'active' | 'revoked';
  createdAt: number;
  /** Absolute: set at sign-in, rotation never extends it. */
  expiresAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
  revokedReason?: string;
};

/** A refresh token, known only by its SHA-256 hash. */
export type RefreshTokenRow = {
  id: string;
  tokenHash: string;
  family: string;
  accountId: string;
  status: TokenStatus;
  createdAt: number;
  expiresAt: number;
  usedAt?: number;
};

export type OneTimePurpose = 'reset' | 'verify';

/** A password-reset or email-verification token, known only by its hash; single use. */
export type OneTimeToken = {
  id: string;
  tokenHash: string;
  purpose: OneTimePurpose;
  accountId: string;
  createdAt: number;
  expiresAt: number;
  usedAt?: number;
};

/** Append-only security log; `detail` never holds a password or a token. */
export type AuditEvent = {
  id: string;
  at: number;
  type: string;
  accountId?: string;
  actorId?: string;
  email?: string;
  ip?: string;
  requestId?: string;
  userAgent?: string;
  detail?: Record<string, unknown>;
};

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface SignedIn extends TokenPair {
  user: PublicAccount;
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface EnsureAdminResult {
  account: PublicAccount;
  created: boolean;
  /** Only when this call created the account with a generated password: shown once, never stored in clear. */
  generatedPassword?: string;
}

/** Events auth publishes (envelope `data`). */
export interface UserRegistered {
  id: string;
  email: string;
  name: string;
}
export interface UserEmailVerified {
  id: string;
  email: string;
}
export interface UserRolesChanged {
  id: string;
  roles: Role[];
  previous: Role[];
}
export interface UserStatusChanged {
  id: string;
  status: AccountStatus;
}
