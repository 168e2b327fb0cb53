// Brings a framework in the database in line with a validated catalogue: upsert by ref (so
// requirement ids, and the control links on them, survive), one transaction, one audit event.
import { createHash } from 'node:crypto';
import type { Ctx } from '../../core/context.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { newId } from '../../core/ids.js';
import { mutate, type MutationScope } from '../../core/mutation.js';
import { searchKeyOf } from '../../db/search.js';
import { requirementsWithControls } from '../controls/service.js';
import type { FrameworkRow, RequirementRow } from '../tables.js';
import type { Catalogue, CatalogueRequirement } from './catalogue-schema.js';
import * as repo from './repo.js';

export type Origin = FrameworkRow['origin'];

// Part of every content hash: bump it when the way a catalogue is stored changes, so the next boot
// rewrites each framework once even though its file did not change.
const STORAGE_FORMAT = 'kilpi-catalogue-1';

/** SHA-256 of the catalogue in canonical JSON (and its origin): equal hashes mean nothing to do. */
export function catalogueHash(c: Catalogue, origin: Origin): string {
  return createHash('sha256').update(`${STORAGE_FORMAT}\n${origin}\n${canonicalJson(c)}`).digest('hex');
}

export const CHANGE_FIELDS = ['title', 'kind', 'group', 'parent', 'paraphrase', 'attributes'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

export interface PlannedRequirement {
  ref: string;
  title: string;
}

export interface CataloguePlan {
  catalogue: Catalogue;
  origin: Origin;
  hash: string;
  existing: FrameworkRow | null;
  /** True when the stored framework already has this content: nothing is written or recorded. */
  unchanged: boolean;
  added: PlannedRequirement[];
  changed: (PlannedRequirement & { fields: ChangeField[] })[];
  /** Withdrawn earlier, back in the catalogue now (same id, links intact). */
  restored: PlannedRequirement[];
  /** Gone from the catalogue and deleted: nothing of the organisation's hung on them. */
  removed: PlannedRequirement[];
  /** Gone from the catalogue but kept, marked withdrawn, because controls link to them or they hold licensed text. */
  withdrawn: (PlannedRequirement & { reason: 'linked' | 'licensed_text' })[];
  same: number;
  rows: {
    insert: RequirementRow[];
    update: { id: string; patch: Partial<RequirementRow> }[];
    delete: string[];
    withdraw: { id: string; sort_order: number }[];
  };
}

const attributesJson = (r: CatalogueRequirement) => canonicalJson(r.attributes ?? {});

/** The stored columns a catalogue requirement maps to (timestamps and id aside). */
function columnsOf(r: CatalogueRequirement, sortOrder: number) {
  return {
    title: r.title,
    kind: r.kind,
    group_ref: r.group ?? null,
    parent_ref: r.parent ?? null,
    paraphrase: r.paraphrase,
    attributes: attributesJson(r),
    sort_order: sortOrder,
    search_key: searchKeyOf(r.ref, r.title, r.paraphrase),
  };
}

function changedFields(row: RequirementRow, next: ReturnType<typeof columnsOf>): ChangeField[] {
  const fields: ChangeField[] = [];
  if (row.title !== next.title) fields.push('title');
  if (row.kind !== next.kind) fields.push('kind');
  if (row.group_ref !== next.group_ref) fields.push('group');
  if (row.parent_ref !== next.parent_ref) fields.push('parent');
  if (row.paraphrase !== next.paraphrase) fields.push('paraphrase');
  if (canonicalJson(JSON.parse(row.attributes || '{}')) !== next.attributes) fields.push('attributes');
  return fields;
}

/**
 * Compares `catalogue` with what is stored (reading through `ctx.db`, which may be a transaction)
 * and works out every write. Pure planning: nothing is changed.
 */
export async function planCatalogue(ctx: Ctx, catalogue: Catalogue, origin: Origin, now: string): Promise<CataloguePlan> {
  const hash = catalogueHash(catalogue, origin);
  const existing = (await repo.findFramework(ctx.db, catalogue.id)) ?? null;
  const plan: CataloguePlan = {
    catalogue,
    origin,
    hash,
    existing,
    unchanged: existing !== null && existing.content_hash === hash && existing.origin === origin,
    added: [],
    changed: [],
    restored: [],
    removed: [],
    withdrawn: [],
    same: 0,
    rows: { insert: [], update: [], delete: [], withdraw: [] },
  };
  if (plan.unchanged) return plan;
  const stored = existing ? await repo.allRequirements(ctx.db, catalogue.id) : [];
  const byRef = new Map(stored.map((r) => [r.ref, r]));
  catalogue.requirements.forEach((r, i) => {
    const next = columnsOf(r, i);
    const row = byRef.get(r.ref);
    if (!row) {
      plan.added.push({ ref: r.ref, title: r.title });
      plan.rows.insert.push({ id: newId(), framework_id: catalogue.id, ref: r.ref, ...next, licensed_text: null, withdrawn_at: null, created_at: now, updated_at: now });
      return;
    }
    const fields = changedFields(row, next);
    const wasWithdrawn = row.withdrawn_at !== null;
    if (wasWithdrawn) plan.restored.push({ ref: r.ref, title: r.title });
    else if (fields.length) plan.changed.push({ ref: r.ref, title: r.title, fields });
    else plan.same++;
    if (wasWithdrawn || fields.length || row.sort_order !== i || row.search_key !== next.search_key) {
      plan.rows.update.push({ id: row.id, patch: { ...next, withdrawn_at: null, ...(fields.length || wasWithdrawn ? { updated_at: now } : {}) } });
    }
  });
  const inCatalogue = new Set(catalogue.requirements.map((r) => r.ref));
  const gone = stored.filter((r) => !inCatalogue.has(r.ref) && r.withdrawn_at === null);
  const linked = gone.length ? await requirementsWithControls(ctx, gone.map((r) => r.id)) : new Set<string>();
  let tail = catalogue.requirements.length;
  for (const r of gone) {
    const reason = linked.has(r.id) ? 'linked' : r.licensed_text ? 'licensed_text' : null;
    if (reason) {
      plan.withdrawn.push({ ref: r.ref, title: r.title, reason });
      plan.rows.withdraw.push({ id: r.id, sort_order: tail++ });
    } else {
      plan.removed.push({ ref: r.ref, title: r.title });
      plan.rows.delete.push(r.id);
    }
  }
  return plan;
}

/** What the audit event and callers report about a load: counts, never the requirements themselves. */
export const planCounts = (p: CataloguePlan) => ({
  requirements: p.catalogue.requirements.length,
  added: p.added.length,
  changed: p.changed.length,
  restored: p.restored.length,
  removed: p.removed.length,
  withdrawn: p.withdrawn.length,
  unchanged: p.same,
});

/** Writes a plan made inside the same transaction and records one event for the framework. */
export async function applyPlan(m: MutationScope, plan: CataloguePlan): Promise<void> {
  const c = plan.catalogue;
  const meta = { name: c.name, version: c.version, source: c.source, publisher: c.publisher ?? null, description: c.description ?? null, origin: plan.origin, content_hash: plan.hash };
  if (plan.existing) await repo.updateFramework(m.tx, c.id, { ...meta, updated_at: m.now });
  else await repo.insertFramework(m.tx, { id: c.id, ...meta, created_at: m.now, updated_at: m.now });
  await repo.replaceGroups(
    m.tx,
    c.id,
    c.groups.map((g, i) => ({ ref: g.id, title: g.title, parent_ref: g.parent ?? null, sort_order: i })),
  );
  await repo.deleteRequirements(m.tx, plan.rows.delete);
  for (const w of plan.rows.withdraw) await repo.updateRequirement(m.tx, w.id, { withdrawn_at: m.now, sort_order: w.sort_order, updated_at: m.now });
  for (const u of plan.rows.update) await repo.updateRequirement(m.tx, u.id, u.patch);
  await repo.insertRequirements(m.tx, plan.rows.insert);
  await m.record({
    action: plan.origin === 'bundled' ? 'framework.load' : 'framework.import',
    entityType: 'framework',
    entityId: c.id,
    before: plan.existing ? { name: plan.existing.name, version: plan.existing.version, origin: plan.existing.origin, content_hash: plan.existing.content_hash } : null,
    after: { name: c.name, version: c.version, origin: plan.origin, content_hash: plan.hash, ...planCounts(plan) },
  });
}

class Unchanged extends Error {
  constructor(readonly plan: CataloguePlan) {
    super('unchanged');
  }
}

/**
 * Plans and applies `catalogue` in one transaction. Under the catalogue lock the plan is made
 * again from committed data, so two processes loading at once cannot both insert the same refs.
 * `check` may refuse the plan (throw) before anything is written.
 */
export async function syncCatalogue(ctx: Ctx, catalogue: Catalogue, origin: Origin, check?: (p: CataloguePlan) => void): Promise<CataloguePlan> {
  const quick = await planCatalogue(ctx, catalogue, origin, ctx.clock.now().toISOString());
  check?.(quick);
  if (quick.unchanged) return quick;
  try {
    return await mutate(ctx, async (m) => {
      await repo.lockCatalogues(m.tx);
      const plan = await planCatalogue({ ...ctx, db: m.tx }, catalogue, origin, m.now);
      check?.(plan);
      if (plan.unchanged) throw new Unchanged(plan);
      await applyPlan(m, plan);
      return plan;
    });
  } catch (e) {
    if (e instanceof Unchanged) return e.plan;
    throw e;
  }
}
