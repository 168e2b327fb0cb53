// The checks a write to an asset passes before anything is saved: owner, dependencies (known, no
// cycle) and unique reference and name. Each answers field errors or throws the 409 a user sees.
import type { Ctx } from '../../core/context.js';
import { conflict, isAppError, type FieldError } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';
import { getPerson } from '../people/service.js';
import type { AssetRow } from '../tables.js';
import * as repo from './repo.js';
import { cycleText, cycleThrough } from './rules.js';
import { fmt, MSG, REF_PATTERN } from './schema.js';

/** An owner must be in the directory and, when newly chosen, not have left. */
export async function ownerErrors(ctx: Ctx, ownerId: string): Promise<FieldError[]> {
  try {
    const p = await getPerson(ctx, ownerId);
    return p.status === 'left' ? [{ field: 'owner_id', message: MSG.ownerLeft }] : [];
  } catch (e) {
    if (isAppError(e) && e.status === 404) return [{ field: 'owner_id', message: MSG.ownerMissing }];
    throw e;
  }
}

/** Resolves references and ids to assets; unknown ones become field errors. */
export async function resolveDependencies(db: Ctx['db'], entries: string[]): Promise<{ targets: repo.AssetBrief[]; errors: FieldError[] }> {
  const ids = entries.filter(isUuid).map((s) => s.toLowerCase());
  const refs = entries.filter((s) => !isUuid(s)).map((s) => s.toUpperCase());
  const byId = new Map((await repo.assetRefsByIds(db, ids)).map((r) => [r.id, r]));
  const byRef = new Map((await repo.assetRefsByRefs(db, refs.filter((r) => REF_PATTERN.test(r)))).map((r) => [r.ref, r]));
  const targets = new Map<string, repo.AssetBrief>();
  const errors: FieldError[] = [];
  for (const e of entries) {
    const found = isUuid(e) ? byId.get(e.toLowerCase()) : byRef.get(e.toUpperCase());
    if (found) targets.set(found.id, found);
    else errors.push({ field: 'depends_on', message: fmt(MSG.dependencyUnknown, { ref: e.toUpperCase() }) });
  }
  return { targets: [...targets.values()], errors };
}

/** The field error for a dependency that would close a cycle, naming the loop by reference. */
export async function cycleErrors(db: Ctx['db'], asset: Pick<AssetRow, 'id' | 'ref'>, targets: string[]): Promise<FieldError[]> {
  const path = await cycleThrough(asset.id, targets, (ids) => repo.dependencyEdges(db, ids, asset.id));
  if (!path) return [];
  if (path.length === 2) return [{ field: 'depends_on', message: MSG.dependencySelf }];
  const refs = new Map((await repo.assetRefsByIds(db, path)).map((r) => [r.id, r.ref]));
  return [{ field: 'depends_on', message: fmt(MSG.dependencyCycle, { path: cycleText(path.map((id) => (id === asset.id ? asset.ref : (refs.get(id) ?? id)))) }) }];
}

const taken = (field: 'ref' | 'name', value: string) =>
  conflict(`An asset with the ${field === 'ref' ? 'reference' : 'name'} ${value} already exists.`, [{ field, message: field === 'ref' ? MSG.refTaken : MSG.nameTaken }]);

/** Throws a 409 naming the field when another asset has the reference or the name. */
export async function uniquenessErrors(db: Ctx['db'], a: { id: string; ref: string; name: string }, check: { ref: boolean; name: boolean }): Promise<void> {
  const byRef = check.ref ? await repo.findAssetByRef(db, a.ref) : undefined;
  if (byRef && byRef.id !== a.id) throw taken('ref', a.ref);
  const byName = check.name ? await repo.findAssetByName(db, a.name) : undefined;
  if (byName && byName.id !== a.id) throw taken('name', a.name);
}

/** A unique violation from a race becomes the same 409 a pre-check gives. */
export async function raceConflict(ctx: Ctx, a: { ref: string; name: string }): Promise<never> {
  throw (await repo.findAssetByName(ctx.db, a.name)) ? taken('name', a.name) : taken('ref', a.ref);
}
