// The SoA as CSV: one line per Annex A control with machine-readable values (for scripts and
// spreadsheets), quoted and guarded against formula injection by the shared CSV writer.
import { toCsv } from '../../../core/csv.js';
import { basisPairs } from '../labels.js';
import type { SoaRowOut, VersionOut } from '../schema.js';
import type { SoaDocument } from '../service.js';

export function soaCsv(doc: SoaDocument): string {
  return toCsv<SoaRowOut>(doc.rows, [
    { header: 'control_id', value: (r) => r.control_id },
    { header: 'theme', value: (r) => r.theme },
    { header: 'title', value: (r) => r.title },
    { header: 'applicable', value: (r) => (r.applicable ? 'yes' : 'no') },
    { header: 'justification', value: (r) => r.justification },
    { header: 'status', value: (r) => r.status },
    { header: 'status_basis', value: (r) => basisPairs(r.status_basis) },
    { header: 'implemented_by', value: (r) => r.implemented_by.map((c) => `${c.ref} ${c.title}`).join('; ') },
    { header: 'gaps', value: (r) => r.gaps.join(' ') },
  ]);
}

/** The list of versions as CSV: number, status, preparation and approval. */
export function versionsCsv(items: VersionOut[]): string {
  return toCsv<VersionOut>(items, [
    { header: 'number', value: (v) => v.number },
    { header: 'status', value: (v) => v.status },
    { header: 'prepared_at', value: (v) => v.prepared_at },
    { header: 'prepared_by', value: (v) => v.prepared_by },
    { header: 'note', value: (v) => v.note },
    { header: 'rows', value: (v) => v.row_count },
    { header: 'rows_with_gaps', value: (v) => v.gap_count },
    { header: 'approved_on', value: (v) => v.approval?.approved_on ?? null },
    { header: 'approved_by', value: (v) => v.approval?.name ?? null },
    { header: 'approver_title', value: (v) => v.approval?.title ?? null },
    { header: 'gaps_acknowledged', value: (v) => (v.approval ? (v.approval.gaps_acknowledged ? 'yes' : 'no') : null) },
    { header: 'content_hash', value: (v) => v.content_hash },
    { header: 'superseded_by', value: (v) => v.superseded_by },
  ]);
}
