// Health, readiness, metrics and static assets: the routes every deployment needs.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from './env.js';
import { guard } from './guard.js';
import type { Metrics } from './middleware/metrics.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };

/** Static files are few and small: read once at start, served from memory. */
function loadStatic(): Map<string, { body: string; type: string }> {
  const dir = join(here, '..', 'web', 'static');
  const files = new Map<string, { body: string; type: string }>();
  for (const name of ['app.css', 'app.js', 'favicon.svg']) {
    files.set(name, { body: readFileSync(join(dir, name), 'utf8'), type: TYPES[name.split('.').pop()!]! });
  }
  files.set('htmx.min.js', { body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'), type: TYPES.js! });
  return files;
}

export function registerSystemRoutes(app: Hono<AppEnv>, metrics: Metrics): void {
  const files = loadStatic();

  app.get('/healthz', guard('public', (c) => c.json({ status: 'ok' })));
  app.get(
    '/readyz',
    guard('public', async (c) => {
      try {
        await sql`select 1`.execute(c.get('services').db);
        return c.json({ status: 'ready', database: 'reachable' });
      } catch {
        return c.json({ status: 'not ready', database: 'unreachable' }, 503);
      }
    }),
  );
  app.get(
    '/metrics',
    guard('public', async (c) => c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType })),
  );
  app.get(
    '/static/:name',
    guard('public', (c) => {
      const f = files.get(c.req.param('name') ?? '');
      if (!f) return c.notFound();
      return c.body(f.body, 200, { 'Content-Type': f.type, 'Cache-Control': 'public, max-age=3600' });
    }),
  );
}
