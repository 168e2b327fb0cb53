// Hostile requests against a real server: oversized, mistyped and malformed bodies, thrown errors,
// garbage cookies and broken headers. None gets a 500 it did not earn, a stack trace or internals.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiRouter } from '../../src/http/api-router.js';
import { guard } from '../../src/http/guard.js';
import { dialects } from '../helpers/db.js';
import { serveTest, type TestServer } from './serve.js';

const SECRET = 'SELECT password_hash FROM users -- /srv/kilpi/src/secret.ts:42';

/** Routes that exist only in this test: a JSON POST, and handlers that fail unexpectedly. */
function mountProbes({ app }: { app: import('hono').Hono<import('../../src/http/env.js').AppEnv> }): void {
  const probe = new ApiRouter('/api/v1/__probe');
  const Thing = z.object({ name: z.string().min(1).max(100), count: z.number().int().min(0) });
  probe.route({ method: 'post', path: '/things', access: 'profile.read', summary: 'Echo', tag: 'Probe', body: Thing, response: Thing }, (c, { body }) => c.json(body, 201));
  probe.route({ method: 'get', path: '/boom', access: 'profile.read', summary: 'Throws', tag: 'Probe' }, () => {
    throw new Error(SECRET);
  });
  probe.route({ method: 'get', path: '/reject', access: 'profile.read', summary: 'Rejects', tag: 'Probe' }, async () => {
    await Promise.resolve();
    throw Object.assign(new TypeError(SECRET), { code: 'E_SECRET' });
  });
  probe.route({ method: 'get', path: '/string', access: 'profile.read', summary: 'Throws a string', tag: 'Probe' }, () => {
    throw SECRET; // the point: a careless throw of a non-Error
  });
  app.route('/api/v1/__probe', probe.app);
  app.get('/__probe/page-boom', guard('public', () => {
    throw new Error(SECRET);
  }));
}

/** Sends raw bytes and returns the status line's code (0 when the server just closed). */
function raw(port: number, request: string | Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve({ status: 0, text: '' }) : reject(e)));
    sock.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    sock.end(request);
  });
}

