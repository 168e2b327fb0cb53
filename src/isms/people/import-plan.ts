// Compares an HR CSV export with the directory: who joins, who changes, who leaves, which rows are
// wrong. The plan is pure reading; applyImportPlan writes it inside the caller's mutation.
import { z } from 'zod';
import { emailSchema } from '../../auth/users-service.js';
import { newId } from '../../core/ids.js';
import type { MutationScope } from '../../core/mutation.js';
import type { DB } from '../../db/index.js';
import type { CsvColumn, ParsedCsv } from './csv.js';
import * as repo from './repo.js';
import { PERSON_STATUSES, type PersonRow, type PersonStatus } from './repo.js';
import { employmentErrors, statusFromEndDate } from './rules.js';
import { isoDate, MSG, optionalText, personName, presentPerson, type ImportResult, type ImportRowError, type MissingMode } from './schema.js';

/** The state a row asks for; `existing` is the directory's current person with that email. */
interface Target {
  row: number;
  id: string;
  existing: PersonRow | undefined;
  name: string;
  email: string;
  title: string | null;
  department: string | null;
  manager_id: string | null;
  status: PersonStatus;
  start_date: string | null;
  end_date: string | null;
}

type Diff = { field: string; before: string | null; after: string | null };
type Leave = ImportResult['leaves'][number];

const blankToNull = (s: string) => (s === '' ? null : s);
const CELL = {
  name: personName,
  email: z.string().pipe(emailSchema),
  title: optionalText,
  department: optionalText,
  manager_email: z.string().transform(blankToNull).pipe(z.string().pipe(emailSchema).nullable()),
  status: z
    .string()
    .transform((s) => blankToNull(s.toLowerCase()))
    .pipe(z.enum(PERSON_STATUSES, { message: MSG.status }).nullable()),
  start_date: z.string().transform(blankToNull).pipe(isoDate.nullable()),
  end_date: z.string().transform(blankToNull).pipe(isoDate.nullable()),
} satisfies Record<CsvColumn, z.ZodType>;
type Cells = { [K in CsvColumn]?: z.output<(typeof CELL)[K]> };

export class ImportPlan {
  joins: Target[] = [];
  changes: { target: Target; fields: Diff[] }[] = [];
  unchanged = 0;
  leaves: Leave[] = [];
  errors: ImportRowError[] = [];

  constructor(
    readonly rowCount: number,
    readonly missing: MissingMode,
    /** Email of any person id, in the directory or the file, for showing managers. */
    private readonly emailOf: (id: string | null) => string | null,
  ) {}

  hasWrites(): boolean {
    return this.joins.length > 0 || this.changes.length > 0 || this.leaves.some((l) => l.action === 'mark_left');
  }

  result(dryRun: boolean, applied: boolean): ImportResult {
    return {
      dry_run: dryRun,
      applied,
      missing: this.missing,
      summary: {
        rows: this.rowCount,
        joins: this.joins.length,
        changes: this.changes.length,
        unchanged: this.unchanged,
        leaves: this.leaves.length,
        errors: this.errors.length,
      },
      joins: this.joins.map((t) => ({
        row: t.row,
        name: t.name,
        email: t.email,
        title: t.title,
        department: t.department,
        manager_email: this.emailOf(t.manager_id),
        status: t.status,
        start_date: t.start_date,
        end_date: t.end_date,
      })),
      changes: this.changes.map(({ target: t, fields }) => ({ row: t.row, id: t.id, name: t.name, email: t.email, fields })),
      leaves: this.leaves,
      errors: [...this.errors].sort((a, b) => a.row - b.row),
    };
  }
}

