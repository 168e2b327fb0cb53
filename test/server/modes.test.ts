// Plain HTTP only where it is safe: --insecure-http on loopback, or --behind-proxy with the proxy's
// X-Forwarded-Proto: https on every request but the health checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { serveTest, type TestServer } from './serve.js';

describe('--insecure-http', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await serveTest('sqlite', { insecureHttp: true });
  });
  afterAll(async () => s.close());

  it('serves plain HTTP on 127.0.0.1, without HSTS and without Secure cookies', async () => {
    expect(s.running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(s.running.fingerprint).toBeNull();
    const res = await fetch(s.url('/healthz'));
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    // The CSRF cookie (set on any page-side path) must reach a browser on http://localhost, so it cannot be Secure here.
    const page = await fetch(s.url('/healthz'));
    expect(page.headers.getSetCookie().length).toBeGreaterThan(0);
    for (const c of page.headers.getSetCookie()) expect(c).not.toMatch(/;\s*Secure/i);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'kilpi.example.com', 'localhost.example.com', '127.0.0.1.nip.io'])(
    'refuses the non-loopback host %s when the configuration is read',
    (host) => {
      expect(() => loadConfig('/tmp/kilpi', { insecureHttp: true, host }, {})).toThrow(ConfigError);
      expect(() => loadConfig('/tmp/kilpi', { insecureHttp: true, host }, {})).toThrow(/loopback/);
    },
  );

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]'])('accepts the loopback host %s', (host) => {
    expect(loadConfig('/tmp/kilpi', { insecureHttp: true, host }, {}).host).toBe(host.replace(/^\[|\]$/g, ''));
  });
});

describe('--behind-proxy', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await serveTest('sqlite', { behindProxy: true });
  });
  afterAll(async () => s.close());

  it('answers 403 problem+json to a request that did not come over HTTPS', async () => {
    for (const headers of [{}, { 'x-forwarded-proto': 'http' }, { 'x-forwarded-proto': 'HTTPS-ish' }, { 'x-forwarded-proto': 'https, http' }] as Record<string, string>[]) {
      const res = await fetch(s.url('/api/v1/openapi.json'), { headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = (await res.json()) as { status: number; title: string; detail: string };
      expect(body).toMatchObject({ status: 403, title: 'HTTPS required' });
      expect(body.detail).toMatch(/HTTPS/);
    }
  });

  it('lets a request through with X-Forwarded-Proto: https, with HSTS and Secure cookies', async () => {
    const res = await fetch(s.url('/healthz'), { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) expect(c).toMatch(/;\s*Secure/i);
    const api = await fetch(s.url('/api/v1/me'), { headers: { 'x-forwarded-proto': 'https', authorization: await s.bearer('staff') } });
    expect(api.status).toBe(200);
  });

  it('always answers the health checks, for the proxy and the orchestrator', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const res = await fetch(s.url(path));
      expect(res.status, path).toBe(200);
    }
  });

  it('reads KILPI_BEHIND_PROXY from the environment', () => {
    expect(loadConfig('/tmp/kilpi', {}, { KILPI_BEHIND_PROXY: '1' }).behindProxy).toBe(true);
    expect(loadConfig('/tmp/kilpi', {}, { KILPI_BEHIND_PROXY: 'true' }).behindProxy).toBe(true);
    expect(loadConfig('/tmp/kilpi', {}, { KILPI_BEHIND_PROXY: '0' }).behindProxy).toBe(false);
    expect(() => loadConfig('/tmp/kilpi', {}, { KILPI_BEHIND_PROXY: 'sure' })).toThrow(ConfigError);
  });
});