function expectNoInternals(body: string): void {
  expect(body).not.toContain('password_hash');
  expect(body).not.toContain('secret.ts');
  expect(body).not.toContain('E_SECRET');
  expect(body).not.toMatch(/\bat .*\(|node:internal|\.ts:\d+/);
}

describe.each(dialects())('hostile requests on %s', (dialect) => {
  let s: TestServer;
  let auth: string;
  let port: number;
  beforeAll(async () => {
    s = await serveTest(dialect, { insecureHttp: true }, { extend: mountProbes });
    auth = await s.bearer('staff');
    port = Number(new URL(s.running.url).port);
  });
  afterAll(async () => s.close());

  const post = (body: string | Uint8Array | ReadableStream<Uint8Array> | null, contentType: string | null, extra: Record<string, string> = {}) =>
    fetch(s.url('/api/v1/__probe/things'), {
      method: 'POST',
      headers: { authorization: auth, ...(contentType ? { 'content-type': contentType } : {}), ...extra },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);

  async function problem(res: Response, status: number): Promise<{ status: number; title: string; detail: string; errors?: { field: string; message: string }[] }> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const text = await res.text();
    expectNoInternals(text);
    const body = JSON.parse(text) as { status: number; title: string; detail: string };
    expect(body.status).toBe(status);
    return body;
  }

  it('accepts a good JSON body (the probe works)', async () => {
    const res = await post(JSON.stringify({ name: 'ok', count: 1 }), 'application/json; charset=utf-8');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: 'ok', count: 1 });
  });

  it('answers 413 for an oversized body, announced or streamed', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), count: 1 });
    await problem(await post(big, 'application/json'), 413);
    const huge = 'x'.repeat(6 * 1024 * 1024);
    await problem(await post(huge, 'application/json'), 413);
    // Chunked, with no Content-Length to refuse up front.
    const chunk = new TextEncoder().encode('[' + '1,'.repeat(32 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 8 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await post(stream, 'application/json');
    await problem(streamed, 413);
    expect(streamed.headers.get('connection')).toBe('close');
  });

  it('answers 415 for a body that is not JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data; boundary=x', null]) {
      const res = await post('{"name":"a","count":1}', type);
      const body = await problem(res, 415);
      expect(body.detail).toContain('application/json');
    }
  });

  it('answers 400 for malformed JSON and invalid UTF-8', async () => {
    for (const text of ['{', '{"name": "a", count: 1}', "{'name':'a'}", '', 'undefined', '{"name":"a","count":1}}']) {
      const body = await problem(await post(text, 'application/json'), 400);
      expect(body.detail).toMatch(/not valid JSON/);
    }
    const bytes = new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect((await problem(await post(bytes, 'application/json'), 400)).detail).toMatch(/UTF-8/);
  });

  it('answers 400 listing every bad field for wrong types and shapes', async () => {
    const body = await problem(await post(JSON.stringify({ name: 42, count: 'many' }), 'application/json'), 400);
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['count', 'name']);
    for (const value of ['null', '[]', '"text"', '7', 'true', JSON.stringify({ name: '', count: -1 })]) {
      await problem(await post(value, 'application/json'), 400);
    }
    // A deeply nested document must not overflow anything.
    await problem(await post('['.repeat(100_000) + ']'.repeat(100_000), 'application/json'), 400);
    // Prototype pollution attempts are just unknown fields.
    const proto = await post('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"name":"p","count":0}', 'application/json');
    expect(proto.status).toBe(201);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers a thrown error with a 500 problem that carries no internals, and logs it with the request id', async () => {
    for (const path of ['/api/v1/__probe/boom', '/api/v1/__probe/reject', '/api/v1/__probe/string']) {
      const res = await fetch(s.url(path), { headers: { authorization: auth } });
      const body = await problem(res, 500);
      expect(body.title).toBe('Internal error');
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toBeTruthy();
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      expect(JSON.stringify(body)).toContain(requestId!);
      const logged = s.log.find((l) => l.requestId === requestId);
      expect(logged, 'the log keeps what the response hides').toMatchObject({ level: 50, path });
      expect(JSON.stringify(logged)).toContain('password_hash');
    }
  });

  it('answers a failing page with a 500 page that carries no internals', async () => {
    const res = await fetch(s.url('/__probe/page-boom'), { headers: { accept: 'text/html' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expectNoInternals(await res.text());
  });

  it('treats garbage and oversized session cookies as no session', async () => {
    const cookies = [
      'kilpi_session=garbage',
      'kilpi_session=',
      'kilpi_session=%E0%A4%A',
      'kilpi_session="quoted; value"',
      `kilpi_session=${'A'.repeat(10 * 1024)}`,
      `kilpi_session=x; ${Array.from({ length: 300 }, (_, i) => `c${i}=v`).join('; ')}`,
      "kilpi_session=' OR '1'='1",
      'lang=<script>alert(1)</script>; kilpi_csrf=../../etc/passwd',
    ];
    for (const cookie of cookies) {
      const api = await fetch(s.url('/api/v1/me'), { headers: { cookie } });
      expect(api.status, cookie.slice(0, 40)).toBe(401);
      const health = await fetch(s.url('/healthz'), { headers: { cookie } });
      expect(health.status, cookie.slice(0, 40)).toBe(200);
    }
  });

  it('answers odd but legal headers without a server error', async () => {
    const cases: Record<string, string>[] = [
      { authorization: 'Bearer ' + 'k'.repeat(10 * 1024) },
      { authorization: 'Bearer kilpi_\u00e4\u00f6' },
      { authorization: 'Bearer' },
      { authorization: '' },
      { 'accept-language': 'fi;q=abc, *;q=-1, ' + 'x'.repeat(4000) },
      { accept: '*/*;q=NaN' },
      { 'x-forwarded-for': '<script>' },
      { 'x-csrf-token': '\u00ff'.repeat(100) },
    ];
    for (const headers of cases) {
      const res = await fetch(s.url('/api/v1/me'), { headers });
      expect(res.status, JSON.stringify(headers).slice(0, 60)).toBeLessThan(500);
      expectNoInternals(await res.text());
    }
  });

  it('rejects malformed HTTP at the socket with 4xx, never 500', async () => {
    const requests: [string, string | Buffer][] = [
      ['a control character in a header', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\nConnection: close\r\n\r\n'],
      ['a header name with a space', 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\nConnection: close\r\n\r\n'],
      ['a 20 KB header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\nConnection: close\r\n\r\n`],
      ['a 100 KB URL', `GET /${'u'.repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
      ['a bare LF request', 'GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n'],
      ['a broken request line', 'GARBAGE\r\n\r\n'],
      ['conflicting lengths', 'POST /api/v1/me HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n'],
      ['raw invalid UTF-8 in the path', Buffer.concat([Buffer.from('GET /api/v1/'), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')])],
    ];
    for (const [name, req] of requests) {
      const res = await raw(port, req);
      expect(res.status, `${name}: ${res.text.slice(0, 80)}`).not.toBe(500);
      if (res.status) expect(res.status, name).toBeGreaterThanOrEqual(400);
    }
  });

  it('answers strange paths, hosts and methods without a server error', async () => {
    const requests = [
      'GET /api/v1/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /api/v1/audit-events/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /static/..%2f..%2fpackage.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: <script>\r\nConnection: close\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n',
      'BREW /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ];
    for (const req of requests) {
      const res = await raw(port, req);
      expect(res.status, `${req.split('\r\n')[0]}: ${res.text.slice(0, 120)}`).toBeLessThan(500);
      expect(res.status).toBeGreaterThan(0);
      expectNoInternals(res.text);
    }
    const traversal = await raw(port, 'GET /static/..%2f..%2fpackage.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(traversal.text).not.toContain('"devDependencies"');
  });
});
