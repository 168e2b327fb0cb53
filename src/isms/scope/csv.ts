// CSV exports of the three lists: context issues, interested parties (a line per requirement), objectives.
import { toCsv } from '../../core/csv.js';
import type { ContextIssueOut } from './context-schema.js';
import type { ObjectiveOut } from './objectives-schema.js';
import type { PartyOut } from './parties-schema.js';

export function contextCsv(rows: ContextIssueOut[]): string {
  return toCsv(rows, [
    { header: 'ref', value: (r) => r.ref },
    { header: 'kind', value: (r) => r.kind },
    { header: 'category', value: (r) => r.category },
    { header: 'title', value: (r) => r.title },
    { header: 'description', value: (r) => r.description },
    { header: 'effect', value: (r) => r.effect },
    { header: 'risks', value: (r) => r.risks.map((k) => k.ref).join('; ') },
    { header: 'updated_at', value: (r) => r.updated_at },
  ]);
}

/** One line per requirement, so a spreadsheet can filter by what the ISMS addresses; a party without requirements gets one line. */
export function partiesCsv(rows: PartyOut[]): string {
  type Line = { p: PartyOut; r: PartyOut['requirements'][number] | null };
  const lines = rows.flatMap((p): Line[] => (p.requirements.length ? p.requirements.map((r) => ({ p, r })) : [{ p, r: null }]));
  return toCsv(lines, [
    { header: 'ref', value: (l) => l.p.ref },
    { header: 'party', value: (l) => l.p.name },
    { header: 'category', value: (l) => l.p.category },
    { header: 'description', value: (l) => l.p.description },
    { header: 'requirement', value: (l) => l.r?.requirement },
    { header: 'how_addressed', value: (l) => l.r?.how_addressed },
    { header: 'through_isms', value: (l) => (l.r ? (l.r.through_isms ? 'yes' : 'no') : null) },
  ]);
}

export function objectivesCsv(rows: ObjectiveOut[]): string {
  return toCsv(rows, [
    { header: 'ref', value: (r) => r.ref },
    { header: 'title', value: (r) => r.title },
    { header: 'metric', value: (r) => r.metric },
    { header: 'unit', value: (r) => r.unit },
    { header: 'direction', value: (r) => r.direction },
    { header: 'target', value: (r) => r.target },
    { header: 'current_value', value: (r) => r.current_value },
    { header: 'measured_on', value: (r) => r.measured_on },
    { header: 'due_date', value: (r) => r.due_date },
    { header: 'owner', value: (r) => r.owner_name },
    { header: 'status', value: (r) => r.status },
    { header: 'status_basis', value: (r) => r.status_basis.text },
  ]);
}
