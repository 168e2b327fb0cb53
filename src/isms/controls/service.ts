// Control use cases. The lookups at the top are what other areas (SoA, risks, assets) call.
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import type { ControlRow } from '../tables.js';
import * as repo from './repo.js';

/** A control as other areas show it in a link. */
export interface ControlSummary {
  id: string;
  ref: string;
  title: string;
  level: ControlRow['level'];
  status: ControlRow['status'];
  owner_id: string | null;
}

const summary = (r: ControlRow): ControlSummary => ({ id: r.id, ref: r.ref, title: r.title, level: r.level, status: r.status, owner_id: r.owner_id });

async function linked(ctx: Ctx, table: Parameters<typeof repo.controlsLinkedTo>[1], ids: string[]): Promise<Map<string, ControlSummary[]>> {
  authorize(ctx.actor, 'controls.read');
  const out = new Map<string, ControlSummary[]>(ids.map((id) => [id, []]));
  for (const r of await repo.controlsLinkedTo(ctx.db, table, [...new Set(ids)])) out.get(r.target_id)?.push(summary(r));
  return out;
}

/** For each requirement id, the controls that meet it (ordered by ref); the SoA's "implemented by". */
export const controlsForRequirements = (ctx: Ctx, requirementIds: string[]) => linked(ctx, 'control_requirements', requirementIds);
/** For each risk id, the controls that treat it. */
export const controlsForRisks = (ctx: Ctx, riskIds: string[]) => linked(ctx, 'control_risks', riskIds);
/** For each asset id, the controls that protect it. */
export const controlsForAssets = (ctx: Ctx, assetIds: string[]) => linked(ctx, 'control_assets', assetIds);

/** For each of `requirementIds`, how many controls meet it (absent: none); cheaper than `controlsForRequirements` for counts and coverage. */
export async function controlCountsForRequirements(ctx: Ctx, requirementIds: string[]): Promise<Map<string, number>> {
  authorize(ctx.actor, 'controls.read');
  return repo.controlCountsByRequirement(ctx.db, [...new Set(requirementIds)]);
}

/** The requirement ids among `requirementIds` that at least one control meets (coverage figures). */
export async function requirementsWithControls(ctx: Ctx, requirementIds: string[]): Promise<Set<string>> {
  authorize(ctx.actor, 'controls.read');
  return new Set(requirementIds.length ? await repo.requirementIdsWithControls(ctx.db, [...new Set(requirementIds)]) : []);
}
