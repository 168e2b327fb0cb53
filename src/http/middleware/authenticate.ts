// Resolves the caller from a Bearer token or the session cookie; never refuses by itself
// except for a malformed or dead Bearer token, which is a 401 (the caller meant to authenticate).
import { getCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { MFA_REQUIRED_ROLES } from '../../auth/roles.js';
import { resolveSession, SESSION_COOKIE } from '../../auth/sessions.js';
import { resolveToken } from '../../auth/tokens.js';
import { unauthorized } from '../../core/errors.js';
import type { AppEnv } from '../env.js';

export const authenticate = () =>
  createMiddleware<AppEnv>(async function authenticate(c, next) {
    const s = c.get('services');
    const now = s.clock.now();
    c.set('auth', null);
    c.set('actor', null);
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header.trim());
      const found = m ? await resolveToken(s.db, m[1]!, now) : null;
      if (!found) throw unauthorized('The API token is malformed, unknown, expired or revoked.');
      c.set('auth', { user: found.user, role: found.user.role, via: 'token', session: null, complete: true });
      c.set('actor', { type: 'token', id: found.token.id, userId: found.user.id, label: `${found.user.email} (token ${found.token.name})`, role: found.user.role });
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const found = await resolveSession(s.db, cookie, now, s.limits);
      if (!found) {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      } else {
        const { session, user } = found;
        // A session is complete once MFA is passed, or when the user has no MFA and does not need it.
        const needsMfa = user.mfa_enabled_at !== null || MFA_REQUIRED_ROLES.has(user.role);
        const complete = !needsMfa || session.mfa_passed === 1;
        c.set('auth', { user, role: user.role, via: 'session', session, complete });
        if (complete) c.set('actor', { type: 'user', id: user.id, label: user.email, role: user.role });
      }
    }
    return next();
  });
