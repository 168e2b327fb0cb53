// Security headers on every response: no inline script, no framing, no sniffing, HSTS over TLS.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export interface SecurityHeaderOptions {
  /** Send Strict-Transport-Security; only meaningful when users reach us over HTTPS. */
  hsts?: boolean;
}

/** The headers every response carries, whatever produced it. */
export function securityHeaderValues({ hsts = true }: SecurityHeaderOptions = {}): [string, string][] {
  const values: [string, string][] = [
    ['Content-Security-Policy', CSP],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
  ];
  if (hsts) values.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  return values;
}

export const securityHeaders = (opts: SecurityHeaderOptions = {}) => {
  const values = securityHeaderValues(opts);
  return createMiddleware<AppEnv>(async function securityHeaders(c, next) {
    // Prepared before the handler too, so a response an outer error handler builds through `c`
    // still carries them when this middleware never gets to run its second half.
    for (const [k, v] of values) c.header(k, v);
    await next();
    const h = c.res.headers;
    for (const [k, v] of values) h.set(k, v);
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  });
};
