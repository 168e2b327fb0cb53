// Health, readiness, metrics and static files: answers for orchestrators and browsers alike.
import { createServer, type Server, type Socket } from 'node:net';
import { Hono } from 'hono';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv, Services } from '../../src/http/env.js';
import { createMetrics } from '../../src/http/middleware/metrics.js';
import { registerSystemRoutes } from '../../src/http/system-routes.js';
import type { Database } from '../../src/db/schema.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';

describe.each(dialects())('system routes on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('serves the static assets with their types, and nothing else from disk', async () => {
    const css = await t.request('/static/app.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const htmx = await t.request('/static/htmx.min.js');
    expect(htmx.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const name of ['..%2Fpackage.json', '%2e%2e%2fsecret.key', 'app.css%00.js', 'APP.CSS', 'x'.repeat(5000)]) {
      expect((await t.request(`/static/${name}`)).status, name).toBe(404);
    }
  });

  it('reports readiness with the database reachable', async () => {
    const res = await t.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: 'reachable' });
  });
});

describe('/readyz with a database that does not answer', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let port: number;
  beforeAll(async () => {
    // Accepts connections and never says a word: a hung database server.
    silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  it('answers 503 within its timeout instead of hanging', async () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'x', database: 'x' });
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('services', { db } as Services);
      await next();
    });
    registerSystemRoutes(app, createMetrics(), { readyTimeoutMs: 200 });
    const started = Date.now();
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', database: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(2000);
    void db.destroy().catch(() => {});
  });
});
