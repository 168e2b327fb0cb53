// Prometheus metrics: request counts and latency per route template, plus process metrics.
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { AppEnv } from '../env.js';

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
}

/** A registry of its own per app, so several apps in one process (tests) do not collide. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kilpi_' });
  return {
    registry,
    requests: new Counter({ name: 'kilpi_http_requests_total', help: 'HTTP requests by method, route template and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    latency: new Histogram({
      name: 'kilpi_http_request_duration_seconds',
      help: 'HTTP request latency by method and route template',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

export const httpMetrics = (m: Metrics) =>
  createMiddleware<AppEnv>(async function httpMetrics(c, next) {
    const start = performance.now();
    let failed = false;
    try {
      await next();
    } catch (e) {
      failed = true; // escaped every error handler: the client sees a 500
      throw e;
    } finally {
      // Route templates, never raw paths: label cardinality stays bounded.
      let route = '(unmatched)';
      try {
        const r = routePath(c, -1);
        if (r && !r.endsWith('*')) route = r;
      } catch {
        /* no matched route */
      }
      const method = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].includes(c.req.method) ? c.req.method : 'OTHER';
      m.requests.inc({ method, route, status: failed ? '500' : String(c.res.status) });
      m.latency.observe({ method, route }, (performance.now() - start) / 1000);
    }
  });
