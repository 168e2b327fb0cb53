// People directory use cases: list, read, create, update, export, import and the dashboard summary.
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize } from '../../auth/permissions.js';
import { findUserById } from '../../auth/users-repo.js';
import { actorUserId, type Ctx } from '../../core/context.js';
import { badRequest, conflict, notFound, unauthorized, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate, type MutationScope } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { peopleCsv, parsePeopleCsv } from './csv.js';
import { applyImportPlan, planImport } from './import-plan.js';
import * as repo from './repo.js';
import { closesLoop, employmentErrors, todayIn } from './rules.js';
import { isPersonId, MSG, NewPersonInput, PersonPatch, presentPerson, type ImportResult, type MissingMode, type PeopleFilter, type PeopleQuery, type PersonOut } from './schema.js';

export { presentPerson };

export interface PeopleSummary {
  total: number;
  active: number;
  leaving: number;
  left: number;
  /** Active and leaving people per department, largest first; '' for people without one. */
  departments: { name: string; count: number }[];
}

/** Thrown inside a mutation to roll back quietly when there turned out to be nothing to write. */
export class Unchanged<T> extends Error {
  constructor(readonly value: T) {
    super('unchanged');
  }
}

/** Like `mutate`, but `fn` may return `Unchanged` to write nothing and record no event. */
export async function mutateUnlessUnchanged<T>(ctx: Ctx, fn: (m: MutationScope) => Promise<T | Unchanged<T>>): Promise<T> {
  try {
    return await mutate(ctx, async (m) => {
      const r = await fn(m);
      if (r instanceof Unchanged) throw r;
      return r;
    });
  } catch (e) {
    if (e instanceof Unchanged) return e.value as T;
    throw e;
  }
}

const where = (f: Partial<PeopleFilter>): repo.PeopleWhere => ({ q: f.q, department: f.department, status: f.status, managerId: f.manager_id });

