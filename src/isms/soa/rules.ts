// The SoA's derived facts, as pure functions: a row's implementation status and its basis, its gaps,
// the summary counts, the order of Annex A identifiers and the diff between two sets of rows.
import type { SoaStatus } from './tables.js';

/** Control statuses as the controls area records them. */
export type ControlStatus = 'not_started' | 'planned' | 'in_progress' | 'implemented' | 'not_applicable';

/** One of the organisation's controls as the SoA shows it in "implemented by". */
export interface Implementer {
  ref: string;
  title: string;
  level: string;
  status: ControlStatus;
}

/** How many linked controls are in each state: the basis a row's status is computed from. */
export interface StatusBasis {
  linked: number;
  implemented: number;
  in_progress: number;
  planned: number;
  not_started: number;
  not_applicable: number;
}

export const GAP_KINDS = ['exclusion_unjustified', 'inclusion_unjustified', 'no_implementing_control'] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export function basisOf(controls: readonly Pick<Implementer, 'status'>[]): StatusBasis {
  const b: StatusBasis = { linked: controls.length, implemented: 0, in_progress: 0, planned: 0, not_started: 0, not_applicable: 0 };
  for (const c of controls) b[c.status]++;
  return b;
}

/**
 * The implementation status of one Annex A control, from the statuses of our controls linked to it:
 * excluded → not applicable; every counting control implemented → implemented; some implemented or
 * under way → partially implemented; otherwise (none linked, none started) → not implemented.
 * A linked control that is itself marked not applicable does not count: it implements nothing.
 */
export function computeStatus(applicable: boolean, basis: StatusBasis): SoaStatus {
  if (!applicable) return 'not_applicable';
  const counting = basis.linked - basis.not_applicable;
  if (counting === 0) return 'not_implemented';
  if (basis.implemented === counting) return 'implemented';
  if (basis.implemented > 0 || basis.in_progress > 0) return 'partially_implemented';
  return 'not_implemented';
}

/** What is missing on a row: a justification either way, or (when applicable) a control that implements it. */
export function gapsOf(applicable: boolean, justification: string | null, basis: StatusBasis): GapKind[] {
  const gaps: GapKind[] = [];
  const justified = (justification ?? '').trim().length > 0;
  if (!applicable && !justified) gaps.push('exclusion_unjustified');
  if (applicable && !justified) gaps.push('inclusion_unjustified');
  if (applicable && basis.linked - basis.not_applicable === 0) gaps.push('no_implementing_control');
  return gaps;
}

/** The theme an Annex A identifier sits in: `A.8.13` → `A.8`. */
export function themeOf(ref: string): string {
  const m = /^([A-Za-z]+\.\d+)\./.exec(ref);
  return m ? m[1]! : ref;
}

/** Orders identifiers by their numbers, so A.5.10 follows A.5.9. */
export function compareRefs(a: string, b: string): number {
  const pa = a.split(/[.]/);
  const pb = b.split(/[.]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c;
  }
  return 0;
}

/** The fields rows share in the working SoA and in every version. */
export interface RowFacts {
  control_id: string;
  title: string;
  theme: string;
  applicable: boolean;
  justification: string | null;
  status: SoaStatus;
  implemented_by: Implementer[];
  gaps: GapKind[];
}

export interface SoaSummary {
  total: number;
  applicable: number;
  excluded: number;
  implemented: number;
  partially_implemented: number;
  not_implemented: number;
  /** Rows with at least one gap. */
  with_gaps: number;
  /** Gaps counted by kind. */
  gaps: Record<GapKind, number>;
}

export function summarise(rows: readonly Pick<RowFacts, 'applicable' | 'status' | 'gaps'>[]): SoaSummary {
  const s: SoaSummary = {
    total: rows.length,
    applicable: 0,
    excluded: 0,
    implemented: 0,
    partially_implemented: 0,
    not_implemented: 0,
    with_gaps: 0,
    gaps: { exclusion_unjustified: 0, inclusion_unjustified: 0, no_implementing_control: 0 },
  };
  for (const r of rows) {
    if (r.applicable) s.applicable++;
    else s.excluded++;
    if (r.status !== 'not_applicable') s[r.status]++;
    if (r.gaps.length) s.with_gaps++;
    for (const g of r.gaps) s.gaps[g]++;
  }
  return s;
}

export type DiffField = 'applicable' | 'justification' | 'status' | 'title';

export interface RowChange {
  control_id: string;
  title: string;
  fields: { field: DiffField; before: string | boolean | null; after: string | boolean | null }[];
  implemented_by: { added: { ref: string; title: string }[]; removed: { ref: string; title: string }[] };
}

export interface RowsDiff {
  added: RowFacts[];
  removed: RowFacts[];
  changed: RowChange[];
  unchanged: number;
}

/** What changed from rows `a` to rows `b`, matched by control id and reported in identifier order. */
export function diffRows(a: readonly RowFacts[], b: readonly RowFacts[]): RowsDiff {
  const before = new Map(a.map((r) => [r.control_id, r]));
  const after = new Map(b.map((r) => [r.control_id, r]));
  const byRef = (x: { control_id: string }, y: { control_id: string }) => compareRefs(x.control_id, y.control_id);
  const added = b.filter((r) => !before.has(r.control_id)).sort(byRef);
  const removed = a.filter((r) => !after.has(r.control_id)).sort(byRef);
  const changed: RowChange[] = [];
  let unchanged = 0;
  for (const r of [...b].sort(byRef)) {
    const old = before.get(r.control_id);
    if (!old) continue;
    const fields: RowChange['fields'] = [];
    for (const f of ['title', 'applicable', 'justification', 'status'] as const) {
      const x = f === 'justification' ? (old[f] ?? null) : old[f];
      const y = f === 'justification' ? (r[f] ?? null) : r[f];
      if (x !== y) fields.push({ field: f, before: x, after: y });
    }
    const oldRefs = new Set(old.implemented_by.map((c) => c.ref));
    const newRefs = new Set(r.implemented_by.map((c) => c.ref));
    const pick = (c: Implementer) => ({ ref: c.ref, title: c.title });
    const implementedBy = {
      added: r.implemented_by.filter((c) => !oldRefs.has(c.ref)).map(pick),
      removed: old.implemented_by.filter((c) => !newRefs.has(c.ref)).map(pick),
    };
    if (fields.length || implementedBy.added.length || implementedBy.removed.length) {
      changed.push({ control_id: r.control_id, title: r.title, fields, implemented_by: implementedBy });
    } else unchanged++;
  }
  return { added, removed, changed, unchanged };
}
