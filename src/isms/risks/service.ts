// Risk register use cases: the lookups other areas call (at the top), then list, read, create, edit.
// Treatment tasks, reviews and acceptance are in plan-service.ts; the matrix in matrix-service.ts.
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { badRequest, conflict, notFound, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import type { DB } from '../../db/index.js';
import { assetSummaries } from '../assets/service.js';
import { getPerson, mutateUnlessUnchanged, peopleNames, Unchanged } from '../people/service.js';
import type { RiskRow } from '../tables.js';
import { bandOf, bandRange, isLevel, type MatrixConfig, type RiskMatrix } from './matrix.js';
import { parseMatrix, presentRisk, riskRecord, type PresentCtx } from './present.js';
import * as repo from './repo.js';
import { addDays, canMove, DUE_SOON_DAYS, todayOf, type RiskStatus } from './rules.js';
import { MSG, NewRiskInput, RiskPatch, type RiskDetailOut, type RiskFilter, type RiskOut, type RiskQuery } from './schema.js';
import { recordTrend } from './trend.js';
import { presentTask } from './present.js';
import { risksCsv } from './csv.js';

/** A risk as other areas show it in a link. */
export interface RiskSummary {
  id: string;
  ref: string;
  title: string;
  status: string;
}

/** Risks by id, for validating and showing links; unknown ids are left out. */
export async function riskSummaries(ctx: Ctx, ids: string[]): Promise<Map<string, RiskSummary>> {
  authorize(ctx.actor, 'risks.read');
  const rows = await repo.riskRefsByIds(ctx.db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** For each asset id, the risks that concern it (ordered by ref); for the asset's page. */
export async function risksForAssets(ctx: Ctx, assetIds: string[]): Promise<Map<string, RiskSummary[]>> {
  authorize(ctx.actor, 'risks.read');
  const out = new Map<string, RiskSummary[]>(assetIds.map((id) => [id, []]));
  for (const r of await repo.risksOfAssets(ctx.db, [...new Set(assetIds)])) out.get(r.asset_id)?.push({ id: r.id, ref: r.ref, title: r.title, status: r.status });
  return out;
}

/** Risks by their reference (`R-001`), for pickers and imports that name risks; unknown refs are left out. */
export async function riskSummariesByRefs(ctx: Ctx, refs: string[]): Promise<Map<string, RiskSummary>> {
  authorize(ctx.actor, 'risks.read');
  const rows = await repo.riskRefsByRefs(ctx.db, [...new Set(refs)]);
  return new Map(rows.map((r) => [r.ref, r]));
}

// ---------- Reading ----------

export const loadMatrix = async (db: DB): Promise<RiskMatrix> => parseMatrix(await repo.matrixRow(db));

/** Ids are UUIDs; anything else cannot name a risk (and never reaches the database). */
export const isRiskId = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** What presenting rows needs besides the rows: names, linked assets and task counts, in three queries. */
async function presentCtx(ctx: Ctx, rows: RiskRow[], matrix: MatrixConfig, today: string): Promise<PresentCtx> {
  const ids = rows.map((r) => r.id);
  const owners = [...new Set(rows.map((r) => r.owner_id).filter((x): x is string => x !== null))];
  return {
    matrix,
    today,
    names: await peopleNames(ctx, owners),
    assets: await repo.assetIdsOf(ctx.db, ids),
    plans: await repo.planCounts(ctx.db, ids, today, addDays(today, DUE_SOON_DAYS)),
  };
}

export function riskWhere(f: Partial<RiskFilter>, matrix: MatrixConfig, today: string): repo.RiskWhere {
  const range = f.band ? (bandRange(matrix, f.band) ?? ([0, -1] as [number, number])) : undefined;
  return {
    q: f.q,
    scoreRange: range,
    basis: f.basis ?? 'residual',
    likelihood: f.likelihood,
    impact: f.impact,
    status: f.status,
    ownerId: f.owner_id,
    treatment: f.treatment,
    assetId: f.asset_id,
    today,
  };
}

/** A page of risks, for the API and the list page. */
export async function listRisks(ctx: Ctx, q: RiskQuery): Promise<{ items: RiskOut[]; total: number; limit: number; offset: number; matrix: RiskMatrix }> {
  authorize(ctx.actor, 'risks.read');
  const matrix = await loadMatrix(ctx.db);
  const today = todayOf(ctx.clock);
  const { rows, total } = await repo.listRiskRows(ctx.db, riskWhere(q, matrix, today), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  const p = await presentCtx(ctx, rows, matrix, today);
  return { items: rows.map((r) => presentRisk(r, p)), total, limit: q.limit, offset: q.offset, matrix };
}

/** Every risk matching the filter, presented (for the CSV export). */
export async function allRisks(ctx: Ctx, f: RiskFilter): Promise<{ items: RiskOut[]; matrix: RiskMatrix }> {
  authorize(ctx.actor, 'risks.read');
  const matrix = await loadMatrix(ctx.db);
  const today = todayOf(ctx.clock);
  const { rows } = await repo.listRiskRows(ctx.db, riskWhere(f, matrix, today), { sort: f.sort, dir: f.dir }, null);
  const p = await presentCtx(ctx, rows, matrix, today);
  return { items: rows.map((r) => presentRisk(r, p)), matrix };
}

async function findOr404(db: DB, id: string): Promise<RiskRow> {
  const row = isRiskId(id) ? await repo.findRisk(db, id.toLowerCase()) : undefined;
  if (!row) throw notFound('The risk');
  return row;
}

export async function getRisk(ctx: Ctx, id: string): Promise<RiskDetailOut> {
  authorize(ctx.actor, 'risks.read');
  const row = await findOr404(ctx.db, id);
  const matrix = await loadMatrix(ctx.db);
  const today = todayOf(ctx.clock);
  const tasks = await repo.tasksOf(ctx.db, row.id);
  const p = await presentCtx(ctx, [row], matrix, today);
  const taskNames = await peopleNames(ctx, tasks.map((t) => t.owner_id).filter((x): x is string => x !== null));
  return { ...presentRisk(row, p), tasks: tasks.map((t) => presentTask(t, taskNames, today)) };
}

/** The risk's audit history (its edits, tasks, reviews and acceptances), newest first. */
export async function riskHistory(ctx: Ctx, id: string): Promise<AuditEventOut[]> {
  if (!isRiskId(id)) return [];
  const { items } = await listAudit(ctx, { entity_type: 'risk', entity_id: id.toLowerCase(), order: 'desc', limit: 100, offset: 0 });
  return items;
}

// ---------- Checks shared by create and edit ----------

interface Scores {
  likelihood: number;
  impact: number;
  residual_likelihood: number | null;
  residual_impact: number | null;
}

/** Scores must be levels of the matrix; residual comes as a pair and never above the inherent score. */
export function scoreErrors(m: MatrixConfig, s: Scores): FieldError[] {
  const errors: FieldError[] = [];
  const L = m.likelihood.length;
  const I = m.impact.length;
  if (!isLevel(L, s.likelihood)) errors.push({ field: 'likelihood', message: MSG.likelihoodRange });
  if (!isLevel(I, s.impact)) errors.push({ field: 'impact', message: MSG.impactRange });
  const rl = s.residual_likelihood;
  const ri = s.residual_impact;
  if ((rl === null) !== (ri === null)) errors.push({ field: rl === null ? 'residual_likelihood' : 'residual_impact', message: MSG.residualPair });
  if (rl !== null && !isLevel(L, rl)) errors.push({ field: 'residual_likelihood', message: MSG.likelihoodRange });
  if (ri !== null && !isLevel(I, ri)) errors.push({ field: 'residual_impact', message: MSG.impactRange });
  if (!errors.length && rl !== null && ri !== null && rl * ri > s.likelihood * s.impact) errors.push({ field: 'residual_likelihood', message: MSG.residualAboveInherent });
  return errors;
}

/** Checks a person id names someone in the directory who has not left; answers field errors. */
export async function personErrors(ctx: Ctx, field: string, id: string): Promise<FieldError[]> {
  try {
    const p = await getPerson(ctx, id);
    return p.status === 'left' ? [{ field, message: MSG.ownerLeft }] : [];
  } catch (e) {
    if ((e as { status?: number }).status === 404) return [{ field, message: MSG.ownerMissing }];
    throw e;
  }
}

/** Unknown asset ids, each named by its place in the list. */
async function assetErrors(ctx: Ctx, ids: string[]): Promise<FieldError[]> {
  if (!ids.length) return [];
  const known = await assetSummaries(ctx, ids);
  return ids.flatMap((id, i) => (known.has(id) ? [] : [{ field: `asset_ids.${i}`, message: `${MSG.assetMissing} (${id})` }]));
}

const defaultNextReview = (m: MatrixConfig, score: number, from: string) => addDays(from, bandOf(m, score).review_interval_days);
const currentScoreOf = (s: Scores) => (s.residual_likelihood !== null && s.residual_impact !== null ? s.residual_likelihood * s.residual_impact : s.likelihood * s.impact);

// ---------- Writing ----------

/** Adds a risk: ref R-nnn assigned, scores computed, next review defaulted from its band. */
export async function createRisk(ctx: Ctx, input: NewRiskInput): Promise<RiskDetailOut> {
  authorize(ctx.actor, 'risks.write');
  const data = parseOrThrow(NewRiskInput, input, 'risk');
  const assetIds = [...new Set(data.asset_ids)];
  // Other areas are asked before the transaction: SQLite has one connection, held by the transaction.
  const crossErrors = [...(await personErrors(ctx, 'owner_id', data.owner_id)), ...(await assetErrors(ctx, data.asset_ids))];
  const today = todayOf(ctx.clock);
  const scores: Scores = { likelihood: data.likelihood, impact: data.impact, residual_likelihood: data.residual_likelihood ?? null, residual_impact: data.residual_impact ?? null };
  const id = await retryOnTakenRef(() =>
    mutate(ctx, async (m) => {
        const matrix = await loadMatrix(m.tx);
        const errors = [...scoreErrors(matrix, scores), ...crossErrors];
        if (data.next_review && data.next_review < today) errors.push({ field: 'next_review', message: MSG.nextReviewPast });
        if (errors.length) throw badRequest('The risk has invalid fields.', errors);
        const n = await repo.nextRefNumber(m.tx);
        const row = {
          id: newId(),
          ref: `R-${String(n).padStart(3, '0')}`,
          ref_number: n,
          title: data.title,
          description: data.description ?? null,
          owner_id: data.owner_id,
          threat: data.threat ?? null,
          vulnerability: data.vulnerability ?? null,
          likelihood: scores.likelihood,
          impact: scores.impact,
          inherent_score: scores.likelihood * scores.impact,
          treatment: data.treatment ?? null,
          treatment_notes: data.treatment_notes ?? null,
          residual_likelihood: scores.residual_likelihood,
          residual_impact: scores.residual_impact,
          residual_score: scores.residual_likelihood !== null && scores.residual_impact !== null ? scores.residual_likelihood * scores.residual_impact : null,
          status: 'open' as const,
          next_review: data.next_review ?? defaultNextReview(matrix, currentScoreOf(scores), today),
          created_at: m.now,
          updated_at: m.now,
        };
        await repo.insertRisk(m.tx, row);
        await repo.setRiskAssets(m.tx, row.id, assetIds);
        const stored = (await repo.findRisk(m.tx, row.id))!;
        await m.record({ action: 'risk.create', entityType: 'risk', entityId: row.id, after: riskRecord(stored, assetIds) });
        await recordTrend(m.tx, today, m.now);
        return row.id;
      }),
  );
  return getRisk(ctx, id);
}

/** Two risks added at the same moment may reach for the same ref: the loser tries again with the next one. */
async function retryOnTakenRef<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (attempt >= 4 || !repo.isUniqueViolation(e)) throw e;
    }
  }
}

const EDITABLE = ['title', 'description', 'owner_id', 'threat', 'vulnerability', 'likelihood', 'impact', 'treatment', 'treatment_notes', 'residual_likelihood', 'residual_impact', 'next_review', 'status'] as const;

/** Changes some of a risk's fields; scores are recomputed, status moves only along TRANSITIONS. */
export async function updateRisk(ctx: Ctx, id: string, patch: RiskPatch): Promise<RiskDetailOut> {
  authorize(ctx.actor, 'risks.write');
  const data = parseOrThrow(RiskPatch, patch, 'risk');
  const existing0 = await findOr404(ctx.db, id);
  const crossErrors = [
    ...(data.owner_id !== undefined && data.owner_id !== existing0.owner_id ? await personErrors(ctx, 'owner_id', data.owner_id) : []),
    ...(data.asset_ids ? await assetErrors(ctx, data.asset_ids) : []),
  ];
  const today = todayOf(ctx.clock);
  await mutateUnlessUnchanged(ctx, async (m) => {
    const existing = (await repo.findRisk(m.tx, existing0.id))!;
    const assetsBefore = (await repo.assetIdsOf(m.tx, [existing.id])).get(existing.id) ?? [];
    const next = { ...existing };
    for (const k of EDITABLE) if (data[k] !== undefined) (next as Record<string, unknown>)[k] = data[k];
    const assetsAfter = data.asset_ids ? [...new Set(data.asset_ids)] : assetsBefore;
    const assetsChanged = [...assetsAfter].sort().join() !== [...assetsBefore].sort().join();
    const changed = EDITABLE.filter((k) => next[k] !== existing[k]);
    if (!changed.length && !assetsChanged) return new Unchanged(null);

    const matrix = await loadMatrix(m.tx);
    const errors = [...scoreErrors(matrix, next), ...crossErrors];
    const from = existing.status;
    const to = next.status as RiskStatus;
    if (to === 'accepted' && from !== 'accepted') errors.push({ field: 'status', message: MSG.acceptViaAcceptance });
    else if (!canMove(from, to)) errors.push({ field: 'status', message: MSG.transition });
    if (to === 'treating' && !next.treatment) errors.push({ field: 'treatment', message: MSG.treatingNeedsTreatment });
    if (changed.includes('next_review') && next.next_review && next.next_review < today) errors.push({ field: 'next_review', message: MSG.nextReviewPast });
    if (errors.length) throw badRequest('The risk has invalid fields.', errors);
    if (from === 'accepted' && to === 'accepted' && (changed.includes('residual_likelihood') || changed.includes('residual_impact'))) {
      throw conflict(MSG.residualWhileAccepted, [{ field: changed.includes('residual_likelihood') ? 'residual_likelihood' : 'residual_impact', message: MSG.residualWhileAccepted }]);
    }
    const leavingAcceptance = from === 'accepted' && to !== 'accepted';
    if (leavingAcceptance) await repo.endAcceptances(m.tx, existing.id, m.now, to === 'closed' ? 'closed' : 'status_changed');
    await repo.updateRisk(m.tx, existing.id, {
      ref: existing.ref,
      title: next.title,
      description: next.description,
      owner_id: next.owner_id,
      threat: next.threat,
      vulnerability: next.vulnerability,
      likelihood: next.likelihood,
      impact: next.impact,
      inherent_score: next.likelihood * next.impact,
      treatment: next.treatment,
      treatment_notes: next.treatment_notes,
      residual_likelihood: next.residual_likelihood,
      residual_impact: next.residual_impact,
      residual_score: next.residual_likelihood !== null && next.residual_impact !== null ? next.residual_likelihood * next.residual_impact : null,
      status: to,
      next_review: next.next_review,
      ...(leavingAcceptance ? { accepted_by: null, accepted_at: null, acceptance_expires: null } : {}),
      updated_at: m.now,
    });
    if (assetsChanged) await repo.setRiskAssets(m.tx, existing.id, assetsAfter);
    const stored = (await repo.findRisk(m.tx, existing.id))!;
    await m.record({ action: 'risk.update', entityType: 'risk', entityId: existing.id, before: riskRecord(existing, assetsBefore), after: riskRecord(stored, assetsAfter) });
    await recordTrend(m.tx, today, m.now);
    return null;
  });
  return getRisk(ctx, existing0.id);
}

/** Every risk matching the filter as CSV, with the refs of linked assets. */
export async function exportRisksCsv(ctx: Ctx, f: RiskFilter): Promise<string> {
  const { items } = await allRisks(ctx, f);
  const assets = await assetSummaries(ctx, items.flatMap((r) => r.asset_ids));
  return risksCsv(items.map((r) => ({ ...r, asset_refs: r.asset_ids.map((id) => assets.get(id)?.ref ?? id).sort().join(';') })));
}

/** Risk ids by exact title, for seeding and imports that name risks; unknown titles are left out. */
export async function riskIdsByTitle(ctx: Ctx, titles: string[]): Promise<Map<string, string>> {
  authorize(ctx.actor, 'risks.read');
  return repo.riskIdsByTitles(ctx.db, [...new Set(titles)]);
}
