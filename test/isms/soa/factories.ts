// Builders for SoA tests: a small ISO/IEC 27001:2022 catalogue with a few Annex A controls, and
// controls of ours linked to them, written straight into the shared tables (no catalogue files).
import { newId } from '../../../src/core/ids.js';
import type { DB } from '../../../src/db/index.js';
import type { ControlRow } from '../../../src/isms/tables.js';
import type { TestApp } from '../../helpers/app.js';

export const ISO = 'iso27001-2022';
export const ANNEX_A = [
  ['A.5.1', 'Policies for information security'],
  ['A.5.2', 'Information security roles and responsibilities'],
  ['A.5.10', 'Acceptable use of information and other associated assets'],
  ['A.6.3', 'Information security awareness, education and training'],
  ['A.7.4', 'Physical security monitoring'],
  ['A.8.13', 'Information backup'],
] as const;

const db = (t: TestApp): DB => t.booted.services.db;
const NOW = '2026-11-01T08:00:00.000Z';

/** The ISO framework with the Annex A controls above (and one clause, which the SoA must ignore); ids by ref. */
export async function makeIsoFramework(t: TestApp, refs: readonly (readonly [string, string])[] = ANNEX_A): Promise<Map<string, string>> {
  const existing = await db(t).selectFrom('frameworks').select('id').where('id', '=', ISO).executeTakeFirst();
  if (!existing) {
    await db(t)
      .insertInto('frameworks')
      .values({ id: ISO, name: 'ISO/IEC 27001:2022', version: 'test-1', source: 'https://www.iso.org/standard/27001', publisher: 'ISO/IEC', description: null, origin: 'bundled', content_hash: 'test', created_at: NOW, updated_at: NOW })
      .execute();
  }
  const ids = new Map<string, string>();
  const rows = [...refs.map(([ref, title], i) => ({ ref, title, kind: 'control', order: 100 + i })), { ref: '6.1.3', title: 'Information security risk treatment', kind: 'clause', order: 10 }];
  for (const r of rows) {
    const found = await db(t).selectFrom('requirements').select('id').where('framework_id', '=', ISO).where('ref', '=', r.ref).executeTakeFirst();
    if (found) {
      ids.set(r.ref, found.id);
      continue;
    }
    const id = newId();
    const group = r.kind === 'control' ? r.ref.split('.').slice(0, 2).join('.') : '6';
    await db(t)
      .insertInto('requirements')
      .values({ id, framework_id: ISO, ref: r.ref, title: r.title, kind: r.kind, group_ref: group, parent_ref: null, paraphrase: `Test paraphrase of ${r.ref}.`, attributes: '{}', licensed_text: null, sort_order: r.order, created_at: NOW, updated_at: NOW })
      .execute();
    ids.set(r.ref, id);
  }
  return ids;
}

let n = 0;

/** A control of ours with `status`, linked to the given requirement ids. */
export async function makeControl(
  t: TestApp,
  o: { status: ControlRow['status']; links: string[]; title?: string; level?: ControlRow['level']; ref?: string },
): Promise<{ id: string; ref: string; title: string }> {
  n++;
  const id = newId();
  const ref = o.ref ?? `CTL-T${String(n).padStart(3, '0')}-${Math.random().toString(36).slice(2, 6)}`;
  const title = o.title ?? `Test control ${n}`;
  await db(t)
    .insertInto('controls')
    .values({ id, ref, title, description: null, level: o.level ?? 'practice', owner_id: null, status: o.status, review_interval_days: 365, last_reviewed: null, next_review: null, search_key: title.toLowerCase(), created_at: NOW, updated_at: NOW })
    .execute();
  for (const r of o.links) await db(t).insertInto('control_requirements').values({ control_id: id, requirement_id: r }).execute();
  return { id, ref, title };
}

/** Changes a control's status in place (as the controls area would). */
export const setControlStatus = (t: TestApp, id: string, status: ControlRow['status']) => db(t).updateTable('controls').set({ status }).where('id', '=', id).execute();

/** Removes every SoA fact, version and test control, so a test starts from a known state. */
export async function resetSoa(t: TestApp): Promise<void> {
  await db(t).deleteFrom('soa_version_rows').execute();
  await db(t).deleteFrom('soa_versions').execute();
  await db(t).deleteFrom('soa_entries').execute();
  await db(t).deleteFrom('control_requirements').execute();
  await db(t).deleteFrom('controls').execute();
}

/** Rows and SoA audit events: a rejected request changes neither. */
export async function soaCounts(t: TestApp): Promise<{ entries: number; versions: number; events: number; approved: number }> {
  const count = async (q: Promise<{ n: number | string }>) => Number((await q).n);
  return {
    entries: await count(db(t).selectFrom('soa_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
    versions: await count(db(t).selectFrom('soa_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
    approved: await count(db(t).selectFrom('soa_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'approved').executeTakeFirstOrThrow()),
    events: await count(
      db(t)
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', 'like', 'soa.%')
        .executeTakeFirstOrThrow(),
    ),
  };
}

export const json = (body: unknown, method = 'POST', headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