/** Reads every row, resolves managers by email and checks every rule; never writes. */
export async function planImport(db: DB, csv: ParsedCsv, opts: { missing: MissingMode; today: string }): Promise<ImportPlan> {
  const directory = await repo.allPeople(db);
  const byEmail = new Map(directory.map((p) => [p.email, p]));
  const byId = new Map(directory.map((p) => [p.id, p]));
  const fileIds = new Map<string, string>(); // email → id, for every row whose email could be read
  const idToFileEmail = new Map<string, string>();
  const errors: ImportRowError[] = [];

  // 1. Cells one by one; a row with any problem takes no further part.
  const good: { row: number; cells: Cells }[] = [];
  for (const r of csv.rows) {
    const rowErrors = [...r.errors];
    const cells: Cells = {};
    for (const col of csv.columns) {
      if (rowErrors.some((e) => e.field === col)) continue;
      const parsed = CELL[col].safeParse(r.cells[col] ?? '');
      if (parsed.success) (cells as Record<string, unknown>)[col] = parsed.data;
      else rowErrors.push({ row: r.row, field: col, message: parsed.error.issues[0]?.message ?? 'Invalid value.' });
    }
    if (cells.email) {
      if (fileIds.has(cells.email)) rowErrors.push({ row: r.row, field: 'email', message: MSG.duplicateEmail });
      else {
        const id = byEmail.get(cells.email)?.id ?? newId();
        fileIds.set(cells.email, id);
        idToFileEmail.set(id, cells.email);
      }
    }
    if (rowErrors.length) errors.push(...rowErrors);
    else good.push({ row: r.row, cells });
  }

  // 2. The state each good row asks for. Columns the file lacks keep their current values.
  const targets: Target[] = [];
  for (const { row, cells } of good) {
    const email = cells.email!;
    const existing = byEmail.get(email);
    const pick = <K extends 'title' | 'department' | 'start_date' | 'end_date'>(k: K): string | null =>
      cells[k] !== undefined ? cells[k] : (existing?.[k] ?? null);
    let managerId = existing?.manager_id ?? null;
    const rowErrors: ImportRowError[] = [];
    if (cells.manager_email !== undefined) {
      const me = cells.manager_email;
      managerId = me === null ? null : (fileIds.get(me) ?? byEmail.get(me)?.id ?? null);
      if (me === email) rowErrors.push({ row, field: 'manager_email', message: MSG.managerSelf });
      else if (me !== null && managerId === null) rowErrors.push({ row, field: 'manager_email', message: MSG.managerEmailMissing });
    }
    const end = pick('end_date');
    const t: Target = {
      row,
      id: fileIds.get(email)!,
      existing,
      name: cells.name ?? existing?.name ?? '',
      email,
      title: pick('title'),
      department: pick('department'),
      manager_id: managerId,
      // A blank or absent status follows the end date: HR exports often carry only dates.
      status: cells.status ?? statusFromEndDate(end, opts.today),
      start_date: pick('start_date'),
      end_date: end,
    };
    for (const e of employmentErrors(t, opts.today)) rowErrors.push({ row, field: e.field, message: e.message });
    if (rowErrors.length) errors.push(...rowErrors);
    else targets.push(t);
  }

  // 3. Management chains over the directory as it would be after the import. Everyone has at most
  // one manager, so one walk per chain finds every loop in linear time, even in a 10,000-row file.
  const managerOf = new Map<string, string | null>(directory.map((p) => [p.id, p.manager_id]));
  for (const t of targets) managerOf.set(t.id, t.manager_id);
  const inLoop = peopleInLoops(managerOf);
  const looped = new Set<Target>();
  for (const t of targets) {
    if (t.manager_id && t.manager_id !== t.existing?.manager_id && inLoop.has(t.id)) {
      errors.push({ row: t.row, field: 'manager_email', message: MSG.managerCycle });
      looped.add(t);
    }
  }

  const emailOf = (id: string | null) => (id ? (idToFileEmail.get(id) ?? byId.get(id)?.email ?? null) : null);
  const plan = new ImportPlan(csv.rows.length, opts.missing, emailOf);
  plan.errors = errors;

  // 4. The diff.
  for (const t of targets) {
    if (looped.has(t)) continue;
    if (!t.existing) {
      plan.joins.push(t);
      continue;
    }
    const ex = t.existing;
    const fields: Diff[] = [];
    const cmp = (field: string, before: string | null, after: string | null) => {
      if (before !== after) fields.push({ field, before, after });
    };
    cmp('name', ex.name, t.name);
    cmp('title', ex.title, t.title);
    cmp('department', ex.department, t.department);
    if (ex.manager_id !== t.manager_id) fields.push({ field: 'manager_email', before: emailOf(ex.manager_id), after: emailOf(t.manager_id) });
    cmp('status', ex.status, t.status);
    cmp('start_date', ex.start_date, t.start_date);
    cmp('end_date', ex.end_date, t.end_date);
    if (fields.length) plan.changes.push({ target: t, fields });
    else plan.unchanged++;
  }

  // 5. People still active or leaving whom the file no longer lists. Someone who has not started
  // yet is only reported: the HR system may simply not export future joiners.
  for (const p of directory) {
    if (p.status === 'left' || fileIds.has(p.email)) continue;
    const end = p.end_date && p.end_date <= opts.today ? p.end_date : opts.today;
    const markable = !p.start_date || p.start_date <= end;
    const mark = opts.missing === 'mark_left' && markable;
    plan.leaves.push({ id: p.id, name: p.name, email: p.email, status: p.status, end_date: markable ? end : null, action: mark ? 'mark_left' : 'report' });
  }
  return plan;
}

