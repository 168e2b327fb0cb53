// The session cookie on the wire, the safe `next` redirect target, and request facts sign-in needs.
import type { Context } from 'hono';
import { sameOriginPath } from '../core/text.js';
import { deleteCookie, setCookie } from 'hono/cookie';
import { randomToken } from '../core/ids.js';
import type { AppEnv, AuthState } from '../http/env.js';
import { CSRF_COOKIE } from '../http/middleware/csrf.js';
import { clientIp } from '../http/middleware/client-ip.js';
import { SESSION_COOKIE } from './sessions.js';
import type { SignInEnv } from './sign-in-service.js';

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, whole site, browser-session lifetime. */
export function setSessionCookie(c: Context<AppEnv>, value: string): void {
  setCookie(c, SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'Strict', secure: c.get('services').secureCookies });
}

/**
 * Ends the session cookie. Forms on the page being rendered were given the dead session's CSRF
 * token, so they switch to a fresh anonymous (double-submit cookie) token.
 */
export function clearSessionCookie(c: Context<AppEnv>): void {
  const secure = c.get('services').secureCookies;
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure });
  const token = randomToken(24);
  setCookie(c, CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Strict', secure });
  c.set('csrfToken', token);
}

// Pages a sign-in must never return to: they would loop or act (sign-out is a POST anyway).
const NO_RETURN = /^\/(login|logout|mfa)(\/|$|\?)/;

/** A same-origin path to return to after sign-in, or `/`; never a sign-in page (it would loop). */
export function safeNext(raw: unknown): string {
  const path = sameOriginPath(raw);
  return path && !NO_RETURN.test(path) ? path : '/';
}

export type SessionAuth = AuthState & { session: NonNullable<AuthState['session']> };

/** The signed-in session, complete or still owing MFA; null for Bearer callers and strangers. */
export function sessionAuth(c: Context<AppEnv>): SessionAuth | null {
  const auth = c.get('auth');
  return auth && auth.via === 'session' && auth.session ? (auth as SessionAuth) : null;
}

/** What the sign-in services need from one request. */
export function signInEnv(c: Context<AppEnv>): SignInEnv {
  const s = c.get('services');
  return {
    db: s.db,
    clock: s.clock,
    limits: s.limits,
    secretKey: s.secretKey,
    requestId: c.get('requestId'),
    ip: clientIp(c).slice(0, 64),
    userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
    state: s,
  };
}
