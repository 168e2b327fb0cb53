// Framework catalogue use cases. The lookups at the top are what other areas (controls, SoA) call;
// reading catalogues and keeping licensed text follow. OSCAL import and export: oscal-service.ts.
import { createHash } from 'node:crypto';
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize, can } from '../../auth/permissions.js';
import { actorRole, type Ctx } from '../../core/context.js';
import { toCsv } from '../../core/csv.js';
import { notFound } from '../../core/errors.js';
import { mutate } from '../../core/mutation.js';
import { hasControlChars } from '../../core/text.js';
import { parseOrThrow } from '../../core/validation.js';
import { controlCountsForRequirements, controlsForRequirements, requirementsWithControls, type ControlSummary } from '../controls/service.js';
import type { FrameworkRow, RequirementRow } from '../tables.js';
import * as repo from './repo.js';
import {
  LicensedTextInput,
  presentFramework,
  presentGroup,
  presentRequirement,
  presentRequirementDetail,
  type FrameworkDetailOut,
  type FrameworkOut,
  type RequirementDetailOut,
  type RequirementFilter,
  type RequirementOut,
  type RequirementQuery,
} from './schema.js';
import type { FrameworkGroupRow } from './tables.js';

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
  /**
   * True when the requirement has left its catalogue (kept only because controls link to it or it
   * holds licensed text). Always set by this area; optional so summaries other areas build in tests stay valid.
   */
  withdrawn?: boolean;
}

