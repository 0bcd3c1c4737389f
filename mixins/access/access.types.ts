/** Roles a person can hold. Platform code calling on its own behalf uses the system principal. */
export const ROLES = ['customer', 'support', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the gateway established it from the access token and every internal call carries on. */
export interface Principal {
  id: string;
  roles: Role[];
  email?: string;
  /** The refresh-token family the access token was issued from (logout ends it). */
  sid?: string;
  /** The account's auth epoch when the token was issued; a later role or status change, or a password reset, raises it. */
  epoch?: number;
  /** Platform code (seeding, sagas, operators at the REPL), not a person. */
  system?: boolean;
}

/**
 * Declared beside every action (`access:`). A service whose action lacks one does not start.
 * - `public`: anyone, signed in or not.
 * - `authenticated`: any signed-in principal; handlers scope data to `ctx.meta.user.id`.
 * - `{ roles }`: a principal holding one of the roles (the system principal holds them all).
 * - `internal`: never routed by the gateway; other services call it.
 */
export type AccessRule = 'public' | 'authenticated' | 'internal' | { roles: Role[] };

/** What the gateway puts on `ctx.meta`; Moleculer propagates meta to every nested call. */
export interface CallerMeta {
  user?: Principal | null;
  /** Client address as the gateway saw it (X-Forwarded-For only when TRUST_PROXY is set). */
  ip?: string;
  userAgent?: string;
}

export const SYSTEM_PRINCIPAL: Principal = Object.freeze({ id: 'system', roles: [...ROLES], system: true }) as Principal;
