// Compares an inventory CSV with the asset register: which assets are new, which change (field by
// field), which rows are wrong and why. The plan only reads; applyImportPlan writes it inside the
// caller's mutation, so the whole file lands in one transaction or not at all.
import type { Ctx } from '../../core/context.js';
import { newId } from '../../core/ids.js';
import type { MutationScope } from '../../core/mutation.js';
import { peopleByEmails } from '../people/service.js';
import type { AssetRow } from '../tables.js';
import type { CsvColumn, ParsedCsv } from './csv.js';
import { readCells, REQUIRED, type Cells } from './import-cells.js';
import * as repo from './repo.js';
import { cycleText, cyclicComponents, environmentErrors, nextRefs, shortestPath } from './rules.js';
import { auditShape, fmt, MSG, type ImportResult, type ImportRowError } from './schema.js';

type State = Omit<AssetRow, 'search_key' | 'created_at' | 'updated_at'>;
type Existing = AssetRow & { owner_email: string | null };

/** The state a good row asks for; `existing` is the register's asset it matched, if any. */
interface Target {
  row: number;
  state: State;
  refAssigned: boolean;
  existing: Existing | undefined;
  /** Ids it depends on after the import; undefined when the file has no depends_on column. */
  dependsOn: string[] | undefined;
}

/** Rows of one loop that get a cycle path of their own; the rest share the first row's. */
const PATHS_PER_LOOP = 20;

type Diff = { field: string; before: string | null; after: string | null };

export class ImportPlan {
  created: Target[] = [];
  changes: { target: Target; fields: Diff[] }[] = [];
  unchanged = 0;
  errors: ImportRowError[] = [];

  constructor(
    readonly rowCount: number,
    /** Current dependencies by asset id, and references and owner emails by id, for the diff and the audit. */
    readonly before: Map<string, string[]>,
    private readonly refOf: (id: string) => string,
    private readonly emailOf: (id: string | null) => string | null,
  ) {}

  hasWrites(): boolean {
    return this.created.length > 0 || this.changes.length > 0;
  }

  depRefs = (ids: string[]): string[] => ids.map(this.refOf).sort();

  result(dryRun: boolean, applied: boolean): ImportResult {
    return {
      dry_run: dryRun,
      applied,
      summary: { rows: this.rowCount, new: this.created.length, changes: this.changes.length, unchanged: this.unchanged, errors: this.errors.length },
      new: this.created.map(({ row, state: s, refAssigned, dependsOn }) => ({
        row,
        ref: s.ref,
        ref_assigned: refAssigned,
        name: s.name,
        kind: s.kind,
        classification: s.classification,
        confidentiality: s.confidentiality,
        integrity: s.integrity,
        availability: s.availability,
        environment: s.environment,
        owner_email: this.emailOf(s.owner_id),
        status: s.status,
        depends_on: this.depRefs(dependsOn ?? []),
      })),
      changes: this.changes.map(({ target: t, fields }) => ({ row: t.row, id: t.state.id, ref: t.state.ref, name: t.state.name, fields })),
      errors: [...this.errors].sort((a, b) => a.row - b.row),
    };
  }
}

