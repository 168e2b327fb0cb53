// httpMetrics: one series per route template and status, whatever the raw path or outcome.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../src/http/env.js';
import { createMetrics, httpMetrics } from '../../../src/http/middleware/metrics.js';

function app() {
  const metrics = createMetrics();
  const a = new Hono<AppEnv>();
  a.use('*', httpMetrics(metrics));
  a.get('/people/:id', (c) => c.text(c.req.param('id')));
  a.get('/fail', () => {
    throw new Error('x');
  });
  a.onError((_e, c) => c.text('failed', 500));
  return { a, metrics };
}

async function series(metrics: ReturnType<typeof createMetrics>) {
  const m = await metrics.requests.get();
  return m.values.map((v) => ({ ...v.labels, value: v.value }));
}

describe('httpMetrics', () => {
  it('labels by route template, status and method', async () => {
    const { a, metrics } = app();
    await a.request('/people/0190-a');
    await a.request('/people/0190-b');
    await a.request('/fail');
    await a.request('/nowhere/0190-c');
    const s = await series(metrics);
    expect(s).toContainEqual({ method: 'GET', route: '/people/:id', status: '200', value: 2 });
    expect(s).toContainEqual({ method: 'GET', route: '/fail', status: '500', value: 1 });
    expect(s).toContainEqual({ method: 'GET', route: '(unmatched)', status: '404', value: 1 });
    expect(JSON.stringify(s)).not.toContain('0190');
  });

  it('keeps each app’s registry apart', async () => {
    const one = app();
    const two = app();
    await one.a.request('/people/1');
    expect(await series(two.metrics)).toEqual([]);
    expect(await one.metrics.registry.metrics()).toContain('kilpi_process_cpu_user_seconds_total');
  });

  it('counts a failure no handler caught as a 500', async () => {
    const metrics = createMetrics();
    const a = new Hono<AppEnv>();
    a.use('*', async (c, next) => {
      await next().catch(() => {
        c.res = new Response('adapter fallback', { status: 500 });
      });
    });
    a.use('*', httpMetrics(metrics));
    a.get('/odd', () => {
      throw 'a string';
    });
    await a.request('/odd');
    expect(await series(metrics)).toContainEqual({ method: 'GET', route: '/odd', status: '500', value: 1 });
  });
});
