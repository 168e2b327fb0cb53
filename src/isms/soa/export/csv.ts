// The SoA as CSV: one line per Annex A control with machine-readable values (for scripts and
// spreadsheets), quoted and guarded against formula injection by the shared CSV writer.
import { toCsv } from '../../../core/csv.js';
import { basisPairs } from '../labels.js';
import type { SoaRowOut } from '../schema.js';
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