/** Reads every row, resolves owners and dependencies, and checks every rule; never writes. */
export async function planImport(ctx: Ctx, csv: ParsedCsv): Promise<ImportPlan> {
  const assets = await repo.allAssetsWithOwnerEmail(ctx.db);
  const byRef = new Map(assets.map((a) => [a.ref, a]));
  const byName = new Map(assets.map((a) => [a.name, a]));
  const refById = new Map(assets.map((a) => [a.id, a.ref]));
  const graph = new Map<string, string[]>();
  for (const e of await repo.allDependencies(ctx.db)) graph.set(e.asset_id, [...(graph.get(e.asset_id) ?? []), e.depends_on_id]);
  const before = new Map(graph);
  const errors: ImportRowError[] = [];

  // 1. Cells, and which asset each row is: by reference, else by name, else a new one.
  const seen = new Map<string, number>(); // asset key → first row
  const fileRefs = new Map<string, string>(); // references the file defines → id
  const read: { row: number; cells: Cells; existing: Existing | undefined; id: string; errors: ImportRowError[] }[] = [];
  for (const r of csv.rows) {
    const { cells, errors: rowErrors } = readCells(r, csv.columns);
    const existing = cells.ref ? byRef.get(cells.ref) : cells.name ? byName.get(cells.name) : undefined;
    const key = existing ? existing.id : cells.ref ? `ref:${cells.ref}` : cells.name ? `name:${cells.name}` : null;
    const id = existing?.id ?? newId();
    if (key && seen.has(key)) {
      const first = seen.get(key)!;
      rowErrors.push(cells.ref ? { row: r.row, field: 'ref', message: fmt(MSG.duplicateRef, { ref: cells.ref, row: first }) } : { row: r.row, field: 'name', message: fmt(MSG.duplicateName, { row: first }) });
    } else if (key) {
      seen.set(key, r.row);
      if (cells.ref) {
        fileRefs.set(cells.ref, id);
        refById.set(id, cells.ref);
      }
    }
    if (!key && !rowErrors.some((e) => e.field === 'ref' || e.field === 'name')) rowErrors.push({ row: r.row, field: csv.columns.has('name') ? 'name' : 'ref', message: MSG.requiredForNew });
    // A row with a bad cell still has its other cells checked below, so one pass finds every problem.
    if (key && !rowErrors.some((e) => e.field === 'csv')) read.push({ row: r.row, cells, existing, id, errors: rowErrors });
    else errors.push(...rowErrors);
  }

  // 2. Owners by email, in one look-up for the whole file.
  const emails = [...new Set(read.map((r) => r.cells.owner_email).filter((e): e is string => !!e))];
  const people = emails.length ? await peopleByEmails(ctx, emails) : new Map<string, { id: string; email: string; status: string }>();
  const emailById = new Map<string, string>([...people.values()].map((p) => [p.id, p.email]));
  for (const a of assets) if (a.owner_id && a.owner_email) emailById.set(a.owner_id, a.owner_email);

  // 3. The state each row asks for. Columns the file lacks keep their current values.
  const targets: Target[] = [];
  const namesInFile = new Map<string, number>();
  for (const { row, cells, existing, id, errors: cellErrors } of read) {
    const rowErrors: ImportRowError[] = [...cellErrors];
    const fail = (field: string, message: string) => rowErrors.push({ row, field, message });
    const bad = new Set(cellErrors.map((e) => e.field));
    for (const col of REQUIRED) {
      if (bad.has(col)) continue;
      if (cells[col] === null) fail(col, existing ? MSG.blank : MSG.requiredForNew);
      else if (cells[col] === undefined && !existing) fail(col, MSG.requiredForNew);
    }
    let ownerId = existing?.owner_id ?? null;
    if (cells.owner_email !== undefined) {
      const person = cells.owner_email ? people.get(cells.owner_email) : undefined;
      if (cells.owner_email && !person) fail('owner_email', MSG.ownerEmailMissing);
      else {
        ownerId = person?.id ?? null;
        if (person && person.status === 'left' && person.id !== existing?.owner_id) fail('owner_email', MSG.ownerLeft);
      }
    }
    let dependsOn: string[] | undefined;
    if (cells.depends_on !== undefined) {
      dependsOn = [];
      for (const ref of cells.depends_on) {
        const target = fileRefs.get(ref) ?? byRef.get(ref)?.id;
        if (!target) fail('depends_on', fmt(MSG.dependencyUnknown, { ref }));
        else if (target === id) fail('depends_on', MSG.dependencySelf);
        else dependsOn.push(target);
      }
    }
    // The rules below need the whole asset; a row already wrong cannot be judged against them.
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const pick = <K extends 'kind' | 'classification' | 'confidentiality' | 'integrity' | 'availability'>(k: K) => (cells[k] ?? existing![k]) as AssetRow[K];
    const state: State = {
      id,
      ref: cells.ref ?? existing?.ref ?? '',
      name: cells.name ?? existing!.name,
      kind: pick('kind'),
      description: cells.description !== undefined ? cells.description : (existing?.description ?? null),
      owner_id: ownerId,
      classification: pick('classification'),
      confidentiality: pick('confidentiality'),
      integrity: pick('integrity'),
      availability: pick('availability'),
      environment: cells.environment !== undefined ? cells.environment : (existing?.environment ?? null),
      status: cells.status ?? existing?.status ?? 'active',
    };
    // An existing asset keeps an old inconsistency until the file touches its kind or environment.
    if (!existing || state.kind !== existing.kind || state.environment !== existing.environment) {
      for (const e of environmentErrors(state)) fail(e.field, e.message);
    }
    const holder = byName.get(state.name);
    if (holder && holder.id !== id) fail('name', fmt(MSG.nameTakenBy, { ref: holder.ref }));
    else if (namesInFile.has(state.name)) fail('name', fmt(MSG.duplicateName, { row: namesInFile.get(state.name)! }));
    else namesInFile.set(state.name, row);
    if (rowErrors.length) errors.push(...rowErrors);
    else targets.push({ row, state, refAssigned: false, existing, dependsOn });
  }

  // 4. References for new assets without one, after every reference the register and the file hold.
  const unnamed = targets.filter((t) => !t.state.ref);
  const refs = nextRefs([...byRef.keys(), ...fileRefs.keys()], unnamed.length);
  unnamed.forEach((t, i) => {
    t.state.ref = refs[i]!;
    t.refAssigned = true;
  });
  for (const t of targets) refById.set(t.state.id, t.state.ref);

  // 5. Cycles in the graph as it would be after the import; each row whose new edge lies on one is named.
  const fileEdges = new Map<string, Target>();
  for (const t of targets) {
    if (t.dependsOn === undefined) continue;
    graph.set(t.state.id, t.dependsOn);
    fileEdges.set(t.state.id, t);
  }
  const looped = new Set<Target>();
  for (const comp of cyclicComponents(graph)) {
    // Every file row in the loop is named, but only the first few get a path of their own: each
    // path is a walk of the component, and one long loop should not cost a walk per row.
    const rows = [...comp].map((id) => fileEdges.get(id)).filter((t): t is Target => !!t).sort((a, b) => a.row - b.row);
    let shared: string | null = null;
    rows.forEach((t, i) => {
      const id = t.state.id;
      let text = shared;
      if (i < PATHS_PER_LOOP || !text) {
        const next = t.dependsOn!.find((d) => comp.has(d));
        const back = next ? shortestPath(graph, next, id, comp) : null;
        if (back) text = cycleText([id, ...back].map((x) => refById.get(x) ?? x));
        shared ??= text;
      }
      if (!text) return;
      errors.push({ row: t.row, field: 'depends_on', message: fmt(MSG.dependencyCycle, { path: text }) });
      looped.add(t);
    });
  }

  const emailOf = (id: string | null) => (id ? (emailById.get(id) ?? null) : null);
  const plan = new ImportPlan(csv.rows.length, before, (id) => refById.get(id) ?? id, emailOf);
  plan.errors = errors.sort((a, b) => a.row - b.row);

  // 6. The diff.
  for (const t of targets) {
    if (looped.has(t)) continue;
    if (!t.existing) {
      plan.created.push(t);
      continue;
    }
    const ex = t.existing;
    const s = t.state;
    const fields: Diff[] = [];
    const cmp = (field: CsvColumn, b: string | number | null, a: string | number | null) => {
      if (b !== a) fields.push({ field, before: b === null ? null : String(b), after: a === null ? null : String(a) });
    };
    cmp('ref', ex.ref, s.ref);
    cmp('name', ex.name, s.name);
    cmp('kind', ex.kind, s.kind);
    cmp('description', ex.description, s.description);
    if (ex.owner_id !== s.owner_id) fields.push({ field: 'owner_email', before: emailOf(ex.owner_id), after: emailOf(s.owner_id) });
    cmp('classification', ex.classification, s.classification);
    cmp('confidentiality', ex.confidentiality, s.confidentiality);
    cmp('integrity', ex.integrity, s.integrity);
    cmp('availability', ex.availability, s.availability);
    cmp('environment', ex.environment, s.environment);
    cmp('status', ex.status, s.status);
    if (t.dependsOn !== undefined) {
      const b = plan.depRefs(before.get(ex.id) ?? []).join('; ');
      const a = plan.depRefs(t.dependsOn).join('; ');
      if (b !== a) fields.push({ field: 'depends_on', before: b || null, after: a || null });
    }
    if (fields.length) plan.changes.push({ target: t, fields });
    else plan.unchanged++;
  }
  return plan;
}

