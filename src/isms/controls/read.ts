// Reading controls: the list (paged in SQL), its counts by level, status and review clock, the
// detail with links and reviews, the CSV export and the audit history. Re-exported by service.ts.
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { hasControlChars } from '../../core/text.js';
import { assetSummaries } from '../assets/service.js';
import { frameworkNames, requirementKey, requirementSummaries, resolveRequirementKeys } from '../frameworks/service.js';
import { riskSummaries } from '../risks/service.js';
import { controlsCsv } from './csv.js';
import { presentLinks, resolveRefs } from './links.js';
import * as repo from './repo.js';
import { effectivenessOf, reviewBounds, reviewStateOf, todayOf, type ReviewState } from './rules.js';
import {
  isRecordId,
  MAX_LINKS,
  type AssetLinkOut,
  type ControlDetailOut,
  type ControlLevel,
  type ControlOut,
  type ControlsFilter,
  type ControlsQuery,
  type ControlStatus,
  type RequirementLinkOut,
  type RiskLinkOut,
} from './schema.js';

const NO_LINKS: repo.LinkCounts = { requirements: 0, risks: 0, assets: 0 };

/** The public shape of a control; `today` decides its review clock. */
export function presentControl(r: repo.ControlListRow, counts: repo.LinkCounts, today: string): ControlOut {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    description: r.description,
    level: r.level,
    status: r.status,
    owner_id: r.owner_id,
    owner_name: r.owner_name,
    review_interval_days: r.review_interval_days,
    last_reviewed: r.last_reviewed,
    next_review: r.next_review,
    review_state: reviewStateOf(r.next_review, today),
    effectiveness: effectivenessOf(),
    link_counts: counts,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** Filters as the repo takes them; a requirement key that names nothing matches nothing. */
async function whereOf(ctx: Ctx, f: Partial<ControlsFilter>, today: string): Promise<repo.ControlsWhere> {
  let requirementId: string | undefined;
  let nothing = false;
  if (f.requirement) {
    const { found } = await resolveRequirementKeys(ctx, [f.requirement]);
    requirementId = found.get(f.requirement)?.id;
    nothing = !requirementId;
  }
  return {
    q: f.q,
    level: f.level,
    status: f.status,
    ownerId: f.owner,
    frameworkId: f.framework,
    requirementId,
    riskId: f.risk,
    assetId: f.asset,
    review: f.review ? { state: f.review, ...reviewBounds(today) } : undefined,
    nothing,
  };
}

async function page(ctx: Ctx, q: ControlsQuery, today: string): Promise<{ items: ControlOut[]; total: number }> {
  const { rows, total } = await repo.listControlRows(ctx.db, await whereOf(ctx, q, today), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  const counts = await repo.linkCountsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => presentControl(r, counts.get(r.id) ?? NO_LINKS, today)), total };
}

/** A page of controls for the API. */
export async function listControls(ctx: Ctx, q: ControlsQuery): Promise<{ items: ControlOut[]; total: number; limit: number; offset: number }> {
  authorize(ctx.actor, 'controls.read');
  return { ...(await page(ctx, q, todayOf(ctx.clock))), limit: q.limit, offset: q.offset };
}

export interface ControlCounts {
  /** Controls per level and status, under every filter but level, status and review (the chart). */
  matrix: { level: ControlLevel; status: ControlStatus; n: number }[];
  /** Controls per level under every filter but level: what choosing that level would show. */
  byLevel: Record<ControlLevel, number>;
  /** Controls per review clock under every filter but review. */
  byReview: Record<ReviewState, number>;
}

/** A page of controls with the counts the list page shows beside it (one grouped query). */
export async function controlsOverview(ctx: Ctx, q: ControlsQuery): Promise<{ items: ControlOut[]; total: number; counts: ControlCounts }> {
  authorize(ctx.actor, 'controls.read');
  const today = todayOf(ctx.clock);
  const { items, total } = await page(ctx, q, today);
  const cells = await repo.countControlsBy(ctx.db, await whereOf(ctx, { ...q, level: undefined, status: undefined, review: undefined }, today), reviewBounds(today));
  const counts: ControlCounts = {
    matrix: [],
    byLevel: { principle: 0, practice: 0, instruction: 0, technical: 0 },
    byReview: { overdue: 0, due_soon: 0, on_track: 0, not_scheduled: 0 },
  };
  const matrix = new Map<string, number>();
  for (const c of cells) {
    const statusOk = !q.status || c.status === q.status;
    const reviewOk = !q.review || c.review === q.review;
    if (reviewOk) matrix.set(`${c.level}|${c.status}`, (matrix.get(`${c.level}|${c.status}`) ?? 0) + c.n);
    if (statusOk && reviewOk) counts.byLevel[c.level] += c.n;
    if (statusOk && (!q.level || c.level === q.level)) counts.byReview[c.review] += c.n;
  }
  counts.matrix = [...matrix].map(([k, n]) => {
    const [level, status] = k.split('|') as [ControlLevel, ControlStatus];
    return { level, status, n };
  });
  return { items, total, counts };
}

