// Behind a TLS-terminating proxy, refuse requests that did not arrive over HTTPS.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';

const HEALTH = new Set(['/healthz', '/readyz']);

export const requireForwardedHttps = () =>
  createMiddleware<AppEnv>(async function requireForwardedHttps(c, next) {
    if (!HEALTH.has(c.req.path)) {
      const proto = (c.req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase();
      if (proto !== 'https') {
        throw new AppError(403, 'https-required', 'HTTPS required', 'Kilpi only answers requests that reached the proxy over HTTPS.');
      }
    }
    await next();
  });
