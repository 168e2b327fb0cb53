// CSRF protection for cookie-authenticated requests: every unsafe request carries the session's
// token (form field `_csrf` or header X-CSRF-Token). Anonymous forms (sign-in) use a
// double-submit cookie. Bearer-token requests carry no ambient credential and need no token.
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import { randomToken } from '../../core/ids.js';
import type { AppEnv } from '../env.js';

export const CSRF_COOKIE = 'kilpi_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const csrfError = () =>
  new AppError(403, 'csrf', 'Form expired', 'The form’s security token is missing or stale. Reload the page and try again.');

/** The token forms on this request must carry; pages read it with `csrfTokenOf(c)`. */
export const csrf = () =>
  createMiddleware<AppEnv>(async function csrf(c, next) {
    const auth = c.get('auth');
    if (auth?.via === 'token') return next();
    // An API call with no credential at all carries no ambient authority to abuse: let the route
    // answer 401 (the caller forgot to authenticate) instead of a misleading CSRF 403.
    if (!auth && c.req.path.startsWith('/api/')) return next();
    let expected = auth?.session?.csrf_token;
    if (!expected) {
      expected = getCookie(c, CSRF_COOKIE);
      if (!expected || !/^[A-Za-z0-9_-]{20,64}$/.test(expected)) {
        expected = randomToken(24);
        setCookie(c, CSRF_COOKIE, expected, { path: '/', httpOnly: true, sameSite: 'Strict', secure: c.get('services').secureCookies });
      }
    }
    c.set('csrfToken', expected);
    if (!SAFE.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && new URL(c.req.url).host !== safeHost(origin)) throw csrfError();
      let sent = c.req.header('x-csrf-token');
      if (!sent) {
        const type = c.req.header('content-type') ?? '';
        if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
          const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
          sent = typeof form._csrf === 'string' ? form._csrf : undefined;
        }
      }
      if (!sent || !same(sent, expected)) throw csrfError();
    }
    await next();
  });

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
