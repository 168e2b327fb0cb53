// Framework catalogue use cases. The lookups at the top are what other areas (controls, SoA) call.
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import type { RequirementRow } from '../tables.js';
import * as repo from './repo.js';

/** The ISO/IEC 27001:2022 catalogue's id; its Annex A controls have kind `control`. */
export const ISO27001_ID = 'iso27001-2022';

/** A requirement as other areas show it. */
export interface RequirementSummary {
  id: string;
  framework_id: string;
  ref: string;
  title: string;
  kind: string;
  group_ref: string | null;
  sort_order: number;
}

const summary = (r: RequirementRow): RequirementSummary => ({
  id: r.id,
  framework_id: r.framework_id,
  ref: r.ref,
  title: r.title,
  kind: r.kind,
  group_ref: r.group_ref,
  sort_order: r.sort_order,
});

/**
 * How a requirement is named across areas and in the API: `<framework id>:<ref>`, for example
 * `iso27001-2022:A.8.13`, `dora:Art.12`, `pci-dss-4.0.1:9.4`.
 */
export const requirementKey = (frameworkId: string, ref: string): string => `${frameworkId}:${ref}`;

/** Splits a requirement key at its first colon; null when it has none or an empty side. */
export function parseRequirementKey(key: string): { frameworkId: string; ref: string } | null {
  const i = key.indexOf(':');
  if (i <= 0 || i === key.length - 1) return null;
  return { frameworkId: key.slice(0, i), ref: key.slice(i + 1) };
}

/**
 * Resolves requirement keys to requirements. `unknown` lists, in input order, every key that is
 * malformed or names no loaded requirement, so a caller can name each bad one in its error.
 */
export async function resolveRequirementKeys(ctx: Ctx, keys: string[]): Promise<{ found: Map<string, RequirementSummary>; unknown: string[] }> {
  authorize(ctx.actor, 'frameworks.read');
  const unique = [...new Set(keys)];
  const parsed = unique.map((k) => ({ key: k, p: parseRequirementKey(k) }));
  const rows = await repo.requirementsByRefs(
    ctx.db,
    parsed.flatMap((x) => (x.p ? [x.p] : [])),
  );
  const byKey = new Map(rows.map((r) => [requirementKey(r.framework_id, r.ref), summary(r)]));
  const found = new Map<string, RequirementSummary>();
  const unknown: string[] = [];
  for (const k of unique) {
    const r = byKey.get(k);
    if (r) found.set(k, r);
    else unknown.push(k);
  }
  return { found, unknown };
}

/** Requirements by id, for showing links; unknown ids are left out. */
export async function requirementSummaries(ctx: Ctx, ids: string[]): Promise<Map<string, RequirementSummary>> {
  authorize(ctx.actor, 'frameworks.read');
  const rows = await repo.requirementsByIds(ctx.db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, summary(r)]));
}

/** The ISO/IEC 27001:2022 Annex A controls in catalogue order; empty until the catalogue is loaded. */
export async function annexAControls(ctx: Ctx): Promise<RequirementSummary[]> {
  authorize(ctx.actor, 'frameworks.read');
  return (await repo.requirementsOfKind(ctx.db, ISO27001_ID, 'control')).map(summary);
}

/** A loaded framework's id, name and version, or null when it is not loaded (the SoA names its catalogue). */
export async function frameworkSummary(ctx: Ctx, id: string): Promise<{ id: string; name: string; version: string } | null> {
  authorize(ctx.actor, 'frameworks.read');
  const row = await repo.frameworkById(ctx.db, id);
  return row ? { id: row.id, name: row.name, version: row.version } : null;
}

/** Every loaded framework's id and name, by name; for pickers and headings in other areas (controls). */
export async function frameworkNames(ctx: Ctx): Promise<{ id: string; name: string }[]> {
  authorize(ctx.actor, 'frameworks.read');
  return repo.frameworkIdsAndNames(ctx.db);
}
