// Control use cases: the lookups other areas call (SoA, risks, assets), then create, update, links
// and reviews. Reading (list, detail, export, history) lives in read.ts and is re-exported here.
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { badRequest, isAppError, notFound, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate, type MutationScope } from '../../core/mutation.js';
import type { z } from 'zod';
import { parseOrThrow } from '../../core/validation.js';
import { getPerson } from '../people/service.js';
import type { ControlRow } from '../tables.js';
import { linkLabels, presentLinks, resolveLinks, type ResolvedLinks } from './links.js';
import * as repo from './repo.js';
import { dayOf, nextReviewOf, todayOf } from './rules.js';
import { ControlLinks, ControlPatch, isRecordId, MSG, NewControlInput, NewReviewInput, type ControlDetailOut } from './schema.js';
import { controlDetail } from './read.js';

export * from './read.js';

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

async function linked(ctx: Ctx, kind: repo.LinkKind, ids: string[]): Promise<Map<string, ControlSummary[]>> {
  authorize(ctx.actor, 'controls.read');
  const out = new Map<string, ControlSummary[]>(ids.map((id) => [id, []]));
  for (const r of await repo.controlsLinkedTo(ctx.db, kind, [...new Set(ids)])) out.get(r.target_id)?.push(summary(r));
  return out;
}

/** For each requirement id, the controls that meet it (ordered by ref); the SoA's "implemented by". */
export const controlsForRequirements = (ctx: Ctx, requirementIds: string[]) => linked(ctx, 'requirements', requirementIds);
/** For each risk id, the controls that treat it. */
export const controlsForRisks = (ctx: Ctx, riskIds: string[]) => linked(ctx, 'risks', riskIds);
/** For each asset id, the controls that protect it. */
export const controlsForAssets = (ctx: Ctx, assetIds: string[]) => linked(ctx, 'assets', assetIds);

/** The control's own facts as the audit trail records them (links and reviews have their own events). */
const auditFacts = (r: ControlRow) => ({
  id: r.id,
  ref: r.ref,
  title: r.title,
  description: r.description,
  level: r.level,
  owner_id: r.owner_id,
  status: r.status,
  review_interval_days: r.review_interval_days,
  last_reviewed: r.last_reviewed,
  next_review: r.next_review,
});

/** The service context on the mutation's transaction, for lookups in other areas' services. */
const inTx = (ctx: Ctx, m: MutationScope): Ctx => ({ ...ctx, db: m.tx });

/** The owner must be in the directory; a newly chosen owner must not have left. */
async function ownerErrors(ctx: Ctx, ownerId: string): Promise<FieldError[]> {
  try {
    const p = await getPerson(ctx, ownerId);
    return p.status === 'left' ? [{ field: 'owner_id', message: MSG.ownerLeft }] : [];
  } catch (e) {
    if (isAppError(e) && e.status === 404) return [{ field: 'owner_id', message: MSG.personMissing }];
    throw e;
  }
}

const invalid = (errors: FieldError[]) => {
  const values = errors.flatMap((e) => ('value' in e ? [String(e.value)] : []));
  const detail = values.length ? `The control has invalid fields; unknown: ${values.join(', ')}.` : 'The control has invalid fields.';
  return badRequest(detail, errors);
};

const LINK_ACTIONS = { requirements: 'control.link_requirements', risks: 'control.link_risks', assets: 'control.link_assets' } as const;

/** Replaces each resolved link set and records what it was and what it became; answers how many sets changed. */
async function writeLinks(ctx: Ctx, m: MutationScope, controlId: string, resolved: ResolvedLinks): Promise<number> {
  let changed = 0;
  for (const kind of ['requirements', 'risks', 'assets'] as const) {
    const next = resolved[kind];
    if (!next) continue;
    const beforeIds = await repo.linkedIds(m.tx, kind, controlId);
    const nextIds = next.map((l) => l.id);
    if (beforeIds.length === nextIds.length && nextIds.every((id) => beforeIds.includes(id))) continue;
    const before = linkLabels(kind, await presentLinks(inTx(ctx, m), kind, beforeIds));
    await repo.replaceLinks(m.tx, kind, controlId, nextIds);
    await m.record({ action: LINK_ACTIONS[kind], entityType: 'control', entityId: controlId, before: { [kind]: before }, after: { [kind]: linkLabels(kind, next) } });
    changed++;
  }
  return changed;
}

/** Thrown inside a mutation to roll it back quietly when there turned out to be nothing to write. */
class NothingToWrite extends Error {}

