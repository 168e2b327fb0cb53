// The register as CSV: one row per risk with its scores, bands, treatment, acceptance and review dates.
import { toCsv, type CsvColumn } from '../../core/csv.js';
import type { RiskOut } from './schema.js';

export interface CsvRisk extends RiskOut {
  /** Refs of the linked assets, e.g. `AST-001;AST-003`. */
  asset_refs: string;
}

const COLUMNS: CsvColumn<CsvRisk>[] = [
  { header: 'ref', value: (r) => r.ref },
  { header: 'title', value: (r) => r.title },
  { header: 'owner', value: (r) => r.owner_name },
  { header: 'status', value: (r) => r.shown_status },
  { header: 'threat', value: (r) => r.threat },
  { header: 'vulnerability', value: (r) => r.vulnerability },
  { header: 'likelihood', value: (r) => r.likelihood },
  { header: 'impact', value: (r) => r.impact },
  { header: 'inherent_score', value: (r) => r.inherent_score },
  { header: 'inherent_band', value: (r) => r.inherent_band },
  { header: 'treatment', value: (r) => r.treatment },
  { header: 'residual_likelihood', value: (r) => r.residual_likelihood },
  { header: 'residual_impact', value: (r) => r.residual_impact },
  { header: 'residual_score', value: (r) => r.residual_score },
  { header: 'residual_band', value: (r) => r.residual_band },
  { header: 'acceptance_expires', value: (r) => r.acceptance?.expires_on },
  { header: 'tasks_open', value: (r) => r.plan.open },
  { header: 'tasks_overdue', value: (r) => r.plan.overdue },
  { header: 'last_reviewed', value: (r) => r.last_reviewed },
  { header: 'next_review', value: (r) => r.next_review },
  { header: 'review_state', value: (r) => r.review.state },
  { header: 'assets', value: (r) => r.asset_refs },
  { header: 'description', value: (r) => r.description },
];

export const risksCsv = (rows: CsvRisk[]): string => toCsv(rows, COLUMNS);