/** Writes a plan without errors: new assets, changed fields, then replaced dependencies; one event each. */
export async function applyImportPlan(m: MutationScope, plan: ImportPlan): Promise<void> {
  await repo.lockInventory(m.tx);
  const now = m.now;
  await repo.insertAssets(
    m.tx,
    plan.created.map((t) => ({ ...t.state, created_at: now, updated_at: now })),
  );
  for (const { target: t } of plan.changes) await repo.updateAsset(m.tx, t.state.id, { ...t.state, updated_at: now });
  const rewired = [...plan.created, ...plan.changes.map((c) => c.target)].filter((t) => t.dependsOn !== undefined);
  await repo.deleteDependenciesOf(
    m.tx,
    rewired.filter((t) => t.existing).map((t) => t.state.id),
  );
  await repo.insertDependencies(
    m.tx,
    rewired.flatMap((t) => t.dependsOn!.map((d) => ({ asset_id: t.state.id, depends_on_id: d }))),
  );
  for (const t of plan.created) {
    const after = auditShape({ ...t.state, created_at: now, updated_at: now }, plan.depRefs(t.dependsOn ?? []));
    await m.record({ action: 'asset.import', entityType: 'asset', entityId: t.state.id, before: null, after });
  }
  for (const { target: t } of plan.changes) {
    const ex = t.existing!;
    const beforeDeps = plan.depRefs(plan.before.get(ex.id) ?? []);
    const after = auditShape({ ...t.state, created_at: ex.created_at, updated_at: now }, t.dependsOn ? plan.depRefs(t.dependsOn) : beforeDeps);
    await m.record({ action: 'asset.import', entityType: 'asset', entityId: ex.id, before: auditShape(ex, beforeDeps), after });
  }
}
