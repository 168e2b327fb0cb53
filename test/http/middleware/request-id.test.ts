// requestId: every response carries an id, and the problem body names the same one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';

describe.each(dialects())('request ids on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('differ per request and appear on successes and errors alike', async () => {
    const ids = new Set<string>();
    for (const path of ['/healthz', '/healthz', '/api/v1/me', '/api/v1/nothing']) {
      const res = await t.request(path);
      const id = res.headers.get('x-request-id');
      expect(id, path).toMatch(/^[A-Za-z0-9_-]{16}$/);
      ids.add(id!);
    }
    expect(ids.size).toBe(4);
  });

  it('are the instance of the problem a client can quote to the operator', async () => {
    const res = await t.request('/api/v1/me');
    const body = (await res.json()) as { instance: string };
    expect(body.instance).toBe(`urn:kilpi:request:${res.headers.get('x-request-id')}`);
  });

  it('ignore an id the client sends', async () => {
    const res = await t.request('/healthz', { headers: { 'x-request-id': 'forged-by-client' } });
    expect(res.headers.get('x-request-id')).not.toContain('forged');
  });
});
