// The route-permission test: every registered route declares its access, and every role gets
// exactly what the permission matrix says on every route (401/login when anonymous, 403 without
// the permission, through with it). It walks `app.routes`, so new routes are covered unasked.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { RouterRoute } from 'hono/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, can, type Permission, type RouteAccess } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { createSession } from '../../src/auth/sessions.js';
import { createToken } from '../../src/auth/tokens.js';
import { randomToken } from '../../src/core/ids.js';
import type { AppEnv } from '../../src/http/env.js';
import { accessOf, guard } from '../../src/http/guard.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';

interface Route {
  method: string;
  path: string;
  access: RouteAccess;
  kind: 'api' | 'page';
}

const isPermission = (a: string): a is Permission => Object.hasOwn(PERMISSIONS, a);

/** A concrete URL for a route template: parameters get a random UUID (or a value their pattern accepts). */
export function fillPath(template: string): string {
  return template
    .replace(/:([A-Za-z0-9_]+)(\{((?:[^{}]|\{[^}]*\})*)\})?\??/g, (_m, _name: string, _braces: string | undefined, pattern: string | undefined) => {
      const candidates = [randomUUID(), '1', 'a', 'x.csv'];
      if (!pattern) return candidates[0]!;
      const re = new RegExp(`^(?:${pattern})$`);
      return candidates.find((v) => re.test(v)) ?? candidates[0]!;
    })
    .replace(/\*/g, 'x');
}

/** The app's endpoints (middleware left out), one per method and path. */
function endpoints(all: readonly RouterRoute[]): { routes: Route[]; untagged: string[] } {
  const seen = new Map<string, Route>();
  const untagged: string[] = [];
  for (const r of all) {
    const tag = accessOf(r.handler);
    if (r.method === 'ALL') {
      // `app.use` middleware is registered as ALL. An ALL entry is only an endpoint when it is the
      // sole thing on a concrete path (`app.all('/x', handler)`), and then it needs a tag too.
      const concrete = !r.path.includes('*');
      const covered = all.some((o) => o !== r && o.path === r.path && o.method !== 'ALL' && accessOf(o.handler));
      if (concrete && !covered && !tag) untagged.push(`ALL ${r.path}`);
      if (!tag) continue;
    }
    if (!tag) {
      untagged.push(`${r.method} ${r.path}`);
      continue;
    }
    const key = `${r.method} ${r.path}`;
    const prev = seen.get(key);
    // Two handlers on one route must agree on the access they declare.
    if (prev && prev.access !== tag.access) untagged.push(`${key} declares both ${prev.access} and ${tag.access}`);
    if (!prev) seen.set(key, { method: r.method === 'ALL' ? 'GET' : r.method, path: r.path, access: tag.access, kind: tag.kind });
  }
  return { routes: [...seen.values()], untagged };
}