/** A page of people for the API. */
export async function listPeople(ctx: Ctx, q: PeopleQuery): Promise<{ items: PersonOut[]; total: number; limit: number; offset: number }> {
  authorize(ctx.actor, 'people.read');
  const { rows, total } = await repo.listPeopleRows(ctx.db, where(q), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  return { items: rows.map(presentPerson), total, limit: q.limit, offset: q.offset };
}

export interface DirectoryEntry extends PersonOut {
  manager_name: string | null;
}

/** A page of people with their managers' names, for the list page. */
export async function peopleDirectory(ctx: Ctx, q: PeopleQuery): Promise<{ items: DirectoryEntry[]; total: number }> {
  authorize(ctx.actor, 'people.read');
  const { rows, total } = await repo.listPeopleRows(ctx.db, where(q), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  return { items: rows.map((r) => ({ ...presentPerson(r), manager_name: r.manager_name })), total };
}

/** Everyone matching the filter as CSV, in the import's column layout (export → edit → import). */
export async function exportPeopleCsv(ctx: Ctx, f: PeopleFilter): Promise<string> {
  authorize(ctx.actor, 'people.read');
  const { rows } = await repo.listPeopleRows(ctx.db, where(f), { sort: f.sort, dir: f.dir }, null);
  return peopleCsv(rows);
}

export async function getPerson(ctx: Ctx, id: string): Promise<PersonOut> {
  authorize(ctx.actor, 'people.read');
  const row = isPersonId(id) ? await repo.findPersonById(ctx.db, id) : undefined;
  if (!row) throw notFound('The person');
  return presentPerson(row);
}

/** The person with this email (case-insensitive), or null. */
export async function personByEmail(ctx: Ctx, email: string): Promise<PersonOut | null> {
  authorize(ctx.actor, 'people.read');
  const row = await repo.findPersonByEmail(ctx.db, email);
  return row ? presentPerson(row) : null;
}

/** A person with their manager and direct reports, for the detail page. */
export async function personDetail(ctx: Ctx, id: string): Promise<{ person: PersonOut; manager: PersonOut | null; reports: PersonOut[] }> {
  authorize(ctx.actor, 'people.read');
  const row = isPersonId(id) ? await repo.findPersonById(ctx.db, id) : undefined;
  if (!row) throw notFound('The person');
  const manager = row.manager_id ? await repo.findPersonById(ctx.db, row.manager_id) : undefined;
  const reports = await repo.directReports(ctx.db, id);
  return { person: presentPerson(row), manager: manager ? presentPerson(manager) : null, reports: reports.map(presentPerson) };
}

/** The person's audit history, newest first, read through the audit service. */
export async function personHistory(ctx: Ctx, id: string): Promise<AuditEventOut[]> {
  if (!isPersonId(id)) return [];
  const { items } = await listAudit(ctx, { entity_type: 'person', entity_id: id, order: 'desc', limit: 100, offset: 0 });
  return items;
}

/** Names of the people with these ids (e.g. managers named in a history), unknown ids left out. */
export async function peopleNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  authorize(ctx.actor, 'people.read');
  return repo.namesByIds(ctx.db, [...new Set(ids)].filter(isPersonId).slice(0, 500));
}

export async function listDepartments(ctx: Ctx): Promise<string[]> {
  authorize(ctx.actor, 'people.read');
  return repo.listDepartments(ctx.db);
}

/** Who can be chosen as a manager: people not left, plus the current manager. */
export async function managerOptions(ctx: Ctx, currentManagerId: string | null): Promise<{ id: string; name: string; email: string }[]> {
  authorize(ctx.actor, 'people.read');
  return repo.managerChoices(ctx.db, currentManagerId);
}

async function managerErrors(db: Ctx['db'], personId: string, managerId: string): Promise<FieldError[]> {
  if (managerId === personId) return [{ field: 'manager_id', message: MSG.managerSelf }];
  if (!(await repo.findPersonById(db, managerId))) return [{ field: 'manager_id', message: MSG.managerMissing }];
  if (await closesLoop(personId, managerId, (id) => repo.managerIdOf(db, id))) return [{ field: 'manager_id', message: MSG.managerCycle }];
  return [];
}

const emailTaken = (email: string) => conflict(`A person with the email ${email} already exists.`, [{ field: 'email', message: MSG.emailTaken }]);

/** Adds a person to the directory. */
export async function createPerson(ctx: Ctx, input: NewPersonInput): Promise<PersonOut> {
  authorize(ctx.actor, 'people.write');
  const data = parseOrThrow(NewPersonInput, input, 'person');
  const today = todayIn(ctx.clock);
  const id = newId();
  return mutate(ctx, async (m) => {
    const fields = {
      name: data.name,
      email: data.email,
      title: data.title ?? null,
      department: data.department ?? null,
      manager_id: data.manager_id ?? null,
      status: data.status,
      start_date: data.start_date ?? null,
      end_date: data.end_date ?? null,
    };
    const errors = employmentErrors(fields, today);
    if (fields.manager_id) errors.push(...(await managerErrors(m.tx, id, fields.manager_id)));
    if (errors.length) throw badRequest('The person has invalid fields.', errors);
    if (await repo.findPersonByEmail(m.tx, fields.email)) throw emailTaken(fields.email);
    const row = await repo.insertPerson(m.tx, { id, ...fields, created_at: m.now, updated_at: m.now }).catch((e: unknown) => {
      throw repo.isUniqueViolation(e) ? emailTaken(fields.email) : e;
    });
    const person = presentPerson(row);
    await m.record({ action: 'person.create', entityType: 'person', entityId: id, after: person });
    return person;
  });
}

const EDITABLE = ['name', 'email', 'title', 'department', 'manager_id', 'status', 'start_date', 'end_date'] as const;

/** Changes some of a person's fields; absent fields stay as they are. */
export async function updatePerson(ctx: Ctx, id: string, patch: PersonPatch): Promise<PersonOut> {
  authorize(ctx.actor, 'people.write');
  const data = parseOrThrow(PersonPatch, patch, 'person');
  const today = todayIn(ctx.clock);
  return mutateUnlessUnchanged(ctx, async (m) => {
    const existing = isPersonId(id) ? await repo.findPersonById(m.tx, id) : undefined;
    if (!existing) throw notFound('The person');
    const next = { ...existing };
    for (const k of EDITABLE) if (data[k] !== undefined) (next as Record<string, unknown>)[k] = data[k];
    const changed = EDITABLE.filter((k) => next[k] !== existing[k]);
    if (!changed.length) return new Unchanged(presentPerson(existing));
    const errors = employmentErrors(next, today);
    if (next.manager_id && changed.includes('manager_id')) errors.push(...(await managerErrors(m.tx, id, next.manager_id)));
    if (errors.length) throw badRequest('The person has invalid fields.', errors);
    if (changed.includes('email')) {
      const other = await repo.findPersonByEmail(m.tx, next.email);
      if (other && other.id !== id) throw emailTaken(next.email);
    }
    const row = await repo
      .updatePerson(m.tx, id, {
        name: next.name,
        email: next.email,
        title: next.title,
        department: next.department,
        manager_id: next.manager_id,
        status: next.status,
        start_date: next.start_date,
        end_date: next.end_date,
        updated_at: m.now,
      })
      .catch((e: unknown) => {
        throw repo.isUniqueViolation(e) ? emailTaken(next.email) : e;
      });
    const person = presentPerson(row);
    await m.record({ action: 'person.update', entityType: 'person', entityId: id, before: presentPerson(existing), after: person });
    return person;
  });
}

/**
 * Imports the HR system's CSV export. A dry run reports joins, changes, leaves and row errors.
 * Otherwise the whole file is applied in one transaction, or nothing is when any row is wrong.
 */
export async function importPeople(ctx: Ctx, text: string, opts: { dryRun: boolean; missing: MissingMode }): Promise<ImportResult> {
  authorize(ctx.actor, 'people.import');
  const parsed = parsePeopleCsv(text);
  const today = todayIn(ctx.clock);
  if (opts.dryRun) {
    const plan = await planImport(ctx.db, parsed, { missing: opts.missing, today });
    return plan.result(true, false);
  }
  return mutateUnlessUnchanged(ctx, async (m) => {
    // Planned again inside the transaction so it compares with what is committed now.
    const plan = await planImport(m.tx, parsed, { missing: opts.missing, today });
    if (plan.errors.length) {
      throw badRequest(
        `The file has ${plan.errors.length} problem(s); nothing was imported.`,
        plan.errors.map((e) => ({ field: `rows.${e.row}.${e.field}`, message: `Row ${e.row}: ${e.message}`, row: e.row })),
      );
    }
    if (!plan.hasWrites()) return new Unchanged(plan.result(false, false));
    await applyImportPlan(m, plan);
    return plan.result(false, true);
  });
}

/** Counts for the dashboard. Needs `people.read` (the system actor has it). */
export async function peopleSummary(ctx: Ctx): Promise<PeopleSummary> {
  authorize(ctx.actor, 'people.read');
  const byStatus = await repo.countByStatus(ctx.db);
  const byDept = await repo.countByDepartment(ctx.db);
  return {
    total: byStatus.active + byStatus.leaving + byStatus.left,
    ...byStatus,
    departments: byDept.map((d) => ({ name: d.department ?? '', count: d.n })),
  };
}

/** People by email (case-insensitive), keyed by the lower-cased email; unknown emails are left out. For imports that name owners. */
export async function peopleByEmails(ctx: Ctx, emails: string[]): Promise<Map<string, PersonOut>> {
  authorize(ctx.actor, 'people.read');
  const rows = await repo.findPeopleByEmails(ctx.db, emails);
  return new Map(rows.map((r) => [r.email, presentPerson(r)]));
}

/**
 * The directory entry of the signed-in user, matched by the account's email (case-insensitive),
 * or null when the directory has no such person. Needs no `people.read`: it is the caller's own.
 */
export async function ownPerson(ctx: Ctx): Promise<PersonOut | null> {
  const userId = ctx.actor ? actorUserId(ctx.actor) : null;
  if (!userId) return null;
  const user = await findUserById(ctx.db, userId);
  const row = user ? await repo.findPersonByEmail(ctx.db, user.email) : undefined;
  return row ? presentPerson(row) : null;
}

/**
 * Names only, for showing who owns or approved a document to any signed-in reader (staff see
 * policy owners without reading the directory). Unknown ids are left out.
 */
export async function displayNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (!ctx.actor) throw unauthorized();
  return repo.namesByIds(ctx.db, [...new Set(ids)].filter(isPersonId).slice(0, 500));
}

/** The people with these ids (unknown ids left out), by name. */
export async function peopleByIds(ctx: Ctx, ids: string[]): Promise<PersonOut[]> {
  authorize(ctx.actor, 'people.read');
  const rows = await repo.findPeopleByIds(ctx.db, [...new Set(ids)].filter(isPersonId));
  return rows.map(presentPerson);
}

/** Everyone not left (active or leaving), or only those in `department`, by name. */
export async function peopleNotLeft(ctx: Ctx, department: string | null = null): Promise<PersonOut[]> {
  authorize(ctx.actor, 'people.read');
  return (await repo.peopleNotLeft(ctx.db, department)).map(presentPerson);
}
