// Risks: the area's own tables, beyond the shared ISMS core in ../tables.ts (migration 2026-11-28-0030-risks).
import type { Selectable } from 'kysely';

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface RiskMatrixTable {
  /** Always `current`: one matrix per installation. */
  id: string;
  version: number;
  /** The MatrixConfig as JSON (see matrix.ts). */
  config: string;
  updated_at: string;
  updated_by: string | null;
}

export interface RiskTasksTable {
  id: string;
  risk_id: string;
  title: string;
  owner_id: string | null;
  due_date: string;
  status: TaskStatus;
  completed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface RiskReviewsTable {
  id: string;
  risk_id: string;
  reviewed_on: string;
  reviewer_id: string | null;
  reviewer_label: string;
  likelihood: number;
  impact: number;
  inherent_score: number;
  residual_likelihood: number | null;
  residual_impact: number | null;
  residual_score: number | null;
  status: string;
  note: string;
  next_review: string;
  created_at: string;
}

export interface RiskAcceptancesTable {
  id: string;
  risk_id: string;
  owner_id: string | null;
  owner_name: string;
  accepted_by: string | null;
  accepted_by_label: string;
  as_owner: number;
  note: string | null;
  residual_likelihood: number;
  residual_impact: number;
  residual_score: number;
  band: string;
  matrix_version: number;
  decided_on: string;
  accepted_at: string;
  expires_on: string;
  ended_at: string | null;
  ended_reason: string | null;
}

export interface RiskTrendTable {
  day: string;
  scores: string;
  open: number;
  treating: number;
  accepted: number;
  expired: number;
  closed: number;
  updated_at: string;
}

export interface RisksTables {
  risk_matrix: RiskMatrixTable;
  risk_tasks: RiskTasksTable;
  risk_reviews: RiskReviewsTable;
  risk_acceptances: RiskAcceptancesTable;
  risk_trend: RiskTrendTable;
}

export type RiskTaskRow = Selectable<RiskTasksTable>;
export type RiskReviewRow = Selectable<RiskReviewsTable>;
export type RiskAcceptanceRow = Selectable<RiskAcceptancesTable>;
export type RiskTrendRow = Selectable<RiskTrendTable>;
