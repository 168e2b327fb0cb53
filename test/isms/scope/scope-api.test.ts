// The scope statement API on every dialect: GET before and after the first save, the PUT ladder
// (401 → 400 per field → 403 → success), versions, conflicts, the review clock and the history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildScope, counts, HOSTILE, json, ROLES, type Problem } from './factories.js';

interface Scope {
  statement: string;
  org_units: string[];
  exclusions: { item: string; justification: string }[];
  version: number;
  review: { status: string; days_left: number | null };
  updated_at: string | null;
}

describe.each(dialects())('scope API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ROLES) auth[r] = (await t.bearer(r)).authorization;
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const CSRF = 'anonymous-csrf-token-0123456789';
  const anon = (init: RequestInit): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie: `kilpi_csrf=${CSRF}`, 'x-csrf-token': CSRF } });
  const put = (body: unknown, role?: Role) => t.request('/api/v1/scope', role ? as(role, json(body, 'PUT')) : anon(json(body, 'PUT')));
  const get = async (role: Role = 'auditor') => (await (await t.request('/api/v1/scope', as(role))).json()) as Scope;

  it('answers an empty version 0 before the first save, to readers only', async () => {
    expect((await t.request('/api/v1/scope')).status).toBe(401);
    expect((await t.request('/api/v1/scope', as('staff'))).status).toBe(403);
    expect(await get()).toMatchObject({ statement: '', org_units: [], exclusions: [], version: 0, updated_at: null, review: { status: 'not_scheduled', days_left: null } });
  });

  it('answers 401 without credentials and writes nothing', async () => {
    const before = await counts(t);
    expect((await put(buildScope())).status).toBe(401);
    expect(await counts(t)).toEqual(before);
  });

  it.each([
    ['statement', { statement: '' }],
    ['statement', { statement: 'x'.repeat(8001) }],
    ['statement', { statement: 'Bad\u0000text' }],
    ['statement', { statement: 42 }],
    ['org_units.1', { org_units: ['Engineering', ' engineering '] }],
    ['org_units.0', { org_units: ['x'.repeat(201)] }],
    ['org_units.0', { org_units: ['tab\tinside'] }],
    ['org_units', { org_units: Array.from({ length: 51 }, (_, i) => `Unit ${i}`) }],
    ['locations', { locations: 'Helsinki' }],
    ['exclusions.0.justification', { exclusions: [{ item: 'Data centre', justification: '  ' }] }],
    ['exclusions.0.justification', { exclusions: [{ item: 'Data centre' }] }],
    ['exclusions.0', { exclusions: [{ item: 'X', justification: 'Y', extra: 1 }] }],
    ['interfaces.0.kind', { interfaces: [{ party: 'AWS', kind: 'vendor', description: 'Hosting' }] }],
    ['interfaces.1', { interfaces: [{ party: 'AWS', kind: 'dependency', description: 'a' }, { party: 'aws', kind: 'dependency', description: 'b' }] }],
    ['last_reviewed', { last_reviewed: '2026-02-30' }],
    ['last_reviewed', { last_reviewed: '2026-12-01' }], // the test clock is 2026-11-25: not in the future
    ['next_review', { last_reviewed: '2026-06-01', next_review: '2026-05-01' }],
    ['next_review', { next_review: '1999-12-31' }],
    ['expected_version', { expected_version: 'one' }],
    ['(body)', { owner: 'unknown field' }],
  ])('answers 400 naming %s for %j and writes nothing', async (field, patch) => {
    const before = await counts(t);
    const res = await put({ ...buildScope(), ...patch }, 'admin');
    expect(res.status).toBe(400);
    const body = (await res.json()) as Problem;
    expect(body.errors?.map((e) => e.field)).toContain(field);
    expect(await counts(t)).toEqual(before);
  });

  it('answers 400 for a body that is not JSON and 415 for a form', async () => {
    expect((await t.request('/api/v1/scope', as('admin', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"statement":' }))).status).toBe(400);
    expect((await t.request('/api/v1/scope', as('admin', { method: 'PUT', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'statement=x' }))).status).toBe(415);
  });

  it.each(['auditor', 'staff'] as const)('answers 403 to %s and writes nothing', async (role) => {
    const before = await counts(t);
    expect((await put(buildScope(), role)).status).toBe(403);
    expect(await counts(t)).toEqual(before);
  });

  it('saves version 1, then 2 with the whole before and after in the trail; an identical save writes nothing', async () => {
    const first = await put(buildScope({ statement: `  ${HOSTILE}\r\nsecond line  ` }), 'security_officer');
    expect(first.status).toBe(200);
    const v1 = (await first.json()) as Scope;
    expect(v1).toMatchObject({ version: 1, statement: `${HOSTILE}\nsecond line`, review: { status: 'scheduled', days_left: 188 } });
    const second = await put(buildScope({ statement: 'Changed.', org_units: ['Engineering'] }), 'admin');
    expect(((await second.json()) as Scope).version).toBe(2);
    const before = await counts(t);
    expect(((await (await put(buildScope({ statement: 'Changed.', org_units: ['Engineering'] }), 'admin')).json()) as Scope).version).toBe(2);
    expect(await counts(t)).toEqual(before);
    const events = (await (await t.request('/api/v1/audit-events?entity_type=isms_scope&entity_id=isms-scope&order=asc', as('auditor'))).json()) as {
      items: { action: string; before: Scope | null; after: Scope }[];
    };
    expect(events.items.map((e) => e.action)).toEqual(['scope.create', 'scope.update']);
    expect(events.items[0]!.before).toBeNull();
    expect(events.items[1]!.before).toMatchObject({ statement: `${HOSTILE}\nsecond line`, org_units: ['Engineering', 'Security'], version: 1 });
    expect(events.items[1]!.after).toMatchObject({ statement: 'Changed.', org_units: ['Engineering'], version: 2 });
    expect((await get()).statement).toBe('Changed.');
  });

  it('refuses a save over a newer version with 409 and keeps the newer one', async () => {
    const current = await get();
    const ok = await put(buildScope({ statement: 'From editor A.', expected_version: current.version }), 'admin');
    expect(ok.status).toBe(200);
    const before = await counts(t);
    const stale = await put(buildScope({ statement: 'From editor B.', expected_version: current.version }), 'security_officer');
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as Problem).errors?.[0]?.field).toBe('expected_version');
    expect(await counts(t)).toEqual(before);
    expect((await get()).statement).toBe('From editor A.');
  });

  it('turns the review clock with the date: scheduled, due soon, overdue', async () => {
    await put(buildScope({ last_reviewed: '2025-12-01', next_review: '2026-12-10' }), 'admin');
    expect((await get()).review).toEqual({ status: 'due_soon', days_left: 15 });
    t.clock.set(new Date('2026-12-11T08:00:00Z'));
    try {
      expect((await get()).review).toEqual({ status: 'overdue', days_left: -1 });
    } finally {
      t.clock.set(new Date('2026-11-25T08:00:00Z'));
    }
    await put(buildScope({ last_reviewed: null, next_review: null }), 'admin');
    expect((await get()).review).toEqual({ status: 'not_scheduled', days_left: null });
  });

  it('describes both operations in the OpenAPI document', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/scope']!).sort()).toEqual(['get', 'put']);
  });
});
