// Every route handler is wrapped by `guard`, which enforces the route's declared access.
// The route-permission test walks the app and fails on any handler without this tag.
import type { Context, Handler } from 'hono';
import { authorize, type RouteAccess } from '../auth/permissions.js';
import { unauthorized } from '../core/errors.js';
import type { AppEnv } from './env.js';

export const ACCESS = Symbol.for('kilpi.access');
export type GuardedHandler = Handler<AppEnv> & { [ACCESS]: { access: RouteAccess; kind: 'api' | 'page' } };

/**
 * Wraps a handler so it runs only for callers allowed `access`.
 * Pages send an unauthenticated caller to sign in (and a half-signed-in one to finish MFA);
 * the API answers 401. A signed-in caller without the permission gets 403.
 */
export function guard(access: RouteAccess, handler: Handler<AppEnv>, kind: 'api' | 'page' = 'page'): GuardedHandler {
  const guarded = async function guarded(c: Context<AppEnv>, next: () => Promise<void>) {
    if (access !== 'public') {
      const auth = c.get('auth');
      if (!auth || !auth.complete) {
        if (kind === 'page') {
          if (auth && !auth.complete) return c.redirect('/login/mfa', 303);
          const back = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
          return c.redirect(`/login?next=${back}`, 303);
        }
        throw unauthorized();
      }
      authorize(c.get('actor'), access);
    }
    return handler(c, next);
  } as GuardedHandler;
  guarded[ACCESS] = { access, kind };
  return guarded;
}

export const accessOf = (h: unknown): GuardedHandler[typeof ACCESS] | undefined =>
  typeof h === 'function' ? (h as Partial<GuardedHandler>)[ACCESS] : undefined;
