// Builders for framework tests: small catalogues, catalogue directories, OSCAL documents, counts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DB } from '../../../src/db/index.js';
import { newId } from '../../../src/core/ids.js';
import type { Catalogue } from '../../../src/isms/frameworks/catalogue-schema.js';

/** A small valid catalogue: two groups, four requirements (one with a parent). */
export function buildCatalogue(overrides: Partial<Catalogue> = {}): Catalogue {
  return {
    id: 'test-fw',
    name: 'Test framework',
    version: '1.0',
    source: 'Written for the tests, https://example.test/fw',
    groups: [
      { id: 'G1', title: 'First group' },
      { id: 'G2', title: 'Second group' },
    ],
    requirements: [
      { ref: 'R.1', title: 'First', kind: 'requirement', group: 'G1', paraphrase: 'The first thing to do.' },
      { ref: 'R.1.1', title: 'First, part one', kind: 'requirement', group: 'G1', parent: 'R.1', paraphrase: 'A detail of the first.' },
      { ref: 'R.2', title: 'Second', kind: 'requirement', group: 'G2', paraphrase: 'The second thing to do.', attributes: { control_type: ['preventive'] } },
      { ref: 'R.3', title: 'Third', kind: 'requirement', group: 'G2', paraphrase: 'The third thing to do.' },
    ],
    ...overrides,
  };
}

/** A temporary content/frameworks directory holding `files` (name → object or raw text). */
export function catalogueDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kilpi-fw-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return dir;
}

export function writeCatalogue(dir: string, name: string, body: unknown): void {
  writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body, null, 2));
}

export const json = (body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** A minimal valid OSCAL 1.1 catalog: one group with two controls, the second with a sub-control. */
export function buildOscal(overrides: { title?: string; controls?: unknown[]; version?: string } = {}): { catalog: Record<string, unknown> } {
  return {
    catalog: {
      uuid: '3f1c9a1e-6d2b-4c8f-9a0e-5b7d2c4e8f10',
      metadata: { title: overrides.title ?? 'Acme security baseline', 'last-modified': '2026-10-01T12:00:00Z', version: overrides.version ?? '2.1', 'oscal-version': '1.1.2' },
      groups: [
        {
          id: 'ac',
          title: 'Access control',
          props: [{ name: 'label', value: 'AC' }],
          controls: overrides.controls ?? [
            {
              id: 'ac-1',
              title: 'Access policy',
              props: [{ name: 'label', value: 'AC-1' }, { name: 'priority', value: 'P1' }],
              parts: [{ id: 'ac-1_smt', name: 'statement', prose: 'Keep an access policy.\n\nReview it {{ insert: param, ac-1_prm_1 }}.' }],
              params: [{ id: 'ac-1_prm_1', label: 'how often' }],
            },
            {
              id: 'ac-2',
              title: 'Accounts',
              props: [{ name: 'label', value: 'AC-2' }],
              parts: [{ id: 'ac-2_gdn', name: 'guidance', prose: 'Manage accounts.' }],
              controls: [{ id: 'ac-2.1', title: 'Automated account management', props: [{ name: 'label', value: 'AC-2(1)' }], parts: [{ name: 'statement', prose: 'Automate it.' }] }],
            },
          ],
        },
      ],
    },
  };
}

/** Rows in `frameworks` and `requirements` and framework audit events: a refused import changes none. */
export async function counts(db: DB): Promise<{ frameworks: number; requirements: number; events: number }> {
  const n = async (q: Promise<{ n: unknown }>) => Number((await q).n);
  return {
    frameworks: await n(db.selectFrom('frameworks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
    requirements: await n(db.selectFrom('requirements').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()),
    events: await n(
      db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('entity_type', 'in', ['framework', 'requirement'])
        .executeTakeFirstOrThrow(),
    ),
  };
}

/**
 * Links a new control to a requirement. Written straight into the controls tables: this area only
 * needs "a control links here", and the controls area owns how controls are made.
 */
export async function linkControl(db: DB, requirementId: string, ref = `CTL-T${Math.floor(Math.random() * 1e6)}`): Promise<string> {
  const id = newId();
  const now = '2026-11-25T08:00:00.000Z';
  await db
    .insertInto('controls')
    .values({ id, ref, title: `Control ${ref}`, description: null, level: 'practice', owner_id: null, status: 'implemented', review_interval_days: 365, last_reviewed: null, next_review: null, search_key: ref.toLowerCase(), created_at: now, updated_at: now })
    .execute();
  await db.insertInto('control_requirements').values({ control_id: id, requirement_id: requirementId }).execute();
  return id;
}