const summary = (r: RequirementRow): RequirementSummary => ({
  id: r.id,
  framework_id: r.framework_id,
  ref: r.ref,
  title: r.title,
  kind: r.kind,
  group_ref: r.group_ref,
  sort_order: r.sort_order,
  withdrawn: r.withdrawn_at !== null,
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
  // A key with control characters names nothing (and PostgreSQL refuses NUL in a parameter).
  const parsed = unique.map((k) => ({ key: k, p: hasControlChars(k) || k.length > 200 ? null : parseRequirementKey(k) }));
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
  const rows = await repo.requirementsByIds(ctx.db, [...new Set(ids)].filter((id) => id.length <= 64 && !hasControlChars(id)));
  return new Map(rows.map((r) => [r.id, summary(r)]));
}

/** The ISO/IEC 27001:2022 Annex A controls in catalogue order; empty until the catalogue is loaded. Withdrawn ones are left out. */
export async function annexAControls(ctx: Ctx): Promise<RequirementSummary[]> {
  authorize(ctx.actor, 'frameworks.read');
  return (await repo.requirementsOfKind(ctx.db, ISO27001_ID, 'control')).filter((r) => r.withdrawn_at === null).map(summary);
}

// ——— Reading catalogues ———

/** Which of `ids` controls meet, or null when the caller may not read controls (the figure is then not shown). */
async function mappedAmong(ctx: Ctx, ids: string[]): Promise<Set<string> | null> {
  if (!ctx.actor || !can(actorRole(ctx.actor), 'controls.read')) return null;
  return requirementsWithControls(ctx, ids);
}

function countsOf(rows: Awaited<ReturnType<typeof repo.requirementCounts>>, frameworkId: string) {
  const by_kind: Record<string, number> = {};
  let withdrawn = 0;
  for (const r of rows) {
    if (r.framework_id !== frameworkId) continue;
    if (r.withdrawn) withdrawn += r.n;
    else by_kind[r.kind] = (by_kind[r.kind] ?? 0) + r.n;
  }
  return { by_kind, withdrawn };
}

/** Every framework with its requirement counts and how many requirements controls meet. */
export async function listFrameworks(ctx: Ctx): Promise<FrameworkOut[]> {
  authorize(ctx.actor, 'frameworks.read');
  const [frameworks, counts, current] = await Promise.all([repo.allFrameworks(ctx.db), repo.requirementCounts(ctx.db), repo.currentRequirementIds(ctx.db)]);
  const mapped = await mappedAmong(
    ctx,
    current.map((r) => r.id),
  );
  const mappedBy = new Map<string, number>();
  if (mapped) for (const r of current) if (mapped.has(r.id)) mappedBy.set(r.framework_id, (mappedBy.get(r.framework_id) ?? 0) + 1);
  return frameworks.map((f) => presentFramework(f, countsOf(counts, f.id), mapped ? (mappedBy.get(f.id) ?? 0) : null));
}

async function frameworkRow(ctx: Ctx, id: string): Promise<FrameworkRow> {
  const f = id.length <= 64 && !hasControlChars(id) ? await repo.findFramework(ctx.db, id) : undefined;
  if (!f) throw notFound('The framework');
  return f;
}

/** A group and every group nested in it, by ref. */
function withDescendants(groups: FrameworkGroupRow[], ref: string): string[] {
  const out = [ref];
  for (let i = 0; i < out.length; i++) for (const g of groups) if (g.parent_ref === out[i] && !out.includes(g.ref)) out.push(g.ref);
  return out;
}

/** One framework with its groups; each group counts its own requirements and those of groups nested in it. */
export async function getFramework(ctx: Ctx, id: string): Promise<FrameworkDetailOut> {
  authorize(ctx.actor, 'frameworks.read');
  const f = await frameworkRow(ctx, id);
  const [groups, counts, current] = await Promise.all([repo.groupsOf(ctx.db, f.id), repo.requirementCounts(ctx.db), repo.currentRequirementIds(ctx.db, f.id)]);
  const mapped = await mappedAmong(
    ctx,
    current.map((r) => r.id),
  );
  const parentOf = new Map(groups.map((g) => [g.ref, g.parent_ref]));
  const total = new Map<string, number>();
  const met = new Map<string, number>();
  for (const r of current) {
    // Walk up the group tree; the guard stops on a (validated-away) circle all the same.
    for (let g = r.group_ref, hops = 0; g && hops < 50; g = parentOf.get(g) ?? null, hops++) {
      total.set(g, (total.get(g) ?? 0) + 1);
      if (mapped?.has(r.id)) met.set(g, (met.get(g) ?? 0) + 1);
    }
  }
  const mappedTotal = mapped ? current.filter((r) => mapped.has(r.id)).length : null;
  return {
    ...presentFramework(f, countsOf(counts, f.id), mappedTotal),
    groups: groups.map((g) => presentGroup(g, total.get(g.ref) ?? 0, mapped ? (met.get(g.ref) ?? 0) : null)),
  };
}

async function whereOf(ctx: Ctx, frameworkId: string, f: Partial<RequirementFilter>): Promise<repo.RequirementWhere> {
  const groups = f.group ? withDescendants(await repo.groupsOf(ctx.db, frameworkId), f.group) : undefined;
  return { q: f.q, groups, kind: f.kind, status: f.status };
}

/** A page of a framework's requirements. */
export async function listRequirements(ctx: Ctx, frameworkId: string, q: RequirementQuery): Promise<{ items: RequirementOut[]; total: number; limit: number; offset: number }> {
  authorize(ctx.actor, 'frameworks.read');
  const f = await frameworkRow(ctx, frameworkId);
  const { rows, total } = await repo.listRequirementRows(ctx.db, f.id, await whereOf(ctx, f.id, q), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  return { items: rows.map(presentRequirement), total, limit: q.limit, offset: q.offset };
}

export interface RequirementEntry extends RequirementOut {
  /** How many controls meet the requirement; null when the caller may not read controls. */
  controls: number | null;
}

/** A page of requirements with how many controls meet each, for the framework page (counted in SQL: a requirement may have hundreds). */
export async function requirementTable(ctx: Ctx, frameworkId: string, q: RequirementQuery): Promise<{ items: RequirementEntry[]; total: number }> {
  const { items, total } = await listRequirements(ctx, frameworkId, q);
  const links = ctx.actor && can(actorRole(ctx.actor), 'controls.read') ? await controlCountsForRequirements(ctx, items.map((r) => r.id)) : null;
  return { items: items.map((r) => ({ ...r, controls: links ? (links.get(r.id) ?? 0) : null })), total };
}

const attributeText = (a: Record<string, string[]>) =>
  Object.entries(a)
    .map(([k, vs]) => `${k}: ${vs.join(', ')}`)
    .join('; ');

/** The framework's requirements matching the filter as CSV; licensed text is never exported. */
export async function exportRequirementsCsv(ctx: Ctx, frameworkId: string, filter: RequirementFilter): Promise<string> {
  authorize(ctx.actor, 'frameworks.read');
  const f = await frameworkRow(ctx, frameworkId);
  const { rows } = await repo.listRequirementRows(ctx.db, f.id, await whereOf(ctx, f.id, filter), { sort: filter.sort, dir: filter.dir }, null);
  const groups = new Map((await repo.groupsOf(ctx.db, f.id)).map((g) => [g.ref, g.title]));
  const links = ctx.actor && can(actorRole(ctx.actor), 'controls.read') ? await controlsForRequirements(ctx, rows.map((r) => r.id)) : null;
  const items = rows.map(presentRequirement);
  return toCsv(items, [
    { header: 'framework', value: (r) => r.framework_id },
    { header: 'ref', value: (r) => r.ref },
    { header: 'title', value: (r) => r.title },
    { header: 'kind', value: (r) => r.kind },
    { header: 'group', value: (r) => r.group_ref },
    { header: 'group_title', value: (r) => (r.group_ref ? (groups.get(r.group_ref) ?? '') : '') },
    { header: 'parent', value: (r) => r.parent_ref },
    { header: 'paraphrase', value: (r) => r.paraphrase },
    { header: 'attributes', value: (r) => attributeText(r.attributes) },
    { header: 'status', value: (r) => (r.withdrawn_at ? 'withdrawn' : 'current') },
    ...(links ? [{ header: 'controls', value: (r: RequirementOut) => (links.get(r.id) ?? []).map((c) => c.ref).join(' ') }] : []),
  ]);
}

async function requirementRow(ctx: Ctx, frameworkId: string, ref: string): Promise<RequirementRow> {
  const ok = frameworkId.length <= 64 && ref.length <= 200 && !hasControlChars(frameworkId + ref);
  const r = ok ? await repo.findRequirement(ctx.db, frameworkId, ref) : undefined;
  if (!r) throw notFound('The requirement');
  return r;
}

/** One requirement, with the licensed text the organisation keeps for it. */
export async function getRequirement(ctx: Ctx, frameworkId: string, ref: string): Promise<RequirementDetailOut> {
  authorize(ctx.actor, 'frameworks.read');
  return presentRequirementDetail(await requirementRow(ctx, frameworkId, ref));
}

export interface RequirementDetail {
  framework: FrameworkRow;
  requirement: RequirementDetailOut;
  group: { ref: string; title: string } | null;
  parent: RequirementOut | null;
  children: RequirementOut[];
  /** Null when the caller may not read controls. */
  controls: ControlSummary[] | null;
}

/** A requirement with its framework, group, parent, sub-requirements and the controls that meet it, for its page. */
export async function requirementDetail(ctx: Ctx, frameworkId: string, ref: string): Promise<RequirementDetail> {
  authorize(ctx.actor, 'frameworks.read');
  const framework = await frameworkRow(ctx, frameworkId);
  const r = await requirementRow(ctx, framework.id, ref);
  const [groups, parent, children] = await Promise.all([
    repo.groupsOf(ctx.db, framework.id),
    r.parent_ref ? repo.findRequirement(ctx.db, framework.id, r.parent_ref) : Promise.resolve(undefined),
    repo.childRequirements(ctx.db, framework.id, r.ref),
  ]);
  const g = groups.find((x) => x.ref === r.group_ref);
  const controls = ctx.actor && can(actorRole(ctx.actor), 'controls.read') ? ((await controlsForRequirements(ctx, [r.id])).get(r.id) ?? []) : null;
  return {
    framework,
    requirement: presentRequirementDetail(r),
    group: g ? { ref: g.ref, title: g.title } : r.group_ref ? { ref: r.group_ref, title: r.group_ref } : null,
    parent: parent ? presentRequirement(parent) : null,
    children: children.map(presentRequirement),
    controls,
  };
}

/** What the audit trail keeps of licensed text: its length and digest, never the text (it is the publisher's). */
const licensedDigest = (text: string | null) => (text === null ? null : { length: text.length, sha256: createHash('sha256').update(text).digest('hex') });

/** Keeps (or with null, removes) the text from the organisation's own licensed copy; an unchanged text records nothing. */
export async function setLicensedText(ctx: Ctx, frameworkId: string, ref: string, input: LicensedTextInput): Promise<RequirementDetailOut> {
  authorize(ctx.actor, 'frameworks.manage');
  const data = parseOrThrow(LicensedTextInput, input, 'licensed text');
  const existing = await requirementRow(ctx, frameworkId, ref);
  if (existing.licensed_text === data.licensed_text) return presentRequirementDetail(existing);
  return mutate(ctx, async (m) => {
    const r = await requirementRow({ ...ctx, db: m.tx }, frameworkId, ref);
    await repo.updateRequirement(m.tx, r.id, { licensed_text: data.licensed_text, updated_at: m.now });
    await m.record({
      action: 'requirement.licensed_text',
      entityType: 'requirement',
      entityId: r.id,
      before: { key: `${r.framework_id}:${r.ref}`, licensed_text: licensedDigest(r.licensed_text) },
      after: { key: `${r.framework_id}:${r.ref}`, licensed_text: licensedDigest(data.licensed_text) },
    });
    return presentRequirementDetail((await repo.findRequirement(m.tx, r.framework_id, r.ref))!);
  });
}

/** A requirement's audit history (licensed text changes), newest first; empty when the caller may not read the trail. */
export async function requirementHistory(ctx: Ctx, requirementId: string): Promise<AuditEventOut[]> {
  if (!ctx.actor || !can(actorRole(ctx.actor), 'audit.read')) return [];
  const { items } = await listAudit(ctx, { entity_type: 'requirement', entity_id: requirementId, order: 'desc', limit: 20, offset: 0 });
  return items;
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
