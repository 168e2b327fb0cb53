// requireForwardedHttps: behind a TLS-terminating proxy only HTTPS-forwarded requests get through.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../../src/http/env.js';
import { requireForwardedHttps } from '../../../src/http/middleware/proxy.js';
import { problemResponse, toAppError } from '../../../src/http/problem.js';

function app(): Hono<AppEnv> {
  const a = new Hono<AppEnv>();
  a.use('*', requireForwardedHttps());
  for (const p of ['/healthz', '/readyz', '/api/v1/me', '/login']) a.get(p, (c) => c.text('ok'));
  a.onError((e, c) => problemResponse(c, toAppError(e)));
  return a;
}

describe('requireForwardedHttps', () => {
  const a = app();
  const get = (path: string, proto?: string) => a.request(path, proto === undefined ? {} : { headers: { 'x-forwarded-proto': proto } });

  it.each([undefined, '', 'http', 'HTTP', 'ws', 'https-ish', 'https, http', ' , ', 'x'.repeat(5000)])('refuses X-Forwarded-Proto %j with a 403 problem', async (proto) => {
    const res = await get('/api/v1/me', proto);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 403, title: 'HTTPS required', type: '/docs/problems#https-required' });
  });

  it.each(['https', 'HTTPS', ' https ', 'http, https'])('lets X-Forwarded-Proto %j through (the nearest proxy decides)', async (proto) => {
    expect((await get('/login', proto)).status).toBe(200);
  });

  it('always answers the health checks', async () => {
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz', 'http')).status).toBe(200);
    // …but only those exact paths.
    expect((await get('/healthz/../api/v1/me')).status).toBe(403);
  });
});
