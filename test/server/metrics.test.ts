// /metrics: Prometheus text with request counts and latency per route template, and process metrics.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveTest, type TestServer } from './serve.js';

/** Parses Prometheus text exposition into samples. */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return out;
}

describe('/metrics', () => {
  let s: TestServer;
  let text: string;
  const id = randomUUID();
  beforeAll(async () => {
    s = await serveTest('sqlite', { insecureHttp: true });
    const auditor = await s.bearer('auditor');
    expect((await fetch(s.url(`/api/v1/audit-events/${id}`), { headers: { authorization: auditor } })).status).toBe(404);
    expect((await fetch(s.url(`/api/v1/audit-events/${randomUUID()}`), { headers: { authorization: auditor } })).status).toBe(404);
    expect((await fetch(s.url('/api/v1/me'))).status).toBe(401);
    expect((await fetch(s.url(`/no/such/page/${id}`))).status).toBe(404);
    await fetch(s.url('/healthz'));
    const res = await fetch(s.url('/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    text = await res.text();
  });
  afterAll(async () => s.close());

  it('counts requests by method, route template and status, never by raw path', () => {
    const requests = samples(text).filter((x) => x.name === 'kilpi_http_requests_total');
    expect(requests).toContainEqual({ name: 'kilpi_http_requests_total', labels: { method: 'GET', route: '/api/v1/audit-events/:id', status: '404' }, value: 2 });
    expect(requests).toContainEqual({ name: 'kilpi_http_requests_total', labels: { method: 'GET', route: '/api/v1/me', status: '401' }, value: 1 });
    expect(requests).toContainEqual({ name: 'kilpi_http_requests_total', labels: { method: 'GET', route: '/healthz', status: '200' }, value: 1 });
    // Unknown paths share one label, so a scanner cannot blow up the series count.
    expect(requests).toContainEqual({ name: 'kilpi_http_requests_total', labels: { method: 'GET', route: '(unmatched)', status: '404' }, value: 1 });
    expect(text).not.toContain(id);
  });

  it('has a latency histogram per route template', () => {
    const buckets = samples(text).filter((x) => x.name === 'kilpi_http_request_duration_seconds_bucket' && x.labels.route === '/api/v1/audit-events/:id');
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets.find((b) => b.labels.le === '+Inf')?.value).toBe(2);
    const count = samples(text).find((x) => x.name === 'kilpi_http_request_duration_seconds_count' && x.labels.route === '/api/v1/audit-events/:id');
    expect(count?.value).toBe(2);
  });

  it('includes process metrics', () => {
    const names = new Set(samples(text).map((x) => x.name));
    for (const n of ['kilpi_process_cpu_user_seconds_total', 'kilpi_process_resident_memory_bytes', 'kilpi_process_start_time_seconds', 'kilpi_nodejs_heap_size_used_bytes', 'kilpi_nodejs_eventloop_lag_seconds']) {
      expect(names, n).toContain(n);
    }
  });

  it('counts a request with an unusual method under OTHER', async () => {
    await fetch(s.url('/healthz'), { method: 'PROPFIND' });
    const after = samples(await (await fetch(s.url('/metrics'))).text());
    expect(after.some((x) => x.name === 'kilpi_http_requests_total' && x.labels.method === 'OTHER')).toBe(true);
  });
});
