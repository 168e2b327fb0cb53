// Bulk data for the web benchmark: 10,000 assets, 2,000 risks and 5,000 controls with links, on top
// of the demo organisation. Written straight into the tables in batches (no audit events): the
// benchmark measures reading, and the audited write path has its own tests.
import type { DB } from '../../src/db/index.js';
import { newId } from '../../src/core/ids.js';
import { ASSET_KINDS, CLASSIFICATIONS, CONTROL_LEVELS, CONTROL_STATUSES, ENVIRONMENTS, TREATMENTS } from '../../src/isms/tables.js';

export interface BulkSize {
  assets: number;
  risks: number;
  controls: number;
}

const BATCH = 400;

/** A small deterministic generator, so every run measures the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function insertBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

const WORDS = ['payment', 'gateway', 'ledger', 'merchant', 'card', 'token', 'settlement', 'report', 'vault', 'portal', 'queue', 'backup', 'cluster', 'api', 'analytics'];

export async function loadBulk(db: DB, size: BulkSize, now: string): Promise<void> {
  const rand = rng(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const people = (await db.selectFrom('people').select('id').execute()).map((p) => p.id);
  const requirements = (await db.selectFrom('requirements').select('id').execute()).map((r) => r.id);
  const owner = () => (people.length ? pick(people) : null);
  const name = (i: number, prefix: string) => `${prefix} ${pick(WORDS)} ${pick(WORDS)} ${i}`;

  const assets = Array.from({ length: size.assets }, (_, i) => {
    const title = name(i, 'Bulk asset');
    return {
      id: newId(),
      ref: `BULK-A-${String(i + 1).padStart(5, '0')}`,
      name: title,
      kind: pick(ASSET_KINDS),
      description: 'Generated for the web benchmark.',
      owner_id: owner(),
      classification: pick(CLASSIFICATIONS),
      confidentiality: 1 + Math.floor(rand() * 4),
      integrity: 1 + Math.floor(rand() * 4),
      availability: 1 + Math.floor(rand() * 4),
      environment: pick(ENVIRONMENTS),
      status: 'active' as const,
      search_key: `${title} BULK-A-${i + 1}`.toLowerCase(),
      created_at: now,
      updated_at: now,
    };
  });
  await insertBatches(assets, (b) => db.insertInto('assets').values(b).execute());
  // Each asset depends on up to two earlier ones: a forest with no cycles.
  const deps = assets.flatMap((a, i) =>
    i < 2 ? [] : [...new Set([Math.floor(rand() * i), Math.floor(rand() * i)])].map((j) => ({ asset_id: a.id, depends_on_id: assets[j]!.id })),
  );
  await insertBatches(deps, (b) => db.insertInto('asset_dependencies').values(b).execute());

  const risks = Array.from({ length: size.risks }, (_, i) => {
    const l = 1 + Math.floor(rand() * 5);
    const im = 1 + Math.floor(rand() * 5);
    const rl = Math.max(1, l - Math.floor(rand() * 3));
    const ri = Math.max(1, im - Math.floor(rand() * 2));
    const title = name(i, 'Bulk risk');
    return {
      id: newId(),
      ref: `BULK-R-${String(i + 1).padStart(5, '0')}`,
      title,
      description: 'Generated for the web benchmark.',
      owner_id: owner(),
      threat: 'Generated threat',
      vulnerability: 'Generated vulnerability',
      likelihood: l,
      impact: im,
      inherent_score: l * im,
      treatment: pick(TREATMENTS),
      residual_likelihood: rl,
      residual_impact: ri,
      residual_score: rl * ri,
      status: 'open' as const,
      search_key: `${title} BULK-R-${i + 1}`.toLowerCase(),
      created_at: now,
      updated_at: now,
    };
  });
  await insertBatches(risks, (b) => db.insertInto('risks').values(b).execute());
  await insertBatches(
    risks.map((r) => ({ risk_id: r.id, asset_id: pick(assets).id })),
    (b) => db.insertInto('risk_assets').values(b).execute(),
  );

  const controls = Array.from({ length: size.controls }, (_, i) => {
    const title = name(i, 'Bulk control');
    return {
      id: newId(),
      ref: `BULK-C-${String(i + 1).padStart(5, '0')}`,
      title,
      description: 'Generated for the web benchmark.',
      level: pick(CONTROL_LEVELS),
      owner_id: owner(),
      status: pick(CONTROL_STATUSES),
      review_interval_days: 365,
      last_reviewed: '2026-06-01',
      next_review: '2027-06-01',
      search_key: `${title} BULK-C-${i + 1}`.toLowerCase(),
      created_at: now,
      updated_at: now,
    };
  });
  await insertBatches(controls, (b) => db.insertInto('controls').values(b).execute());
  const links = <K extends string>(key: K, targets: string[], per: number) =>
    targets.length === 0 ? [] : controls.flatMap((c) => [...new Set(Array.from({ length: per }, () => pick(targets)))].map((id) => ({ control_id: c.id, [key]: id }) as { control_id: string } & Record<K, string>));
  await insertBatches(links('requirement_id', requirements, 3), (b) => db.insertInto('control_requirements').values(b).execute());
  await insertBatches(links('risk_id', risks.map((r) => r.id), 1), (b) => db.insertInto('control_risks').values(b).execute());
  await insertBatches(links('asset_id', assets.map((a) => a.id), 2), (b) => db.insertInto('control_assets').values(b).execute());
}
