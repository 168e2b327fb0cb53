// The controls CSV export: one row per control, its links as keys and references.
import { toCsv, type CsvColumn } from '../../core/csv.js';
import type { ControlOut } from './schema.js';

export interface ControlCsvRow {
  control: ControlOut;
  requirement_keys: string[];
  risk_refs: string[];
  asset_refs: string[];
}

// Several values share a cell, separated by a space (keys and references hold none).
const list = (xs: string[]) => xs.join(' ');

const COLUMNS: CsvColumn<ControlCsvRow>[] = [
  { header: 'ref', value: (r) => r.control.ref },
  { header: 'title', value: (r) => r.control.title },
  { header: 'level', value: (r) => r.control.level },
  { header: 'status', value: (r) => r.control.status },
  { header: 'owner', value: (r) => r.control.owner_name },
  { header: 'review_interval_days', value: (r) => r.control.review_interval_days },
  { header: 'last_reviewed', value: (r) => r.control.last_reviewed },
  { header: 'next_review', value: (r) => r.control.next_review },
  { header: 'review_state', value: (r) => r.control.review_state },
  { header: 'effectiveness', value: (r) => r.control.effectiveness.status },
  { header: 'requirement_keys', value: (r) => list(r.requirement_keys) },
  { header: 'risk_refs', value: (r) => list(r.risk_refs) },
  { header: 'asset_refs', value: (r) => list(r.asset_refs) },
  { header: 'description', value: (r) => r.control.description },
];

export const controlsCsv = (rows: ControlCsvRow[]): string => toCsv(rows, COLUMNS);
