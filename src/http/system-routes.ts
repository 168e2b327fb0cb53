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

/** How long /readyz waits for the database before calling it unreachable. */
export const READY_TIMEOUT_MS = 3000;

/** Resolves false when `p` rejects or takes longer than `ms`. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((res) => {
    timer = setTimeout(() => res(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerSystemRoutes(app: Hono<AppEnv>, metrics: Metrics, opts: { readyTimeoutMs?: number } = {}): void {
  const files = loadStatic();
  const readyTimeout = opts.readyTimeoutMs ?? READY_TIMEOUT_MS;

  app.get('/healthz', guard('public', (c) => c.json({ status: 'ok' })));
  app.get(
    '/readyz',
    guard('public', async (c) => {
      // A database that hangs must not hang the probe: the orchestrator needs an answer.
      const ok = await within(sql`select 1`.execute(c.get('services').db), readyTimeout);
      return ok ? c.json({ status: 'ready', database: 'reachable' }) : c.json({ status: 'not ready', database: 'unreachable' }, 503);
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
