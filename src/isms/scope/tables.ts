// Scope, context and objectives: the area's tables (migration 2026-11-28-0070-scope) and their value sets.
import type { Selectable } from 'kysely';

export const ISSUE_KINDS = ['internal', 'external'] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];
export const ISSUE_CATEGORIES = ['regulatory', 'contractual', 'technological', 'threat', 'organisational', 'market', 'economic', 'social', 'environmental'] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export const PARTY_CATEGORIES = ['regulator', 'customer', 'card_scheme', 'supplier', 'partner', 'staff', 'owner', 'data_subject', 'auditor', 'public'] as const;
export type PartyCategory = (typeof PARTY_CATEGORIES)[number];

/** Higher is better (training completion) or lower is better (phishing click rate). */
export const DIRECTIONS = ['higher', 'lower'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** What crosses the scope's boundary: an interface with an outside party, or a dependency on one. */
export const INTERFACE_KINDS = ['interface', 'dependency'] as const;
export type InterfaceKind = (typeof INTERFACE_KINDS)[number];

/** Counters for human references (CTX-001, IP-001, OBJ-001), never reused after a delete. */
export interface ScopeRefCountersTable {
  name: 'CTX' | 'IP' | 'OBJ';
  last: number;
}

export interface ScopeStatementTable {
  /** Always `isms-scope`: there is one statement. */
  id: string;
  statement: string;
  /** JSON arrays of strings. */
  org_units: string;
  locations: string;
  services: string;
  systems: string;
  /** JSON array of `{ item, justification }`. */
  exclusions: string;
  /** JSON array of `{ party, kind, description }`. */
  interfaces: string;
  last_reviewed: string | null;
  next_review: string | null;
  /** 1 on the first save, one more on each save after. */
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ContextIssuesTable {
  id: string;
  ref: string;
  title: string;
  kind: IssueKind;
  category: IssueCategory;
  description: string;
  /** The issue's effect on the ISMS; null until someone has described it. */
  effect: string | null;
  search_key: string;
  created_at: string;
  updated_at: string;
}

export interface ContextIssueRisksTable {
  issue_id: string;
  risk_id: string;
}

export interface InterestedPartiesTable {
  id: string;
  ref: string;
  name: string;
  name_key: string;
  category: PartyCategory;
  description: string | null;
  search_key: string;
  created_at: string;
  updated_at: string;
}

export interface PartyRequirementsTable {
  id: string;
  party_id: string;
  position: number;
  requirement: string;
  how_addressed: string | null;
  /** 1 when the requirement is met through the ISMS (ISO/IEC 27001 4.2 c), 0 when elsewhere. */
  through_isms: number;
}

export interface ObjectivesTable {
  id: string;
  ref: string;
  title: string;
  description: string | null;
  metric: string;
  unit: string | null;
  target: number;
  direction: Direction;
  owner_id: string | null;
  due_date: string;
  current_value: number | null;
  current_measured_on: string | null;
  previous_value: number | null;
  search_key: string;
  created_at: string;
  updated_at: string;
}

export interface ObjectiveMeasurementsTable {
  id: string;
  objective_id: string;
  value: number;
  measured_on: string;
  note: string | null;
  recorded_at: string;
  recorded_by_id: string | null;
  recorded_by_label: string;
}

export interface ScopeTables {
  scope_ref_counters: ScopeRefCountersTable;
  scope_statement: ScopeStatementTable;
  context_issues: ContextIssuesTable;
  context_issue_risks: ContextIssueRisksTable;
  interested_parties: InterestedPartiesTable;
  party_requirements: PartyRequirementsTable;
  objectives: ObjectivesTable;
  objective_measurements: ObjectiveMeasurementsTable;
}

export type ScopeStatementRow = Selectable<ScopeStatementTable>;
export type ContextIssueRow = Selectable<ContextIssuesTable>;
export type InterestedPartyRow = Selectable<InterestedPartiesTable>;
export type PartyRequirementRow = Selectable<PartyRequirementsTable>;
export type ObjectiveRow = Selectable<ObjectivesTable>;
export type MeasurementRow = Selectable<ObjectiveMeasurementsTable>;
