import { Errors, type Context, type Middleware } from 'moleculer';
import { checkRule, decide } from './access.domain';
import type { CallerMeta } from './access.types';

type ActionDef = { name?: string; rest?: unknown; access?: unknown; visibility?: string };

/**
 * Enforces each action's declared `access` rule on every call, whether it came through the
 * gateway or straight over the broker. Moleculer's own `$node` actions and moleculer-web's
 * private dispatcher are the only exemptions.
 */
export const AccessMiddleware: Middleware = {
  name: 'Access',
  localAction(next: (ctx: Context) => Promise<unknown>, action: ActionDef) {
    const name = action.name ?? '?';
    if (name.startsWith('$') || action.visibility === 'private') return next;
    const rule = checkRule(name, action.access, action.rest !== undefined);
    if (rule === 'public' || rule === 'internal') return next;
    return async function checkAccess(ctx: Context<unknown, CallerMeta>) {
      const decision = decide(rule, ctx.meta.user);
      if (decision === 'unauthenticated') throw new Errors.MoleculerClientError('Sign in to do this', 401, 'UNAUTHORIZED');
      if (decision === 'forbidden') throw new Errors.MoleculerClientError('You are not allowed to do this', 403, 'FORBIDDEN');
      return next(ctx);
    };
  },
};

/** The caller of an `authenticated` or role-restricted action; the middleware guarantees one. */
export function caller(ctx: Context<unknown, CallerMeta>) {
  const user = ctx.meta.user;
  if (!user) throw new Errors.MoleculerClientError('Sign in to do this', 401, 'UNAUTHORIZED');
  return user;
}

/** Another owner's resource answers exactly like a missing one, so ids cannot be probed. */
export const notFound = (what: string) => new Errors.MoleculerClientError(`${what} not found`, 404, 'NOT_FOUND');
