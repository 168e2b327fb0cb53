// Asset inventory use cases: list, read, create, update, retire, dependencies, export and import.
// The lookups at the top are what other areas (risks, controls) call.
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize, can } from '../../auth/permissions.js';
import { actorRole, type Ctx } from '../../core/context.js';
import { badRequest, notFound, type FieldError } from '../../core/errors.js';
import { isUuid, newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { controlsForAssets, type ControlSummary } from '../controls/service.js';
import { managerOptions, mutateUnlessUnchanged, Unchanged } from '../people/service.js';
import { risksForAssets, type RiskSummary } from '../risks/service.js';
import { ASSET_KINDS, CLASSIFICATIONS, type AssetRow } from '../tables.js';
import { assetsCsvChunk, parseAssetsCsv } from './csv.js';
import { applyImportPlan, planImport } from './import-plan.js';
import { cycleErrors, ownerErrors, raceConflict, resolveDependencies, uniquenessErrors } from './checks.js';
import * as repo from './repo.js';
import { DIMENSIONS, effectiveValues, environmentErrors, nextRefs } from './rules.js';
import {
  AssetPatch,
  auditShape,
  DependenciesInput,
  NewAssetInput,
  presentAsset,
  REF_PATTERN,
  type AssetDetailOut,
  type AssetLink,
  type AssetOut,
  type AssetsFilter,
  type AssetsQuery,
  type ImportResult,
} from './schema.js';

/** An asset as other areas show it in a link. */
export interface AssetSummary {
  id: string;
  ref: string;
  name: string;
  status: string;
}

/** Assets by id, for validating and showing links; unknown ids are left out. */
export async function assetSummaries(ctx: Ctx, ids: string[]): Promise<Map<string, AssetSummary>> {
  authorize(ctx.actor, 'assets.read');
  const rows = await repo.assetRefsByIds(ctx.db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Assets by their reference (`AST-001`), for demo data and imports that name assets; unknown refs are left out. */
export async function assetSummariesByRefs(ctx: Ctx, refs: string[]): Promise<Map<string, AssetSummary>> {
  authorize(ctx.actor, 'assets.read');
  const rows = await repo.assetRefsByRefs(ctx.db, [...new Set(refs)]);
  return new Map(rows.map((r) => [r.ref, r]));
}

const where = (f: Partial<AssetsFilter>): repo.AssetsWhere => ({ q: f.q, kind: f.kind, classification: f.classification, environment: f.environment, owner: f.owner, status: f.status });

/** A page of assets for the API. */
export async function listAssets(ctx: Ctx, q: AssetsQuery): Promise<{ items: AssetOut[]; total: number; limit: number; offset: number }> {
  authorize(ctx.actor, 'assets.read');
  const rows = await repo.listAssetRows(ctx.db, where(q), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  return { items: rows.map(presentAsset), total: await repo.countAssets(ctx.db, where(q)), limit: q.limit, offset: q.offset };
}

export type InventoryEntry = AssetOut;

export interface Inventory {
  items: InventoryEntry[];
  total: number;
  /** Counts of the filtered assets by kind and by classification, every value present. */
  byKind: { key: AssetRow['kind']; n: number }[];
  byClassification: { key: AssetRow['classification']; n: number }[];
}

/** A page of assets with their owners, and the filtered inventory's make-up, for the list page. */
export async function assetInventory(ctx: Ctx, q: AssetsQuery): Promise<Inventory> {
  authorize(ctx.actor, 'assets.read');
  const w = where(q);
  const rows = await repo.listAssetRows(ctx.db, w, { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  // One grouped pass gives both make-ups and, summed, the total: no separate count.
  const groups = await repo.countAssetsByKindAndClass(ctx.db, w);
  const sum = (pick: (g: (typeof groups)[number]) => boolean) => groups.filter(pick).reduce((a, g) => a + g.n, 0);
  return {
    items: rows.map(presentAsset),
    total: sum(() => true),
    byKind: ASSET_KINDS.map((key) => ({ key, n: sum((g) => g.kind === key) })),
    byClassification: CLASSIFICATIONS.map((key) => ({ key, n: sum((g) => g.classification === key) })),
  };
}

/** People who own assets, with how many, for the owner filter. */
export async function assetOwners(ctx: Ctx): Promise<{ id: string; name: string; status: string; n: number }[]> {
  authorize(ctx.actor, 'assets.read');
  return repo.ownersWithCounts(ctx.db);
}

/** Who can be chosen as an owner: people not left, plus the current owner. */
export async function ownerChoices(ctx: Ctx, currentOwnerId: string | null): Promise<{ id: string; name: string; email: string }[]> {
  authorize(ctx.actor, 'assets.write');
  return managerOptions(ctx, currentOwnerId);
}

const EXPORT_CHUNK = 500;

/**
 * Every asset matching the filter as CSV in the import's columns: two queries (the rows with their
 * owners, and every dependency of those rows), then the text in chunks of 500 rows, so the response
 * starts streaming at once and the file is never built as one string.
 * Authorises at once; the returned iterable does the reading.
 */
export function exportAssetsCsv(ctx: Ctx, f: AssetsFilter): AsyncIterable<string> {
  authorize(ctx.actor, 'assets.read');
  return (async function* chunks() {
    const rows = await repo.exportRows(ctx.db, where(f), { sort: f.sort, dir: f.dir });
    const deps = await repo.dependencyRefsOf(ctx.db, where(f));
    yield assetsCsvChunk([], true);
    for (let i = 0; i < rows.length; i += EXPORT_CHUNK) {
      yield assetsCsvChunk(
        rows.slice(i, i + EXPORT_CHUNK).map((r) => ({ ...r, depends_on: deps.get(r.id) ?? [] })),
        false,
      );
    }
  })();
}

/** The asset with this id or reference (`AST-014`, any case). */
async function resolveAsset(db: Ctx['db'], key: string): Promise<AssetRow | undefined> {
  if (isUuid(key)) return repo.findAssetById(db, key.toLowerCase());
  const ref = key.trim().toUpperCase();
  return REF_PATTERN.test(ref) ? repo.findAssetByRef(db, ref) : undefined;
}

async function loadWithOwner(db: Ctx['db'], key: string): Promise<repo.AssetListRow> {
  const row = await resolveAsset(db, key);
  const full = row ? await repo.findAssetWithOwner(db, row.id) : undefined;
  if (!full) throw notFound('The asset');
  return full;
}

/** One asset, by id or reference. */
export async function getAsset(ctx: Ctx, key: string): Promise<AssetOut> {
  authorize(ctx.actor, 'assets.read');
  return presentAsset(await loadWithOwner(ctx.db, key));
}

/** Every asset that depends on `id`, directly or through others, nearest first. */
async function allDependents(db: Ctx['db'], id: string) {
  const seen = new Set([id]);
  const out: Awaited<ReturnType<typeof repo.dependentsOf>> = [];
  for (let frontier = [id]; frontier.length; ) {
    const next: string[] = [];
    for (const d of await repo.dependentsOf(db, frontier)) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      out.push(d);
      next.push(d.id);
    }
    frontier = next;
  }
  return out;
}

const link = (r: AssetLink): AssetLink => ({ id: r.id, ref: r.ref, name: r.name, status: r.status });

/** An asset with its dependencies both ways and the effective C, I and A that flow from its dependents. */
export async function assetDetail(ctx: Ctx, key: string): Promise<AssetDetailOut> {
  authorize(ctx.actor, 'assets.read');
  const row = await loadWithOwner(ctx.db, key);
  const dependsOn = await repo.dependenciesOf(ctx.db, [row.id]);
  const dependents = await allDependents(ctx.db, row.id);
  const eff = effectiveValues(row, dependents);
  return {
    ...presentAsset(row),
    depends_on: dependsOn.map(link),
    dependents: dependents.filter((d) => d.via === row.id).map(link),
    effective: { ...eff, criticality: Math.max(...DIMENSIONS.map((d) => eff[d].value)) },
  };
}

/** The risks that concern an asset and the controls that protect it; null where the role may not read them. */
export async function assetLinks(ctx: Ctx, id: string): Promise<{ risks: RiskSummary[] | null; controls: ControlSummary[] | null }> {
  authorize(ctx.actor, 'assets.read');
  const role = actorRole(ctx.actor);
  return {
    risks: can(role, 'risks.read') ? ((await risksForAssets(ctx, [id])).get(id) ?? []) : null,
    controls: can(role, 'controls.read') ? ((await controlsForAssets(ctx, [id])).get(id) ?? []) : null,
  };
}

/** The asset's audit history, newest first, read through the audit service. */
export async function assetHistory(ctx: Ctx, id: string): Promise<AuditEventOut[]> {
  if (!isUuid(id)) return [];
  const { items } = await listAudit(ctx, { entity_type: 'asset', entity_id: id, order: 'desc', limit: 100, offset: 0 });
  return items;
}

/** Adds an asset; without a reference it gets the next free AST-nnn. */
export async function createAsset(ctx: Ctx, input: NewAssetInput): Promise<AssetOut> {
  authorize(ctx.actor, 'assets.write');
  const data = parseOrThrow(NewAssetInput, input, 'asset');
  try {
    return await mutate(ctx, async (m) => {
      const tx: Ctx = { ...ctx, db: m.tx };
      const fields = {
        name: data.name,
        kind: data.kind,
        description: data.description ?? null,
        owner_id: data.owner_id ?? null,
        classification: data.classification,
        confidentiality: data.confidentiality,
        integrity: data.integrity,
        availability: data.availability,
        environment: data.environment ?? null,
        status: data.status,
      };
      const errors = environmentErrors(fields);
      if (fields.owner_id) errors.push(...(await ownerErrors(tx, fields.owner_id)));
      const deps = data.depends_on ? await resolveDependencies(m.tx, data.depends_on) : { targets: [], errors: [] };
      errors.push(...deps.errors);
      if (errors.length) throw badRequest('The asset has invalid fields.', errors);
      // Serialised, so concurrent creates never pick the same next AST number.
      await repo.lockInventory(m.tx);
      const ref = data.ref ?? nextRefs(await repo.autoRefs(m.tx), 1)[0]!;
      const id = newId();
      await uniquenessErrors(m.tx, { id, ref, name: fields.name }, { ref: true, name: true });
      // Nothing depends on a new asset yet, so its own dependencies cannot close a cycle.
      const row = { id, ref, ...fields, created_at: m.now, updated_at: m.now };
      await repo.insertAssets(m.tx, [row]);
      await repo.replaceDependencies(
        m.tx,
        id,
        deps.targets.map((t) => t.id),
      );
      await m.record({ action: 'asset.create', entityType: 'asset', entityId: id, after: auditShape(row, deps.targets.map((t) => t.ref)) });
      return presentAsset(await loadWithOwner(m.tx, id));
    });
  } catch (e) {
    // A concurrent write took the reference or name between the check and the insert.
    if (repo.isUniqueViolation(e)) return raceConflict(ctx, { ref: data.ref ?? '', name: data.name });
    throw e;
  }
}

const EDITABLE = ['ref', 'name', 'kind', 'description', 'owner_id', 'classification', 'confidentiality', 'integrity', 'availability', 'environment', 'status'] as const;

/**
 * Writes a change to an asset's fields and, when `dependsOn` is given, its dependencies, checking
 * every rule; nothing is written when nothing changes.
 */
async function changeAsset(ctx: Ctx, key: string, data: Partial<Pick<AssetRow, (typeof EDITABLE)[number]>>, dependsOn: string[] | undefined, action: string): Promise<AssetOut> {
  return writeChange(ctx, key, data, dependsOn, action).catch((e: unknown) => {
    if (!repo.isUniqueViolation(e)) throw e;
    // The transaction has rolled back; a concurrent write took the reference or name.
    return raceConflict(ctx, { ref: data.ref ?? '', name: data.name ?? '' });
  });
}

function writeChange(ctx: Ctx, key: string, data: Partial<Pick<AssetRow, (typeof EDITABLE)[number]>>, dependsOn: string[] | undefined, action: string): Promise<AssetOut> {
  return mutateUnlessUnchanged(ctx, async (m) => {
    const tx: Ctx = { ...ctx, db: m.tx };
    const existing = await resolveAsset(m.tx, key);
    if (!existing) throw notFound('The asset');
    const next = { ...existing };
    for (const k of EDITABLE) if (data[k] !== undefined) (next as Record<string, unknown>)[k] = data[k];
    const changed = EDITABLE.filter((k) => next[k] !== existing[k]);
    const before = await repo.dependenciesOf(m.tx, [existing.id]);
    let targets = before as repo.AssetBrief[];
    const errors: FieldError[] = [];
    if (dependsOn) {
      const resolved = await resolveDependencies(m.tx, dependsOn);
      errors.push(...resolved.errors);
      targets = resolved.targets;
    }
    const sameDeps = targets.length === before.length && targets.every((t) => before.some((b) => b.id === t.id));
    if (!changed.length && sameDeps && !errors.length) return new Unchanged(presentAsset(await loadWithOwner(m.tx, existing.id)));
    // An old inconsistency (say, from a bulk load) is only raised when the edit touches it.
    if (changed.includes('kind') || changed.includes('environment')) errors.push(...environmentErrors(next));
    if (next.owner_id && changed.includes('owner_id')) errors.push(...(await ownerErrors(tx, next.owner_id)));
    if (!sameDeps && !errors.some((e) => e.field === 'depends_on')) {
      await repo.lockInventory(m.tx);
      errors.push(...(await cycleErrors(m.tx, next, targets.map((t) => t.id))));
    }
    if (errors.length) throw badRequest('The asset has invalid fields.', errors);
    await uniquenessErrors(m.tx, next, { ref: changed.includes('ref'), name: changed.includes('name') });
    if (changed.length) {
      await repo.updateAsset(m.tx, existing.id, { ...next, updated_at: m.now });
    }
    if (!sameDeps) await repo.replaceDependencies(m.tx, existing.id, targets.map((t) => t.id));
    const after = changed.length ? { ...next, updated_at: m.now } : next;
    await m.record({
      action,
      entityType: 'asset',
      entityId: existing.id,
      before: auditShape(existing, before.map((b) => b.ref)),
      after: auditShape(after, targets.map((t) => t.ref)),
    });
    return presentAsset(await loadWithOwner(m.tx, existing.id));
  });
}

/** Changes some of an asset's fields (absent fields stay; null clears) and, with `depends_on`, its dependencies. */
export async function updateAsset(ctx: Ctx, key: string, patch: AssetPatch): Promise<AssetOut> {
  authorize(ctx.actor, 'assets.write');
  const { depends_on, ...data } = parseOrThrow(AssetPatch, patch, 'asset');
  return changeAsset(ctx, key, data, depends_on, 'asset.update');
}

/** Retires an asset: it stays in the inventory and its history, no longer counted as in use. */
export async function retireAsset(ctx: Ctx, key: string): Promise<AssetOut> {
  authorize(ctx.actor, 'assets.write');
  return changeAsset(ctx, key, { status: 'retired' }, undefined, 'asset.retire');
}

export async function reactivateAsset(ctx: Ctx, key: string): Promise<AssetOut> {
  authorize(ctx.actor, 'assets.write');
  return changeAsset(ctx, key, { status: 'active' }, undefined, 'asset.reactivate');
}

/** Replaces what an asset depends on; a dependency that would close a cycle is refused, naming the loop. */
export async function setAssetDependencies(ctx: Ctx, key: string, input: DependenciesInput): Promise<AssetDetailOut> {
  authorize(ctx.actor, 'assets.write');
  const data = parseOrThrow(DependenciesInput, input, 'dependencies');
  const asset = await changeAsset(ctx, key, {}, data.depends_on, 'asset.dependencies');
  return assetDetail(ctx, asset.id);
}

/**
 * Imports an inventory CSV. A dry run reports new assets, changes field by field and row errors.
 * Otherwise the whole file is applied in one transaction, or nothing is when any row is wrong.
 */
export async function importAssets(ctx: Ctx, text: string, opts: { dryRun: boolean }): Promise<ImportResult> {
  authorize(ctx.actor, 'assets.import');
  const parsed = parseAssetsCsv(text);
  if (opts.dryRun) return (await planImport(ctx, parsed)).result(true, false);
  return mutateUnlessUnchanged(ctx, async (m) => {
    // Planned again inside the transaction, so it compares with what is committed now.
    await repo.lockInventory(m.tx);
    const plan = await planImport({ ...ctx, db: m.tx }, parsed);
    if (plan.errors.length) {
      throw badRequest(
        `The file has ${plan.errors.length} problem(s); nothing was imported.`,
        plan.errors.map((e) => ({ field: `rows.${e.row}.${e.field}`, message: `Row ${e.row}: ${e.message}`, row: e.row })),
      );
    }
    if (!plan.hasWrites()) return new Unchanged(plan.result(false, false));
    await applyImportPlan(m, plan);
    return plan.result(false, true);
  });
}