/** Like `mutate`, but `fn` answers whether it wrote anything; when not, nothing is committed or recorded. */
async function mutateIfChanged(ctx: Ctx, fn: (m: MutationScope) => Promise<boolean>): Promise<void> {
  try {
    await mutate(ctx, async (m) => {
      if (!(await fn(m))) throw new NothingToWrite('nothing to write');
    });
  } catch (e) {
    if (!(e instanceof NothingToWrite)) throw e;
  }
}

/** Checks a control's facts (fields and owner) without writing; the form uses it to show every problem at once. */
export async function validateControlFacts(ctx: Ctx, input: NewControlInput, currentOwnerId: string | null = null): Promise<void> {
  authorize(ctx.actor, 'controls.write');
  const data = parseOrThrow(NewControlInput, input, 'control');
  const errors = data.owner_id && data.owner_id !== currentOwnerId ? await ownerErrors(ctx, data.owner_id) : [];
  if (errors.length) throw invalid(errors);
}

type NewControlData = z.output<typeof NewControlInput>;
type NewReviewData = z.output<typeof NewReviewInput>;

/** Checks and inserts one control with its links inside the mutation `m`; answers its id. */
async function insertControlIn(ctx: Ctx, m: MutationScope, data: NewControlData, today: string, fieldPrefix = ''): Promise<string> {
  const tctx = inTx(ctx, m);
  const errors: FieldError[] = data.owner_id ? await ownerErrors(tctx, data.owner_id) : [];
  const { resolved, errors: linkErrors } = await resolveLinks(tctx, data);
  errors.push(...linkErrors);
  if (errors.length) throw invalid(errors.map((e) => ({ ...e, field: fieldPrefix + e.field })));
  const id = newId();
  const ref = `CTL-${String((await repo.highestRefNumber(m.tx)) + 1).padStart(3, '0')}`;
  await repo.insertControl(m.tx, {
    id,
    ref,
    title: data.title,
    description: data.description ?? null,
    level: data.level,
    owner_id: data.owner_id ?? null,
    status: data.status,
    review_interval_days: data.review_interval_days,
    last_reviewed: null,
    next_review: nextReviewOf(null, today, data.review_interval_days),
    created_at: m.now,
    updated_at: m.now,
  });
  const row = (await repo.findControl(m.tx, id))!;
  await m.record({ action: 'control.create', entityType: 'control', entityId: id, after: auditFacts(row) });
  await writeLinks(ctx, m, id, resolved);
  return id;
}

/** Runs `fn` in a mutation, again when two writers picked the same CTL reference at once (PostgreSQL). */
async function withRefRetry<T>(ctx: Ctx, fn: (m: MutationScope) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await mutate(ctx, fn);
    } catch (e) {
      if (attempt < 3 && repo.isUniqueViolation(e)) continue;
      throw e;
    }
  }
}

/** Adds a control with its links; every field and every link is checked before anything is written. */
export async function createControl(ctx: Ctx, input: NewControlInput): Promise<ControlDetailOut> {
  authorize(ctx.actor, 'controls.write');
  const data = parseOrThrow(NewControlInput, input, 'control');
  const today = todayOf(ctx.clock);
  const id = await withRefRetry(ctx, (m) => insertControlIn(ctx, m, data, today));
  return controlDetail(ctx, id);
}

/**
 * Adds several controls, each optionally with a review already held, in one transaction: all or
 * none (errors name the item, e.g. `items.3.requirement_keys.0`). For the demo and bulk loads.
 */
export async function createControls(ctx: Ctx, items: { control: NewControlInput; review?: NewReviewInput }[]): Promise<string[]> {
  authorize(ctx.actor, 'controls.write');
  const parsed = items.map((it, i) => ({
    control: parseOrThrow(NewControlInput, it.control, `control at items.${i}`),
    review: it.review ? parseOrThrow(NewReviewInput, it.review, `review at items.${i}`) : null,
  }));
  const today = todayOf(ctx.clock);
  return withRefRetry(ctx, async (m) => {
    const ids: string[] = [];
    for (const [i, it] of parsed.entries()) {
      const id = await insertControlIn(ctx, m, it.control, today, `items.${i}.`);
      if (it.review) await recordReviewIn(ctx, m, id, it.review, today, `items.${i}.review.`);
      ids.push(id);
    }
    return ids;
  });
}

const EDITABLE = ['title', 'description', 'level', 'owner_id', 'status', 'review_interval_days'] as const;

async function loadForWrite(m: MutationScope, id: string): Promise<repo.ControlListRow> {
  const row = isRecordId(id) ? await repo.findControl(m.tx, id) : undefined;
  if (!row) throw notFound('The control');
  return row;
}