/** Everyone matching the filter as CSV, with each control's links as keys and references. */
export async function exportControlsCsv(ctx: Ctx, f: ControlsFilter): Promise<string> {
  authorize(ctx.actor, 'controls.read');
  const today = todayOf(ctx.clock);
  const { rows } = await repo.listControlRows(ctx.db, await whereOf(ctx, f, today), { sort: f.sort, dir: f.dir }, null);
  const ids = rows.map((r) => r.id);
  const [reqIds, riskIds, assetIds] = await Promise.all([repo.linkedIdsOfMany(ctx.db, 'requirements', ids), repo.linkedIdsOfMany(ctx.db, 'risks', ids), repo.linkedIdsOfMany(ctx.db, 'assets', ids)]);
  const all = (m: Map<string, string[]>) => [...new Set([...m.values()].flat())];
  const [reqs, risks, assets] = await Promise.all([requirementSummaries(ctx, all(reqIds)), riskSummaries(ctx, all(riskIds)), assetSummaries(ctx, all(assetIds))]);
  const labels = (m: Map<string, string[]>, id: string, label: (target: string) => string | undefined) =>
    (m.get(id) ?? [])
      .map(label)
      .filter((x): x is string => !!x)
      .sort();
  return controlsCsv(
    rows.map((r) => ({
      control: presentControl(r, NO_LINKS, today),
      requirement_keys: labels(reqIds, r.id, (t) => {
        const q = reqs.get(t);
        return q ? requirementKey(q.framework_id, q.ref) : undefined;
      }),
      risk_refs: labels(riskIds, r.id, (t) => risks.get(t)?.ref),
      asset_refs: labels(assetIds, r.id, (t) => assets.get(t)?.ref),
    })),
  );
}

/** One control with its links and reviews. */
export async function controlDetail(ctx: Ctx, id: string): Promise<ControlDetailOut> {
  authorize(ctx.actor, 'controls.read');
  const row = isRecordId(id) ? await repo.findControl(ctx.db, id) : undefined;
  if (!row) throw notFound('The control');
  const [reqIds, riskIds, assetIds] = [await repo.linkedIds(ctx.db, 'requirements', id), await repo.linkedIds(ctx.db, 'risks', id), await repo.linkedIds(ctx.db, 'assets', id)];
  const requirements = (await presentLinks(ctx, 'requirements', reqIds)) as RequirementLinkOut[];
  const risks = (await presentLinks(ctx, 'risks', riskIds)) as RiskLinkOut[];
  const assets = (await presentLinks(ctx, 'assets', assetIds)) as AssetLinkOut[];
  const reviews = await repo.reviewsOf(ctx.db, id);
  return {
    ...presentControl(row, { requirements: requirements.length, risks: risks.length, assets: assets.length }, todayOf(ctx.clock)),
    requirements,
    risks,
    assets,
    reviews: reviews.map((r) => ({ id: r.id, reviewed_on: r.reviewed_on, reviewer_id: r.reviewer_id, reviewer_name: r.reviewer_name, note: r.note, recorded_by: r.recorded_by, recorded_at: r.created_at })),
  };
}

/** The control's audit history, newest first, read through the audit service. */
export async function controlHistory(ctx: Ctx, id: string): Promise<AuditEventOut[]> {
  if (!isRecordId(id)) return [];
  const { items } = await listAudit(ctx, { entity_type: 'control', entity_id: id, order: 'desc', limit: 100, offset: 0 });
  return items;
}

/** Loaded frameworks (id and name), for the list's filter and the detail's headings. */
export async function frameworkChoices(ctx: Ctx): Promise<{ id: string; name: string }[]> {
  authorize(ctx.actor, 'controls.read');
  return frameworkNames(ctx);
}

export interface LinkPreview {
  requirements: { found: RequirementLinkOut[]; unknown: string[] };
  risks: { found: RiskLinkOut[]; unknown: string[] };
  assets: { found: AssetLinkOut[]; unknown: string[] };
}

/**
 * What the keys and references typed into the control form stand for, and which name nothing;
 * the form shows this before saving, and saves with the ids.
 */
export async function previewLinks(ctx: Ctx, typed: { requirement_keys: string[]; risk_refs: string[]; asset_refs: string[] }): Promise<LinkPreview> {
  authorize(ctx.actor, 'controls.read');
  // Only what could name something reaches the lookups: a key or reference is short and has no
  // control characters (PostgreSQL refuses NUL); a list longer than a control takes is cut short.
  const split = (xs: string[]) => {
    const all = [...new Set(xs.map((x) => x.normalize('NFC').trim()).filter(Boolean))].slice(0, MAX_LINKS + 1);
    const ok = (x: string) => x.length <= 120 && !hasControlChars(x);
    return { good: all.filter(ok), bad: all.filter((x) => !ok(x)) };
  };
  const keys = split(typed.requirement_keys);
  const { found, unknown } = await resolveRequirementKeys(ctx, keys.good);
  const requirements = keys.good.flatMap((k) => {
    const r = found.get(k);
    return r ? [{ id: r.id, key: k, framework_id: r.framework_id, ref: r.ref, title: r.title }] : [];
  });
  const riskRefs = split(typed.risk_refs);
  const assetRefs = split(typed.asset_refs);
  const risks = await resolveRefs(ctx, 'risks', riskRefs.good);
  const assets = await resolveRefs(ctx, 'assets', assetRefs.good);
  return {
    requirements: { found: requirements, unknown: [...unknown, ...keys.bad] },
    risks: { found: risks.found as RiskLinkOut[], unknown: [...risks.unknown, ...riskRefs.bad] },
    assets: { found: assets.found as AssetLinkOut[], unknown: [...assets.unknown, ...assetRefs.bad] },
  };
}
