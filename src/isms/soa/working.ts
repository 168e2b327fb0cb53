// The working SoA: every Annex A control with what we typed for it and the controls linked to it,
// computed fresh on every read (status and gaps are never stored for the working copy).
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { controlsForRequirements, type ControlSummary } from '../controls/service.js';
import { annexAControls, type RequirementSummary } from '../frameworks/service.js';
import * as repo from './repo.js';
import { basisOf, compareRefs, computeStatus, gapsOf, themeOf, type Implementer } from './rules.js';
import type { SoaFilter, SoaRowOut } from './schema.js';
import type { SoaStatus } from './tables.js';

/** A working row with the requirement it comes from (for writes and snapshots). */
export interface WorkingRow extends SoaRowOut {
  requirement_id: string;
  sort_order: number;
}

const implementer = (c: ControlSummary): Implementer => ({ ref: c.ref, title: c.title, level: c.level, status: c.status });

/** Builds one row from a requirement, its typed facts (if any) and its linked controls. */
function rowOf(r: RequirementSummary, entry: repo.EntryRow | undefined, controls: ControlSummary[]): WorkingRow {
  const applicable = entry ? entry.applicable === 1 : true;
  const justification = entry?.justification ?? null;
  const implemented_by = controls.map(implementer);
  const status_basis = basisOf(implemented_by);
  return {
    requirement_id: r.id,
    sort_order: r.sort_order,
    control_id: r.ref,
    title: r.title,
    theme: themeOf(r.ref),
    applicable,
    justification,
    status: computeStatus(applicable, status_basis),
    status_basis,
    implemented_by,
    gaps: gapsOf(applicable, justification, status_basis),
    updated_at: entry?.updated_at ?? null,
  };
}

/**
 * Every Annex A control as the SoA sees it now, in catalogue order. Three queries whatever the size:
 * the requirements, their typed facts, and all their control links at once.
 */
export async function workingRows(ctx: Ctx): Promise<WorkingRow[]> {
  authorize(ctx.actor, 'soa.read');
  const reqs = await annexAControls(ctx);
  if (!reqs.length) return [];
  const ids = reqs.map((r) => r.id);
  const entries = await repo.entriesFor(ctx.db, ids);
  const links = await controlsForRequirements(ctx, ids);
  return reqs.map((r) => rowOf(r, entries.get(r.id), links.get(r.id) ?? [])).sort((a, b) => a.sort_order - b.sort_order || compareRefs(a.control_id, b.control_id));
}

/** One row by its Annex A identifier, reading only that requirement's facts and links; undefined when unknown. */
export async function workingRow(ctx: Ctx, controlId: string): Promise<WorkingRow | undefined> {
  authorize(ctx.actor, 'soa.read');
  const req = (await annexAControls(ctx)).find((r) => r.ref === controlId);
  if (!req) return undefined;
  const entries = await repo.entriesFor(ctx.db, [req.id]);
  const links = await controlsForRequirements(ctx, [req.id]);
  return rowOf(req, entries.get(req.id), links.get(req.id) ?? []);
}

const STATUS_RANK: Record<SoaStatus, number> = { implemented: 0, partially_implemented: 1, not_implemented: 2, not_applicable: 3 };

/** Rows matching the filters, grouped by theme and sorted inside each theme. */
export function filterAndSort<R extends SoaRowOut>(rows: R[], f: Partial<SoaFilter>): R[] {
  const out = rows.filter(
    (r) =>
      (!f.theme || r.theme === f.theme) &&
      (!f.applicable || r.applicable === (f.applicable === 'true')) &&
      (!f.status || r.status === f.status) &&
      (!f.gap || (f.gap === 'any' ? r.gaps.length > 0 : r.gaps.includes(f.gap))),
  );
  const sign = f.dir === 'desc' ? -1 : 1;
  const key = f.sort ?? 'control_id';
  const within = (a: R, b: R): number => {
    if (key === 'title') return a.title.localeCompare(b.title) || compareRefs(a.control_id, b.control_id);
    if (key === 'status') return STATUS_RANK[a.status] - STATUS_RANK[b.status] || compareRefs(a.control_id, b.control_id);
    return compareRefs(a.control_id, b.control_id);
  };
  return out.sort((a, b) => compareRefs(a.theme, b.theme) || sign * within(a, b));
}

export const present = ({ requirement_id: _r, sort_order: _s, ...row }: WorkingRow): SoaRowOut => row;