/**
 * Changes some of a control's facts and, when given, replaces link sets, all in one transaction.
 * A new review interval moves the next review (from the last review, or from when it was added).
 */
export async function updateControl(ctx: Ctx, id: string, patch: ControlPatch, links: ControlLinks = {}): Promise<ControlDetailOut> {
  authorize(ctx.actor, 'controls.write');
  const data = parseOrThrow(ControlPatch, patch, 'control');
  const linkData = parseOrThrow(ControlLinks, links, 'control');
  await mutateIfChanged(ctx, async (m) => {
    const existing = await loadForWrite(m, id);
    const next = { ...existing };
    for (const k of EDITABLE) if (data[k] !== undefined) (next as Record<string, unknown>)[k] = data[k];
    const changed = EDITABLE.filter((k) => next[k] !== existing[k]);
    const tctx = inTx(ctx, m);
    const errors: FieldError[] = next.owner_id && changed.includes('owner_id') ? await ownerErrors(tctx, next.owner_id) : [];
    const { resolved, errors: linkErrors } = await resolveLinks(tctx, linkData);
    errors.push(...linkErrors);
    if (errors.length) throw invalid(errors);
    if (changed.length) {
      await repo.updateControl(m.tx, id, {
        ref: existing.ref,
        title: next.title,
        description: next.description,
        level: next.level,
        owner_id: next.owner_id,
        status: next.status,
        review_interval_days: next.review_interval_days,
        next_review: nextReviewOf(existing.last_reviewed, dayOf(existing.created_at), next.review_interval_days),
        updated_at: m.now,
      });
      const after = (await repo.findControl(m.tx, id))!;
      await m.record({ action: 'control.update', entityType: 'control', entityId: id, before: auditFacts(existing), after: auditFacts(after) });
    }
    const linksChanged = await writeLinks(ctx, m, id, resolved);
    return changed.length > 0 || linksChanged > 0;
  });
  return controlDetail(ctx, id);
}

/** Replaces the link sets given (requirements by key, risks and assets by id): all of them or none. */
export async function setControlLinks(ctx: Ctx, id: string, links: ControlLinks): Promise<ControlDetailOut> {
  return updateControl(ctx, id, {}, links);
}

/**
 * Records a review: who reviewed, on which day (today by default, never in the future) and a note.
 * The latest review's day plus the interval becomes the next review.
 */
export async function recordReview(ctx: Ctx, id: string, input: NewReviewInput): Promise<ControlDetailOut> {
  authorize(ctx.actor, 'controls.write');
  const data = parseOrThrow(NewReviewInput, input, 'review');
  const today = todayOf(ctx.clock);
  await mutate(ctx, (m) => recordReviewIn(ctx, m, id, data, today));
  return controlDetail(ctx, id);
}

async function recordReviewIn(ctx: Ctx, m: MutationScope, id: string, data: NewReviewData, today: string, fieldPrefix = ''): Promise<void> {
  const reviewedOn = data.reviewed_on ?? today;
  const existing = await loadForWrite(m, id);
  const errors: FieldError[] = [];
  if (reviewedOn > today) errors.push({ field: `${fieldPrefix}reviewed_on`, message: MSG.reviewFuture });
  try {
    await getPerson(inTx(ctx, m), data.reviewer_id);
  } catch (e) {
    if (!isAppError(e) || e.status !== 404) throw e;
    errors.push({ field: `${fieldPrefix}reviewer_id`, message: MSG.personMissing });
  }
  if (errors.length) throw badRequest('The review has invalid fields.', errors);
  const reviewId = newId();
  await repo.insertReview(m.tx, { id: reviewId, control_id: id, reviewed_on: reviewedOn, reviewer_id: data.reviewer_id, note: data.note ?? null, recorded_by: m.actor.label, created_at: m.now });
  // A review recorded late (dated before the latest one) does not move the clock back.
  const last = existing.last_reviewed && existing.last_reviewed > reviewedOn ? existing.last_reviewed : reviewedOn;
  const nextReview = nextReviewOf(last, dayOf(existing.created_at), existing.review_interval_days);
  await repo.updateControl(m.tx, id, { ref: existing.ref, title: existing.title, description: existing.description, last_reviewed: last, next_review: nextReview, updated_at: m.now });
  await m.record({
    action: 'control.review',
    entityType: 'control',
    entityId: id,
    before: { last_reviewed: existing.last_reviewed, next_review: existing.next_review },
    after: { review_id: reviewId, reviewed_on: reviewedOn, reviewer_id: data.reviewer_id, note: data.note ?? null, last_reviewed: last, next_review: nextReview },
  });
}

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
