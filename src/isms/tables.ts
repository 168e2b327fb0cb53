// Table shapes of the ISMS core (migration 2026-11-28-0001-isms-core) and the value sets its checks
// allow. Each area builds its own queries in its own repo; these types are the shared contract.
import type { Generated, Selectable } from 'kysely';

export const ASSET_KINDS = ['information', 'system', 'service', 'device', 'data_store'] as const;
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'secret'] as const;
export const ENVIRONMENTS = ['development', 'test', 'production'] as const;
export const ASSET_STATUSES = ['active', 'retired'] as const;
/** C, I and A values: 1 low, 2 medium, 3 high, 4 critical. */
export const CIA_MIN = 1;
export const CIA_MAX = 4;

export const TREATMENTS = ['modify', 'retain', 'avoid', 'share'] as const;
export const RISK_STATUSES = ['open', 'treating', 'accepted', 'closed'] as const;

/** The seed's four levels: principles (policies), practices, operating instructions, technical solutions. */
export const CONTROL_LEVELS = ['principle', 'practice', 'instruction', 'technical'] as const;
export const CONTROL_STATUSES = ['not_started', 'planned', 'in_progress', 'implemented', 'not_applicable'] as const;

export const FRAMEWORK_ORIGINS = ['bundled', 'oscal'] as const;

export interface FrameworksTable {
  /** A stable slug, e.g. `iso27001-2022`. */
  id: string;
  name: string;
  version: string;
  source: string;
  publisher: string | null;
  description: string | null;
  origin: (typeof FRAMEWORK_ORIGINS)[number];
  /** SHA-256 of the canonical catalogue, so loading the same catalogue again changes nothing. */
  content_hash: string;
  created_at: string;
  updated_at: string;
}

export interface RequirementsTable {
  id: string;
  framework_id: string;
  /** The identifier inside its framework: `A.8.13`, `6.1.2`, `Art.12`, `9.4.1`. */
  ref: string;
  title: string;
  /** clause | control | article | requirement | section */
  kind: string;
  /** The theme or chapter the requirement sits in (`A.8`, `Chapter II`). */
  group_ref: string | null;
  parent_ref: string | null;
  /** Our own one-sentence paraphrase; never the standard's text. */
  paraphrase: string;
  /** JSON object, e.g. ISO 27002 attributes `{ "control_type": ["preventive"], … }`. */
  attributes: string;
  /** Text an organisation pastes from its own licensed copy; never shipped. */
  licensed_text: string | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
  /** Lower-cased "ref title paraphrase" for contains-search (frameworks migration; defaults to ''). */
  search_key: Generated<string>;
  /** When the requirement left its catalogue while controls still linked to it; null while current. */
  withdrawn_at: string | null;
}

export interface AssetsTable {
  id: string;
  /** `AST-001` … unique, for people and CSV files. */
  ref: string;
  name: string;
  kind: (typeof ASSET_KINDS)[number];
  description: string | null;
  owner_id: string | null;
  classification: (typeof CLASSIFICATIONS)[number];
  confidentiality: number;
  integrity: number;
  availability: number;
  environment: (typeof ENVIRONMENTS)[number] | null;
  status: (typeof ASSET_STATUSES)[number];
  search_key: string;
  created_at: string;
  updated_at: string;
}

export interface AssetDependenciesTable {
  asset_id: string;
  depends_on_id: string;
}

export interface RisksTable {
  id: string;
  /** `R-001` … */
  ref: string;
  title: string;
  description: string | null;
  owner_id: string | null;
  threat: string | null;
  vulnerability: string | null;
  likelihood: number;
  impact: number;
  inherent_score: number;
  treatment: (typeof TREATMENTS)[number] | null;
  residual_likelihood: number | null;
  residual_impact: number | null;
  residual_score: number | null;
  status: (typeof RISK_STATUSES)[number];
  /** The user who accepted the residual risk on the owner's behalf, or as the owner. */
  accepted_by: string | null;
  accepted_at: string | null;
  acceptance_expires: string | null;
  next_review: string | null;
  search_key: string;
  created_at: string;
  updated_at: string;
  /** Added by the risks migration: the number in `ref` (for ordering and the next ref), the treatment's summary, the last review date. */
  ref_number: number | null;
  treatment_notes: string | null;
  last_reviewed: string | null;
}

export interface RiskAssetsTable {
  risk_id: string;
  asset_id: string;
}

export interface ControlsTable {
  id: string;
  /** `CTL-001` … */
  ref: string;
  title: string;
  description: string | null;
  level: (typeof CONTROL_LEVELS)[number];
  owner_id: string | null;
  status: (typeof CONTROL_STATUSES)[number];
  review_interval_days: number;
  last_reviewed: string | null;
  next_review: string | null;
  search_key: string;
  created_at: string;
  updated_at: string;
}

export interface ControlRequirementsTable {
  control_id: string;
  requirement_id: string;
}
export interface ControlRisksTable {
  control_id: string;
  risk_id: string;
}
export interface ControlAssetsTable {
  control_id: string;
  asset_id: string;
}

export interface IsmsCoreTables {
  frameworks: FrameworksTable;
  requirements: RequirementsTable;
  assets: AssetsTable;
  asset_dependencies: AssetDependenciesTable;
  risks: RisksTable;
  risk_assets: RiskAssetsTable;
  controls: ControlsTable;
  control_requirements: ControlRequirementsTable;
  control_risks: ControlRisksTable;
  control_assets: ControlAssetsTable;
}

export type FrameworkRow = Selectable<FrameworksTable>;
export type RequirementRow = Selectable<RequirementsTable>;
export type AssetRow = Selectable<AssetsTable>;
export type RiskRow = Selectable<RisksTable>;
export type ControlRow = Selectable<ControlsTable>;
