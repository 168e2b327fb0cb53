// A risk's treatment plan (tasks), its reviews and the owner's acceptance of the residual risk.
import { getUserAccount } from '../../auth/users-service.js';
import { authorize } from '../../auth/permissions.js';
import { actorUserId, type Ctx } from '../../core/context.js';
import { badRequest, conflict, notFound, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { mutateUnlessUnchanged, peopleNames, personByEmail, Unchanged } from '../people/service.js';
import { bandOf } from './matrix.js';
import { presentAcceptance, presentReview, presentTask, riskRecord } from './present.js';
import * as repo from './repo.js';
import { addDays, todayOf } from './rules.js';
import { AcceptanceInput, MSG, NewReviewInput, NewTaskInput, TaskPatch, type AcceptanceOut, type ReviewOut, type TaskOut } from './schema.js';
import { getRisk, isRiskId, loadMatrix, personErrors } from './service.js';
import { recordTrend } from './trend.js';

async function riskOr404(ctx: Ctx, id: string) {
  const row = isRiskId(id) ? await repo.findRisk(ctx.db, id.toLowerCase()) : undefined;
  if (!row) throw notFound('The risk');
  return row;
}

const closedRisk = () => conflict(MSG.closedRisk, [{ field: 'status', message: MSG.closedRisk }]);

// ---------- Tasks ----------

export async function listTasks(ctx: Ctx, riskId: string): Promise<TaskOut[]> {
  return (await getRisk(ctx, riskId)).tasks;
}

async function presentOne(ctx: Ctx, riskId: string, taskId: string): Promise<TaskOut> {
  const t = (await repo.findTask(ctx.db, riskId, taskId))!;
  return presentTask(t, await peopleNames(ctx, t.owner_id ? [t.owner_id] : []), todayOf(ctx.clock));
}

/** Adds a task to the risk's treatment plan. */
export async function addTask(ctx: Ctx, riskId: string, input: NewTaskInput): Promise<TaskOut> {
  authorize(ctx.actor, 'risks.write');
  const data = parseOrThrow(NewTaskInput, input, 'task');
  const risk = await riskOr404(ctx, riskId);
  const errors = await personErrors(ctx, 'owner_id', data.owner_id);
  if (errors.length) throw badRequest('The task has invalid fields.', errors);
  const today = todayOf(ctx.clock);
  const id = newId();
  await mutate(ctx, async (m) => {
    const current = (await repo.findRisk(m.tx, risk.id))!;
    if (current.status === 'closed') throw closedRisk();
    const row = { id, risk_id: risk.id, title: data.title, owner_id: data.owner_id, due_date: data.due_date, status: data.status, completed_on: data.status === 'done' ? today : null, created_at: m.now, updated_at: m.now };
    await repo.insertTask(m.tx, row);
    await m.record({ action: 'risk.task_add', entityType: 'risk', entityId: risk.id, after: { task: row } });
  });
  return presentOne(ctx, risk.id, id);
}

/** Changes a task; marking it done records today as its completion date, reopening clears it. */
export async function updateTask(ctx: Ctx, riskId: string, taskId: string, patch: TaskPatch): Promise<TaskOut> {
  authorize(ctx.actor, 'risks.write');
  const data = parseOrThrow(TaskPatch, patch, 'task');
  const risk = await riskOr404(ctx, riskId);
  const task = isRiskId(taskId) ? await repo.findTask(ctx.db, risk.id, taskId.toLowerCase()) : undefined;
  if (!task) throw notFound('The task');
  const errors = data.owner_id !== undefined && data.owner_id !== task.owner_id ? await personErrors(ctx, 'owner_id', data.owner_id) : [];
  if (errors.length) throw badRequest('The task has invalid fields.', errors);
  const today = todayOf(ctx.clock);
  await mutateUnlessUnchanged(ctx, async (m) => {
    const before = (await repo.findTask(m.tx, risk.id, task.id))!;
    const next = { ...before, ...Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) } as typeof before;
    if (next.title === before.title && next.owner_id === before.owner_id && next.due_date === before.due_date && next.status === before.status) return new Unchanged(null);
    if (next.status !== before.status) next.completed_on = next.status === 'done' ? today : null;
    const current = (await repo.findRisk(m.tx, risk.id))!;
    if (current.status === 'closed') throw closedRisk();
    await repo.updateTask(m.tx, task.id, { title: next.title, owner_id: next.owner_id, due_date: next.due_date, status: next.status, completed_on: next.completed_on, updated_at: m.now });
    await m.record({ action: 'risk.task_update', entityType: 'risk', entityId: risk.id, before: { task: before }, after: { task: { ...next, updated_at: m.now } } });
    return null;
  });
  return presentOne(ctx, risk.id, task.id);
}

// ---------- Reviews ----------

export async function listReviews(ctx: Ctx, riskId: string): Promise<ReviewOut[]> {
  authorize(ctx.actor, 'risks.read');
  const risk = await riskOr404(ctx, riskId);
  return (await repo.reviewsOf(ctx.db, risk.id)).map(presentReview);
}

