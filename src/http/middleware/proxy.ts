// Behind a TLS-terminating proxy, refuse requests that did not arrive over HTTPS.
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import { nearestHop } from './client-ip.js';

/** Load balancers and orchestrators probe these over plain HTTP, without proxy headers. */
export const HEALTH_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/**
 * Answers 403 unless X-Forwarded-Proto says https. The proxy next to us has the last word when
 * the header lists several hops. This catches a proxy that forwards plain HTTP and anyone who
 * reaches the plain port directly without forging the header.
 */
export const requireForwardedHttps = () =>
  createMiddleware<AppEnv>(async function requireForwardedHttps(c, next) {
    if (!HEALTH_PATHS.has(c.req.path)) {
      const proto = nearestHop(c.req.header('x-forwarded-proto'))?.toLowerCase();
      if (proto !== 'https') {
        throw new AppError(403, 'https-required', 'HTTPS required', 'Kilpi only answers requests that reached the proxy over HTTPS.');
      }
    }
    await next();
  });
