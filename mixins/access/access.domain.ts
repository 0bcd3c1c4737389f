import { ROLES, type AccessRule, type Principal } from './access.types';

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden';

/** Pure decision: may `user` call an action declaring `rule`? */
export function decide(rule: AccessRule, user: Principal | null | undefined): AccessDecision {
  if (rule === 'public' || rule === 'internal') return 'allow';
  if (!user) return 'unauthenticated';
  if (rule === 'authenticated' || user.system) return 'allow';
  return rule.roles.some((r) => user.roles.includes(r)) ? 'allow' : 'forbidden';
}

/** Throws a description of what is wrong with a declared rule; used when services start. */
export function checkRule(actionName: string, rule: unknown, routed: boolean): AccessRule {
  if (rule === undefined)
    throw new Error(`Action ${actionName} declares no access rule (access: 'public' | 'authenticated' | 'internal' | { roles })`);
  if (rule === 'public' || rule === 'authenticated') return rule;
  if (rule === 'internal') {
    if (routed) throw new Error(`Action ${actionName} is internal but has a REST route`);
    return rule;
  }
  const roles = (rule as { roles?: unknown }).roles;
  if (Array.isArray(roles) && roles.length > 0 && roles.every((r) => (ROLES as readonly unknown[]).includes(r)))
    return { roles: roles as never };
  throw new Error(`Action ${actionName} has an invalid access rule: ${JSON.stringify(rule)}`);
}

/** True when a principal may act on a resource owned by `ownerId`: its owner, support, admin or the platform. */
export function canActFor(user: Principal, ownerId: string): boolean {
  return user.id === ownerId || user.system === true || user.roles.includes('admin') || user.roles.includes('support');
}

/** What the gateway makes of a verified access token: its session may have ended, or its roles/status be out of date. */
export type TokenStanding = 'current' | 'session-ended' | 'stale';

/** `currentEpoch` is the account's published auth epoch (null: none raised within a token lifetime). */
export const standingOf = (sessionEnded: boolean, currentEpoch: number | null, tokenEpoch = 0): TokenStanding =>
  sessionEnded ? 'session-ended' : currentEpoch !== null && tokenEpoch < currentEpoch ? 'stale' : 'current';