/**
 * Records a review: the scores and status as they stand, what the reviewer found, and when the
 * next review is due (by default the review date plus the review interval of the risk's band).
 */
export async function addReview(ctx: Ctx, riskId: string, input: NewReviewInput): Promise<ReviewOut> {
  authorize(ctx.actor, 'risks.write');
  const data = parseOrThrow(NewReviewInput, input, 'review');
  const risk = await riskOr404(ctx, riskId);
  const today = todayOf(ctx.clock);
  const id = newId();
  await mutate(ctx, async (m) => {
    const r = (await repo.findRisk(m.tx, risk.id))!;
    if (r.status === 'closed') throw closedRisk();
    const matrix = await loadMatrix(m.tx);
    const reviewedOn = data.reviewed_on ?? today;
    const current = r.residual_score ?? r.inherent_score;
    const nextReview = data.next_review ?? addDays(reviewedOn, bandOf(matrix, Number(current)).review_interval_days);
    const errors: FieldError[] = [];
    if (reviewedOn > today) errors.push({ field: 'reviewed_on', message: MSG.reviewInFuture });
    if (nextReview <= reviewedOn) errors.push({ field: 'next_review', message: MSG.nextReviewAfter });
    else if (data.next_review && data.next_review < today) errors.push({ field: 'next_review', message: MSG.nextReviewPast });
    if (errors.length) throw badRequest('The review has invalid fields.', errors);
    const row = {
      id,
      risk_id: r.id,
      reviewed_on: reviewedOn,
      reviewer_id: actorUserId(m.actor),
      reviewer_label: m.actor.label,
      likelihood: r.likelihood,
      impact: r.impact,
      inherent_score: r.inherent_score,
      residual_likelihood: r.residual_likelihood,
      residual_impact: r.residual_impact,
      residual_score: r.residual_score,
      status: r.status,
      note: data.note,
      next_review: nextReview,
      created_at: m.now,
    };
    await repo.insertReview(m.tx, row);
    // A review dated before the latest one (entered late) joins the history without moving the schedule.
    if (!r.last_reviewed || reviewedOn >= r.last_reviewed) {
      await repo.updateRisk(m.tx, r.id, { ref: r.ref, title: r.title, threat: r.threat, vulnerability: r.vulnerability, last_reviewed: reviewedOn, next_review: nextReview, updated_at: m.now });
    }
    await m.record({ action: 'risk.review', entityType: 'risk', entityId: r.id, after: { review: presentReview(row) } });
  });
  return presentReview((await repo.reviewsOf(ctx.db, risk.id)).find((x) => x.id === id)!);
}

// ---------- Acceptance ----------

export async function listAcceptances(ctx: Ctx, riskId: string): Promise<AcceptanceOut[]> {
  authorize(ctx.actor, 'risks.read');
  const risk = await riskOr404(ctx, riskId);
  const today = todayOf(ctx.clock);
  return (await repo.acceptancesOf(ctx.db, risk.id)).map((a) => presentAcceptance(a, today));
}

/** The person the signed-in user is in the directory (matched by email), or null. */
async function callerPersonId(ctx: Ctx): Promise<string | null> {
  const userId = ctx.actor ? actorUserId(ctx.actor) : null;
  if (!userId) return null;
  const user = await getUserAccount(ctx, userId);
  return (await personByEmail(ctx, user.email))?.id ?? null;
}

/** True when the signed-in user is the person who owns a risk (matched by email): their acceptance is their own. */
export async function callerIsOwner(ctx: Ctx, ownerId: string | null): Promise<boolean> {
  return ownerId !== null && (await callerPersonId(ctx)) === ownerId;
}

/**
 * Records the owner's acceptance of the residual risk until `expires_on`. The caller is the owner
 * when their email matches the owner's; anyone else holding risks.accept records it on the
 * owner's behalf and must say how the owner decided. Refused beyond the matrix's criteria, which
 * count from the day the owner decided (today, or an earlier day for a decision entered late: such
 * an acceptance may already have lapsed, and then shows so at once).
 */