/** Writes a plan without errors: joiners (managers first), changes, then leavers; one event each. */
export async function applyImportPlan(m: MutationScope, plan: ImportPlan): Promise<void> {
  type Row = Omit<PersonRow, 'search_key'>;
  const audit = (id: string, before: Row | undefined, after: Row) =>
    m.record({ action: 'person.import', entityType: 'person', entityId: id, before: before ? presentPerson(before) : null, after: presentPerson(after) });

  // A joiner's manager may be another joiner: insert in an order where managers come first.
  // The plan has no loops, so walking up from each joiner to the first one placed always ends.
  const joinerById = new Map(plan.joins.map((t) => [t.id, t]));
  const placed = new Set<string>();
  const order: Target[] = [];
  for (const start of plan.joins) {
    const chain: Target[] = [];
    for (let t: Target | undefined = start; t && !placed.has(t.id); t = t.manager_id ? joinerById.get(t.manager_id) : undefined) {
      placed.add(t.id);
      chain.push(t);
    }
    order.push(...chain.reverse());
  }
  const joined = order.map((t) => ({ ...fieldsOf(t), id: t.id, created_at: m.now, updated_at: m.now }));
  await repo.insertPeople(m.tx, joined);
  for (const row of joined) await audit(row.id, undefined, row);

  for (const { target: t } of plan.changes) {
    const after: PersonRow = { ...t.existing!, ...fieldsOf(t), updated_at: m.now };
    await repo.writePerson(m.tx, t.id, { ...fieldsOf(t), updated_at: m.now });
    await audit(t.id, t.existing, after);
  }
  for (const l of plan.leaves) {
    if (l.action !== 'mark_left') continue;
    const before = await repo.findPersonById(m.tx, l.id);
    if (!before) continue;
    const after: PersonRow = { ...before, status: 'left', end_date: l.end_date, updated_at: m.now };
    await repo.writePerson(m.tx, l.id, { name: before.name, email: before.email, status: 'left', end_date: l.end_date, updated_at: m.now });
    await audit(l.id, before, after);
  }
}

/** Everyone who sits on a loop of the manager relation (each person has at most one manager). */
function peopleInLoops(managerOf: Map<string, string | null>): Set<string> {
  const finished = new Set<string>();
  const inLoop = new Set<string>();
  for (const start of managerOf.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: string | null | undefined = start;
    while (cur && managerOf.has(cur) && !finished.has(cur) && !onPath.has(cur)) {
      onPath.add(cur);
      path.push(cur);
      cur = managerOf.get(cur);
    }
    if (cur && onPath.has(cur)) for (const id of path.slice(path.indexOf(cur))) inLoop.add(id);
    for (const id of path) finished.add(id);
  }
  return inLoop;
}

const fieldsOf = (t: Target) => ({
  name: t.name,
  email: t.email,
  title: t.title,
  department: t.department,
  manager_id: t.manager_id,
  status: t.status,
  start_date: t.start_date,
  end_date: t.end_date,
});
