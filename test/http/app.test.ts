// The assembled app on every dialect: health, readiness, /me, problem responses and headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';

describe.each(dialects())('app on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('answers health and readiness without signing in', async () => {
    expect(await (await t.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: 'reachable' });
  });

  it('returns the caller from GET /api/v1/me with a Bearer token', async () => {
    const { authorization, email } = await t.bearer('auditor');
    const res = await t.request('/api/v1/me', { headers: { authorization } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ email, name: expect.any(String), role: 'auditor' });
  });

  it('answers 401 as problem+json without credentials, and for a forged token', async () => {
    const cases: Record<string, string>[] = [{}, { authorization: 'Bearer kilpi_forged' }, { authorization: 'Basic abc' }];
    for (const headers of cases) {
      const res = await t.request('/api/v1/me', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = (await res.json()) as { status: number; title: string };
      expect(body.status).toBe(401);
    }
  });

  it('answers unknown API paths with a 404 problem', async () => {
    const res = await t.request('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('sets security headers on every response', async () => {
    const res = await t.request('/healthz');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
