// Measurable objectives (ISO/IEC 27001 6.2): list, read, create, change, record measurements, export, history.
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { withLocale } from '../../web/i18n.js';
import { mutateUnlessUnchanged, peopleNames, Unchanged } from '../people/service.js';
import { objectivesCsv } from './csv.js';
import { isRecordId, MSG } from './fields.js';
import { basisText } from './format.js';
import {
  MeasurementInput,
  NewObjective,
  ObjectivePatch,
  type MeasurementOut,
  type ObjectiveDetailOut,
  type ObjectiveFilter,
  type ObjectiveOut,
  type ObjectiveQuery,
} from './objectives-schema.js';
import * as repo from './objectives-repo.js';
import { nextRef } from './repo.js';
import { todayOf } from './service.js';
import { objectiveStatus, OBJECTIVE_STATUSES, type ObjectiveStatus } from './status.js';
import type { MeasurementRow, ObjectiveRow } from './tables.js';

/** The objective as the API and pages show it, with its status computed for `today`. */
export function presentObjective(r: ObjectiveRow, ownerName: string | null, today: string): ObjectiveOut {
  const basis = objectiveStatus({ target: r.target, direction: r.direction, current: r.current_value, previous: r.previous_value, due_date: r.due_date }, today);
  // The API's sentence is always English; pages render the basis again in the reader's language.
  const text = withLocale('en', () => basisText(basis, r));
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    description: r.description,
    metric: r.metric,
    unit: r.unit,
    target: r.target,
    direction: r.direction,
    owner_id: r.owner_id,
    owner_name: ownerName,
    due_date: r.due_date,
    current_value: r.current_value,
    measured_on: r.current_measured_on,
    status: basis.status,
    status_basis: { meets: basis.meets, days_left: basis.days_left, worsened: basis.worsened, previous_value: r.previous_value, text },
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

const presentMeasurement = (m: MeasurementRow): MeasurementOut => ({
  id: m.id,
  value: m.value,
  measured_on: m.measured_on,
  note: m.note,
  recorded_at: m.recorded_at,
  recorded_by: { id: m.recorded_by_id, label: m.recorded_by_label },
});

async function presentAll(ctx: Ctx, rows: ObjectiveRow[], today: string): Promise<ObjectiveOut[]> {
  const owners = rows.flatMap((r) => (r.owner_id ? [r.owner_id] : []));
  const names = owners.length ? await peopleNames(ctx, owners) : new Map<string, string>();
  return rows.map((r) => presentObjective(r, r.owner_id ? (names.get(r.owner_id) ?? null) : null, today));
}

const where = (f: Partial<ObjectiveFilter>): repo.ObjectiveWhere => ({ q: f.q, status: f.status, ownerId: f.owner_id });

export async function listObjectives(ctx: Ctx, q: ObjectiveQuery): Promise<{ items: ObjectiveOut[]; total: number; limit: number; offset: number }> {
  authorize(ctx.actor, 'scope.read');
  const today = todayOf(ctx);
  const { rows, total } = await repo.listObjectives(ctx.db, where(q), { sort: q.sort, dir: q.dir }, today, { limit: q.limit, offset: q.offset });
  return { items: await presentAll(ctx, rows, today), total, limit: q.limit, offset: q.offset };
}

export async function exportObjectivesCsv(ctx: Ctx, f: ObjectiveFilter): Promise<string> {
  authorize(ctx.actor, 'scope.read');
  const today = todayOf(ctx);
  const { rows } = await repo.listObjectives(ctx.db, where(f), { sort: f.sort, dir: f.dir }, today, null);
  return objectivesCsv(await presentAll(ctx, rows, today));
}

export interface ObjectivesSummary {
  total: number;
  byStatus: Record<ObjectiveStatus, number>;
  /** Up to `limit` objectives, worst status first, then the nearest due date. */
  attention: ObjectiveOut[];
}

/** Status counts and the objectives that need attention first, for the overview. */
export async function objectivesSummary(ctx: Ctx, limit = 8): Promise<ObjectivesSummary> {
  authorize(ctx.actor, 'scope.read');
  const today = todayOf(ctx);
  const byStatus = await repo.countByStatus(ctx.db, today);
  const { rows } = await repo.listObjectives(ctx.db, {}, { sort: 'status', dir: 'asc' }, today, { limit, offset: 0 });
  return { total: OBJECTIVE_STATUSES.reduce((n, s) => n + byStatus[s], 0), byStatus, attention: await presentAll(ctx, rows, today) };
}

/** How many objectives have each status today. */
export async function objectiveStatusCounts(ctx: Ctx): Promise<Record<ObjectiveStatus, number>> {
  authorize(ctx.actor, 'scope.read');
  return repo.countByStatus(ctx.db, todayOf(ctx));
}

/** The latest values of each objective, oldest first, for the list's trend lines. */
export async function recentValues(ctx: Ctx, ids: string[], perObjective = 12): Promise<Map<string, { value: number; measured_on: string }[]>> {
  authorize(ctx.actor, 'scope.read');
  return repo.recentValues(ctx.db, ids.filter(isRecordId), perObjective);
}

/** The people who own objectives, by name, for the list's owner filter. */
export async function objectiveOwners(ctx: Ctx): Promise<{ id: string; name: string }[]> {
  authorize(ctx.actor, 'scope.read');
  const ids = await repo.ownerIds(ctx.db);
  const names = ids.length ? await peopleNames(ctx, ids) : new Map<string, string>();
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

async function load(db: Ctx['db'], id: string): Promise<ObjectiveRow> {
  const row = isRecordId(id) ? await repo.findObjective(db, id.toLowerCase()) : undefined;
  if (!row) throw notFound('The objective');
  return row;
}

/** One objective with all its measurements, newest first. */
export async function getObjective(ctx: Ctx, id: string): Promise<ObjectiveDetailOut> {
  authorize(ctx.actor, 'scope.read');
  const row = await load(ctx.db, id);
  const [o] = await presentAll(ctx, [row], todayOf(ctx));
  const measurements = await repo.measurementsOf(ctx.db, row.id);
  return { ...o!, measurements: measurements.map(presentMeasurement) };
}

/** Refuses an owner who is not in the people directory (checked before the transaction, through the people service). */
async function checkOwner(ctx: Ctx, ownerId: string): Promise<void> {
  const names = await peopleNames(ctx, [ownerId]);
  if (!names.has(ownerId)) throw badRequest('The objective has invalid fields.', [{ field: 'owner_id', message: MSG.ownerMissing }]);
}

const audited = (r: ObjectiveRow) => {
  const { search_key: _k, ...rest } = r;
  return rest;
};

export async function createObjective(ctx: Ctx, input: NewObjective): Promise<ObjectiveDetailOut> {
  authorize(ctx.actor, 'scope.write');
  const data = parseOrThrow(NewObjective, input, 'objective');
  await checkOwner(ctx, data.owner_id);
  const today = todayOf(ctx);
  const id = newId();
  await mutate(ctx, async (m) => {
    const ref = await nextRef(m.tx, 'OBJ');
    await repo.insertObjective(m.tx, {
      id,
      ref,
      title: data.title,
      description: data.description ?? null,
      metric: data.metric,
      unit: data.unit ?? null,
      target: data.target,
      direction: data.direction,
      owner_id: data.owner_id,
      due_date: data.due_date,
      created_at: m.now,
      updated_at: m.now,
    });
    await m.record({ action: 'objective.create', entityType: 'objective', entityId: id, after: audited((await repo.findObjective(m.tx, id))!) });
    if (data.current_value !== undefined) await measure(m, id, { value: data.current_value, measured_on: today, note: null });
  });
  return getObjective(ctx, id);
}

type Scope = Parameters<Parameters<typeof mutate>[1]>[0];

/** Stores one measurement, refreshes the objective's current value and records both sides. */
async function measure(m: Scope, objectiveId: string, v: { value: number; measured_on: string; note: string | null }): Promise<void> {
  const before = (await repo.findObjective(m.tx, objectiveId))!;
  const measurement = { id: newId(), objective_id: objectiveId, value: v.value, measured_on: v.measured_on, note: v.note, recorded_at: m.now, recorded_by_id: m.actor.id, recorded_by_label: m.actor.label };
  await repo.insertMeasurement(m.tx, measurement);
  const after = await repo.refreshCurrent(m.tx, objectiveId, m.now);
  await m.record({
    action: 'objective.measure',
    entityType: 'objective',
    entityId: objectiveId,
    before: { current_value: before.current_value, measured_on: before.current_measured_on },
    after: { current_value: after.current_value, measured_on: after.current_measured_on, measurement: { id: measurement.id, value: v.value, measured_on: v.measured_on, note: v.note } },
  });
}

/** Records a new value, dated today unless `measured_on` says otherwise (never in the future). */
export async function recordMeasurement(ctx: Ctx, id: string, input: MeasurementInput): Promise<ObjectiveDetailOut> {
  authorize(ctx.actor, 'scope.write');
  const data = parseOrThrow(MeasurementInput, input, 'measurement');
  const today = todayOf(ctx);
  const measuredOn = data.measured_on ?? today;
  const existing = await load(ctx.db, id);
  if (measuredOn > today) throw badRequest('The measurement has invalid fields.', [{ field: 'measured_on', message: MSG.measuredFuture }]);
  await mutate(ctx, async (m) => {
    await load(m.tx, existing.id);
    await measure(m, existing.id, { value: data.value, measured_on: measuredOn, note: data.note ?? null });
  });
  return getObjective(ctx, existing.id);
}

const EDITABLE = ['title', 'description', 'metric', 'unit', 'target', 'direction', 'owner_id', 'due_date'] as const;

/** Changes some of an objective's fields; its values change only through measurements. */
export async function updateObjective(ctx: Ctx, id: string, patch: ObjectivePatch): Promise<ObjectiveDetailOut> {
  authorize(ctx.actor, 'scope.write');
  const data = parseOrThrow(ObjectivePatch, patch, 'objective');
  const existing = await load(ctx.db, id);
  if (data.owner_id && data.owner_id !== existing.owner_id) await checkOwner(ctx, data.owner_id);
  await mutateUnlessUnchanged(ctx, async (m) => {
    const row = await load(m.tx, existing.id);
    const next = { ...row };
    for (const k of EDITABLE) if (data[k] !== undefined) (next as Record<string, unknown>)[k] = data[k];
    if (!EDITABLE.some((k) => next[k] !== row[k])) return new Unchanged(null);
    next.updated_at = m.now;
    await repo.updateObjective(m.tx, next);
    await m.record({ action: 'objective.update', entityType: 'objective', entityId: row.id, before: audited(row), after: audited(next) });
    return null;
  });
  return getObjective(ctx, existing.id);
}

export async function objectiveHistory(ctx: Ctx, id: string): Promise<AuditEventOut[]> {
  if (!isRecordId(id)) return [];
  const { items } = await listAudit(ctx, { entity_type: 'objective', entity_id: id.toLowerCase(), order: 'desc', limit: 100, offset: 0 });
  return items;
}

/** People who can own an objective: everyone not left, plus the current owner. */
export { managerOptions as ownerOptions } from '../people/service.js';
