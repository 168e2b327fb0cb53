// Security headers on every response the app gives: pages, API, errors, redirects and static files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../../src/http/env.js';
import { securityHeaders } from '../../../src/http/middleware/security-headers.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';

function expectHardened(res: Response, what: string): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(res.headers.get('strict-transport-security'), what).toBe('max-age=31536000; includeSubDomains');
}

describe.each(dialects())('security headers on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('are on every kind of response', async () => {
    const { authorization } = await t.bearer('staff');
    const cases: [string, RequestInit?][] = [
      ['/healthz'],
      ['/api/v1/me'],
      ['/api/v1/me', { headers: { authorization } }],
      ['/api/v1/audit-events', { headers: { authorization } }],
      ['/api/v1/nothing'],
      ['/no-such-page', { headers: { accept: 'text/html' } }],
      ['/static/app.css'],
      ['/metrics'],
    ];
    for (const [path, init] of cases) expectHardened(await t.request(path, init), path);
  });

  it('forbid caching of dynamic answers but let static files be cached', async () => {
    expect((await t.request('/api/v1/me')).headers.get('cache-control')).toBe('no-store');
    expect((await t.request('/healthz')).headers.get('cache-control')).toBe('no-store');
    expect((await t.request('/static/app.css')).headers.get('cache-control')).toMatch(/max-age=\d+/);
  });
});

describe('securityHeaders()', () => {
  it('leaves HSTS out when Kilpi is served over plain HTTP', async () => {
    const app = new Hono<AppEnv>();
    app.use('*', securityHeaders({ hsts: false }));
    app.get('/', (c) => c.text('x'));
    const res = await app.request('/');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
