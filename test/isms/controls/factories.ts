// Builders for controls tests: a small framework, risks and assets written straight into their
// tables (their areas are built elsewhere), and controls through the service.
import { newId } from '../../../src/core/ids.js';
import { createControl } from '../../../src/isms/controls/service.js';
import type { ControlDetailOut, NewControlInput } from '../../../src/isms/controls/schema.js';
import type { TestApp } from '../../helpers/app.js';

/** Anything with a booted app: a test app, or a running server in a browser test. */
type HasDb = Pick<TestApp, 'booted'>;

let n = 0;
const now = '2026-11-01T08:00:00.000Z';

/**
 * Inserts a framework with requirements `refs` (default R.1 … R.5) unless it exists; answers the
 * requirement ids by ref. Independent of the bundled catalogues.
 */
export async function insertFramework(
  t: HasDb,
  id = 'test-fw',
  refs = ['R.1', 'R.2', 'R.3', 'R.4', 'R.5'],
  kind = 'control',
  title = (ref: string) => `Requirement ${ref} of ${id}`,
): Promise<Map<string, string>> {
  const db = t.booted.services.db;
  if (!(await db.selectFrom('frameworks').select('id').where('id', '=', id).executeTakeFirst())) {
    await db
      .insertInto('frameworks')
      .values({ id, name: `Framework ${id}`, version: '1', source: 'test', publisher: null, description: null, origin: 'bundled', content_hash: id, created_at: now, updated_at: now })
      .execute();
  }
  const existing = await db.selectFrom('requirements').select(['id', 'ref']).where('framework_id', '=', id).execute();
  const out = new Map(existing.map((r) => [r.ref, r.id]));
  const missing = refs.filter((r) => !out.has(r));
  if (missing.length) {
    const rows = missing.map((ref, i) => ({
      id: newId(),
      framework_id: id,
      ref,
      title: title(ref),
      kind,
      group_ref: null,
      parent_ref: null,
      paraphrase: 'A test requirement.',
      attributes: '{}',
      licensed_text: null,
      sort_order: existing.length + i,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 200) await db.insertInto('requirements').values(rows.slice(i, i + 200)).execute();
    for (const r of rows) out.set(r.ref, r.id);
  }
  return out;
}

/** A risk written straight into the register's table. */
export async function insertRisk(t: HasDb, overrides: { ref?: string; title?: string } = {}): Promise<{ id: string; ref: string; title: string }> {
  n++;
  const r = { id: newId(), ref: overrides.ref ?? `R-T${n}-${Math.random().toString(36).slice(2, 6)}`, title: overrides.title ?? `Test risk ${n}` };
  await t.booted.services.db
    .insertInto('risks')
    .values({ ...r, description: null, owner_id: null, threat: null, vulnerability: null, likelihood: 3, impact: 3, inherent_score: 9, treatment: null, residual_likelihood: null, residual_impact: null, residual_score: null, status: 'open', accepted_by: null, accepted_at: null, acceptance_expires: null, next_review: null, search_key: r.title.toLowerCase(), created_at: now, updated_at: now })
    .execute();
  return r;
}

/** An asset written straight into the inventory's table. */
export async function insertAsset(t: HasDb, overrides: { ref?: string; name?: string } = {}): Promise<{ id: string; ref: string; name: string }> {
  n++;
  const a = { id: newId(), ref: overrides.ref ?? `AST-T${n}-${Math.random().toString(36).slice(2, 6)}`, name: overrides.name ?? `Test asset ${n} ${Math.random().toString(36).slice(2, 6)}` };
  await t.booted.services.db
    .insertInto('assets')
    .values({ ...a, kind: 'system', description: null, owner_id: null, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2, environment: 'production', status: 'active', search_key: a.name.toLowerCase(), created_at: now, updated_at: now })
    .execute();
  return a;
}

/** A valid new-control body. */
export function buildControl(overrides: Partial<NewControlInput> = {}): NewControlInput {
  n++;
  return { title: `Control ${n}`, level: 'technical', status: 'planned', review_interval_days: 180, ...overrides };
}

export const makeControl = (t: TestApp, overrides: Partial<NewControlInput> = {}): Promise<ControlDetailOut> => createControl(t.ctx(), buildControl(overrides));

export const json = (body: unknown, method = 'POST'): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Rows in the controls tables and control audit events: a refused request changes none of them. */
export async function counts(t: TestApp): Promise<{ controls: number; links: number; reviews: number; events: number }> {
  const db = t.booted.services.db;
  const count = async (table: 'controls' | 'control_requirements' | 'control_risks' | 'control_assets' | 'control_reviews') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const e = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_type', '=', 'control').executeTakeFirstOrThrow();
  return {
    controls: await count('controls'),
    links: (await count('control_requirements')) + (await count('control_risks')) + (await count('control_assets')),
    reviews: await count('control_reviews'),
    events: Number(e.n),
  };
}
