// Presenters: stored rows in, the API's shapes out, with the derived states computed for `today`.
import type { RiskRow } from '../tables.js';
import { bandOf, type MatrixConfig, type RiskMatrix } from './matrix.js';
import { acceptanceState, reviewState, shownStatus, taskDueState } from './rules.js';
import type { AcceptanceOut, ReviewOut, RiskOut, TaskOut } from './schema.js';
import type { RiskAcceptanceRow, RiskMatrixTable, RiskReviewRow, RiskTaskRow } from './tables.js';

export interface PlanCounts {
  tasks: number;
  open: number;
  due_soon: number;
  overdue: number;
}
const NO_PLAN: PlanCounts = { tasks: 0, open: 0, due_soon: 0, overdue: 0 };

export interface PresentCtx {
  matrix: MatrixConfig;
  today: string;
  names: Map<string, string>;
  assets: Map<string, string[]>;
  plans: Map<string, PlanCounts>;
}

export function parseMatrix(row: RiskMatrixTable): RiskMatrix {
  const config = JSON.parse(row.config) as MatrixConfig;
  return { ...config, version: Number(row.version), updated_at: row.updated_at, updated_by: row.updated_by };
}

const bandKey = (m: MatrixConfig, score: number | null) => (score === null ? null : bandOf(m, score).key);

export function presentRisk(r: RiskRow, p: PresentCtx): RiskOut {
  const inherent = Number(r.inherent_score);
  const residual = r.residual_score === null ? null : Number(r.residual_score);
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    description: r.description,
    owner_id: r.owner_id,
    owner_name: r.owner_id ? (p.names.get(r.owner_id) ?? null) : null,
    threat: r.threat,
    vulnerability: r.vulnerability,
    likelihood: Number(r.likelihood),
    impact: Number(r.impact),
    inherent_score: inherent,
    inherent_band: bandKey(p.matrix, inherent),
    treatment: r.treatment,
    treatment_notes: r.treatment_notes,
    residual_likelihood: r.residual_likelihood === null ? null : Number(r.residual_likelihood),
    residual_impact: r.residual_impact === null ? null : Number(r.residual_impact),
    residual_score: residual,
    residual_band: bandKey(p.matrix, residual),
    status: r.status,
    shown_status: shownStatus(r.status, r.acceptance_expires, p.today),
    asset_ids: p.assets.get(r.id) ?? [],
    acceptance:
      r.status === 'accepted' && r.acceptance_expires && r.accepted_at
        ? { accepted_at: r.accepted_at, accepted_by: r.accepted_by, expires_on: r.acceptance_expires, state: acceptanceState(r.acceptance_expires, p.today) }
        : null,
    plan: p.plans.get(r.id) ?? NO_PLAN,
    last_reviewed: r.last_reviewed,
    next_review: r.next_review,
    review: reviewState(r, p.today),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** The facts of a risk as the audit trail stores them (before and after): nothing derived from today. */
export function riskRecord(r: RiskRow, assetIds: string[]) {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    description: r.description,
    owner_id: r.owner_id,
    threat: r.threat,
    vulnerability: r.vulnerability,
    likelihood: Number(r.likelihood),
    impact: Number(r.impact),
    inherent_score: Number(r.inherent_score),
    treatment: r.treatment,
    treatment_notes: r.treatment_notes,
    residual_likelihood: r.residual_likelihood === null ? null : Number(r.residual_likelihood),
    residual_impact: r.residual_impact === null ? null : Number(r.residual_impact),
    residual_score: r.residual_score === null ? null : Number(r.residual_score),
    status: r.status,
    asset_ids: [...assetIds].sort(),
    accepted_by: r.accepted_by,
    accepted_at: r.accepted_at,
    acceptance_expires: r.acceptance_expires,
    next_review: r.next_review,
    last_reviewed: r.last_reviewed,
  };
}

export const presentTask = (t: RiskTaskRow, names: Map<string, string>, today: string): TaskOut => ({
  id: t.id,
  risk_id: t.risk_id,
  title: t.title,
  owner_id: t.owner_id,
  owner_name: t.owner_id ? (names.get(t.owner_id) ?? null) : null,
  due_date: t.due_date,
  status: t.status,
  completed_on: t.completed_on,
  due_state: taskDueState(t, today),
  created_at: t.created_at,
  updated_at: t.updated_at,
});

export const presentReview = (r: RiskReviewRow): ReviewOut => ({
  id: r.id,
  reviewed_on: r.reviewed_on,
  reviewer: r.reviewer_label,
  likelihood: Number(r.likelihood),
  impact: Number(r.impact),
  inherent_score: Number(r.inherent_score),
  residual_likelihood: r.residual_likelihood === null ? null : Number(r.residual_likelihood),
  residual_impact: r.residual_impact === null ? null : Number(r.residual_impact),
  residual_score: r.residual_score === null ? null : Number(r.residual_score),
  status: r.status,
  note: r.note,
  next_review: r.next_review,
  created_at: r.created_at,
});

export const presentAcceptance = (a: RiskAcceptanceRow, today: string): AcceptanceOut => ({
  id: a.id,
  owner_id: a.owner_id,
  owner_name: a.owner_name,
  accepted_by: a.accepted_by_label,
  as_owner: Number(a.as_owner) === 1,
  note: a.note,
  residual_likelihood: Number(a.residual_likelihood),
  residual_impact: Number(a.residual_impact),
  residual_score: Number(a.residual_score),
  band: a.band,
  matrix_version: Number(a.matrix_version),
  decided_on: a.decided_on,
  accepted_at: a.accepted_at,
  expires_on: a.expires_on,
  ended_at: a.ended_at,
  ended_reason: a.ended_reason,
  state: a.ended_at ? 'ended' : acceptanceState(a.expires_on, today),
});