describe.each(dialects())('route permissions on %s', (dialect) => {
  let t: TestApp;
  let routes: Route[];
  const users = new Map<Role, { id: string; email: string }>();

  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { apiPerMinute: 1_000_000, loginPerMinute: 1_000_000 } });
    routes = endpoints(t.app.routes).routes;
    for (const role of ROLES) users.set(role, await t.makeUser(role));
  });
  afterAll(async () => t.close());

  /** A fresh complete session per request, so a route that ends sessions cannot affect the next. */
  async function sessionFor(role: Role): Promise<{ cookie: string; csrf: string }> {
    const s = t.booted.services;
    const { cookie, session } = await createSession(s.db, users.get(role)!, { now: t.clock.now(), limits: s.limits, mfaPassed: true, ip: null, userAgent: 'routes-test' });
    return { cookie: `kilpi_session=${cookie}`, csrf: session.csrf_token };
  }

  async function bearerFor(role: Role): Promise<string> {
    const { token } = await createToken(t.ctx(), users.get(role)!, { name: 'routes-test', expires_in: '1d' });
    return `Bearer ${token}`;
  }

  /** Calls a route as `who`, passing CSRF the way a real client of that kind would. */
  async function call(route: Route, who: Role | 'anonymous'): Promise<Response> {
    const url = fillPath(route.path);
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
    const headers: Record<string, string> = { accept: route.kind === 'api' ? 'application/json' : 'text/html' };
    let body: string | undefined;
    if (who === 'anonymous') {
      // Anonymous forms carry the double-submit cookie, so the answer reflects access, not CSRF.
      const csrf = randomToken(24);
      headers.cookie = `kilpi_csrf=${csrf}`;
      if (unsafe) {
        headers['x-csrf-token'] = csrf;
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = `_csrf=${encodeURIComponent(csrf)}`;
      }
    } else if (route.kind === 'api') {
      headers.authorization = await bearerFor(who);
    } else {
      const s = await sessionFor(who);
      headers.cookie = s.cookie;
      if (unsafe) {
        headers['x-csrf-token'] = s.csrf;
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = `_csrf=${encodeURIComponent(s.csrf)}`;
      }
    }
    return t.request(url, { method: route.method, headers, ...(body !== undefined ? { body } : {}), redirect: 'manual' });
  }

  it('has no route without a declared access', () => {
    const { untagged } = endpoints(t.app.routes);
    expect(untagged, 'wrap these handlers in guard(…) or register them through the ApiRouter').toEqual([]);
    // The walk must see the API and the system routes, or it proves nothing.
    expect(routes.some((r) => r.path === '/api/v1/me')).toBe(true);
    expect(routes.some((r) => r.path === '/healthz')).toBe(true);
  });

  it('declares only access values the matrix knows', () => {
    const unknown = routes.filter((r) => r.access !== 'public' && !isPermission(r.access)).map((r) => `${r.method} ${r.path}: ${r.access}`);
    expect(unknown).toEqual([]);
  });

  it('puts every /api/ route under the API guard and every other route under the page guard', () => {
    const wrong = routes.filter((r) => r.path.startsWith('/api/') !== (r.kind === 'api')).map((r) => `${r.method} ${r.path} (${r.kind})`);
    expect(wrong).toEqual([]);
  });

  for (const method of ['GET', 'non-GET'] as const) {
    it(`answers every ${method} route per role as the matrix says`, async () => {
      const failures: string[] = [];
      const selected = routes.filter((r) => (method === 'GET') === (r.method === 'GET'));
      for (const route of selected) {
        const name = `${route.method} ${route.path} [${route.access}]`;
        const anon = await call(route, 'anonymous');
        if (anon.status >= 500) failures.push(`${name}: anonymous got ${anon.status}`);
        if (route.access !== 'public') {
          if (route.kind === 'api') {
            if (anon.status !== 401) failures.push(`${name}: anonymous got ${anon.status}, expected 401`);
            else if (!anon.headers.get('content-type')?.startsWith('application/problem+json')) failures.push(`${name}: anonymous 401 is not problem+json`);
          } else if (anon.status !== 303 || !anon.headers.get('location')?.startsWith('/login')) {
            failures.push(`${name}: anonymous got ${anon.status} → ${anon.headers.get('location')}, expected 303 to /login`);
          }
        }
        for (const role of ROLES) {
          const res = await call(route, role);
          const allowed = route.access === 'public' || !isPermission(route.access) || can(role, route.access);
          const where = `${name} as ${role}`;
          if (res.status >= 500) failures.push(`${where}: got ${res.status}`);
          if (allowed) {
            if (res.status === 401 || res.status === 403) failures.push(`${where}: got ${res.status}, but the role holds the permission`);
            if (method === 'GET' && res.status === 303 && res.headers.get('location')?.startsWith('/login?')) failures.push(`${where}: sent to sign in while signed in`);
          } else if (res.status !== 403) {
            failures.push(`${where}: got ${res.status}, expected 403`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('covers routes with parameters (filled with a UUID) without a server error', async () => {
    const withParams = routes.filter((r) => r.path.includes(':'));
    expect(withParams.length).toBeGreaterThan(0);
    for (const r of withParams) expect(fillPath(r.path)).not.toContain(':');
  });
});

describe('the route walk', () => {
  it('reports unguarded handlers, including app.all endpoints, and skips middleware', () => {
    const app = new Hono<AppEnv>();
    const mw = createMiddleware<AppEnv>(async function mw(_c, next) {
      await next();
    });
    app.use('*', mw);
    app.use('/people', mw);
    app.get('/people', guard('people.read', (c) => c.text('ok')));
    app.get('/open', (c) => c.text('unguarded'));
    app.all('/anything', (c) => c.text('unguarded'));
    app.post('/people/:id', guard('people.write', (c) => c.text('ok')));
    const { routes, untagged } = endpoints(app.routes);
    expect(untagged.sort()).toEqual(['ALL /anything', 'GET /open']);
    expect(routes.map((r) => `${r.method} ${r.path} ${r.access}`).sort()).toEqual(['GET /people people.read', 'POST /people/:id people.write']);
  });
});

describe('fillPath', () => {
  it('fills plain, constrained and optional parameters and wildcards', () => {
    expect(fillPath('/people/:id')).toMatch(/^\/people\/[0-9a-f-]{36}$/);
    expect(fillPath('/items/:n{[0-9]+}')).toBe('/items/1');
    expect(fillPath('/a/:x?/b')).toMatch(/^\/a\/[0-9a-f-]{36}\/b$/);
    expect(fillPath('/static/*')).toBe('/static/x');
  });
});
