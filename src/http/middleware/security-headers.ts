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

export const securityHeaders = ({ hsts = true }: SecurityHeaderOptions = {}) =>
  createMiddleware<AppEnv>(async function securityHeaders(c, next) {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (hsts) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
  });