export async function acceptRisk(ctx: Ctx, riskId: string, input: AcceptanceInput): Promise<AcceptanceOut> {
  authorize(ctx.actor, 'risks.accept');
  const data = parseOrThrow(AcceptanceInput, input, 'acceptance');
  const risk = await riskOr404(ctx, riskId);
  const caller = await callerPersonId(ctx);
  const ownerName = risk.owner_id ? ((await peopleNames(ctx, [risk.owner_id])).get(risk.owner_id) ?? '') : '';
  const today = todayOf(ctx.clock);
  const id = newId();
  await mutate(ctx, async (m) => {
    const r = (await repo.findRisk(m.tx, risk.id))!;
    if (r.status === 'closed') throw closedRisk();
    if (r.owner_id !== risk.owner_id) throw conflict('The risk’s owner changed meanwhile; try again.');
    const matrix = await loadMatrix(m.tx);
    const asOwner = caller !== null && caller === r.owner_id;
    const errors: FieldError[] = [];
    if (!r.owner_id) errors.push({ field: 'owner_id', message: MSG.noOwner });
    if (r.treatment === 'avoid') errors.push({ field: 'treatment', message: MSG.avoidNotAccepted });
    if (r.residual_score === null || r.residual_likelihood === null || r.residual_impact === null) {
      errors.push({ field: 'residual_likelihood', message: MSG.noResidual });
      throw badRequest('The risk cannot be accepted as it stands.', errors);
    }
    const band = bandOf(matrix, Number(r.residual_score));
    if (!band.acceptable) errors.push({ field: 'residual_score', message: MSG.notAcceptable });
    const decided = data.decided_on ?? today;
    if (decided > today) errors.push({ field: 'decided_on', message: MSG.decidedInFuture });
    if (data.expires_on <= decided) errors.push({ field: 'expires_on', message: MSG.expiryPast });
    else if (band.acceptable && data.expires_on > addDays(decided, band.max_acceptance_days ?? 0)) errors.push({ field: 'expires_on', message: MSG.expiryTooLate });
    if (!asOwner && !data.note) errors.push({ field: 'note', message: MSG.noteOnBehalf });
    if (errors.length) throw badRequest('The acceptance is outside the criteria or incomplete.', errors);
    const before = riskRecord(r, []);
    await repo.endAcceptances(m.tx, r.id, m.now, 'replaced');
    await repo.insertAcceptance(m.tx, {
      id,
      risk_id: r.id,
      owner_id: r.owner_id,
      owner_name: ownerName,
      accepted_by: actorUserId(m.actor),
      accepted_by_label: m.actor.label,
      as_owner: asOwner ? 1 : 0,
      note: data.note ?? null,
      residual_likelihood: r.residual_likelihood,
      residual_impact: r.residual_impact,
      residual_score: r.residual_score,
      band: band.key,
      matrix_version: matrix.version,
      decided_on: decided,
      accepted_at: m.now,
      expires_on: data.expires_on,
      ended_at: null,
      ended_reason: null,
    });
    // The acceptance's expiry is a review date at the latest.
    const nextReview = !r.next_review || r.next_review > data.expires_on ? data.expires_on : r.next_review;
    await repo.updateRisk(m.tx, r.id, {
      ref: r.ref,
      title: r.title,
      threat: r.threat,
      vulnerability: r.vulnerability,
      status: 'accepted',
      accepted_by: actorUserId(m.actor),
      accepted_at: m.now,
      acceptance_expires: data.expires_on,
      next_review: nextReview,
      updated_at: m.now,
    });
    const after = riskRecord((await repo.findRisk(m.tx, r.id))!, []);
    const { asset_ids: _a, ...b } = before;
    const { asset_ids: _b, ...a } = after;
    await m.record({
      action: 'risk.accept',
      entityType: 'risk',
      entityId: r.id,
      before: b,
      after: { ...a, acceptance: { id, as_owner: asOwner, owner_name: ownerName, note: data.note ?? null, band: band.key, matrix_version: matrix.version, decided_on: decided } },
    });
    await recordTrend(m.tx, today, m.now);
  });
  return presentAcceptance((await repo.acceptancesOf(ctx.db, risk.id)).find((a) => a.id === id)!, today);
}

/** Ends the acceptance in force; the risk goes back under treatment (open tasks) or to open. */
export async function withdrawAcceptance(ctx: Ctx, riskId: string): Promise<void> {
  authorize(ctx.actor, 'risks.accept');
  const risk = await riskOr404(ctx, riskId);
  const today = todayOf(ctx.clock);
  await mutate(ctx, async (m) => {
    const r = (await repo.findRisk(m.tx, risk.id))!;
    if (r.status !== 'accepted') throw conflict(MSG.noAcceptance, [{ field: 'status', message: MSG.noAcceptance }]);
    const plan = (await repo.planCounts(m.tx, [r.id], today, today)).get(r.id);
    const status = plan && plan.open > 0 && r.treatment ? 'treating' : 'open';
    await repo.endAcceptances(m.tx, r.id, m.now, 'withdrawn');
    await repo.updateRisk(m.tx, r.id, { ref: r.ref, title: r.title, threat: r.threat, vulnerability: r.vulnerability, status, accepted_by: null, accepted_at: null, acceptance_expires: null, updated_at: m.now });
    const { asset_ids: _a, ...before } = riskRecord(r, []);
    const { asset_ids: _b, ...after } = riskRecord((await repo.findRisk(m.tx, r.id))!, []);
    await m.record({ action: 'risk.withdraw_acceptance', entityType: 'risk', entityId: r.id, before, after });
    await recordTrend(m.tx, today, m.now);
  });
}
