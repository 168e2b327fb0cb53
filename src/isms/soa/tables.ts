// Statement of Applicability tables (migration 2026-11-28-0050-soa): the working SoA's typed facts,
// and prepared versions with their frozen rows. Everything else in the SoA is computed.

export const SOA_STATUSES = ['implemented', 'partially_implemented', 'not_implemented', 'not_applicable'] as const;
export type SoaStatus = (typeof SOA_STATUSES)[number];

/** draft: prepared, awaiting approval; approved: frozen for good; superseded: a later version replaced the draft. */
export const VERSION_STATUSES = ['draft', 'approved', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** What an organisation typed for one Annex A control. No row means: applicable, no justification yet. */
export interface SoaEntriesTable {
  requirement_id: string;
  /** 1 applicable, 0 excluded. */
  applicable: number;
  justification: string | null;
  created_at: string;
  updated_at: string;
}

export interface SoaVersionsTable {
  id: string;
  /** 1, 2, 3 … in the order versions were prepared. */
  number: number;
  status: VersionStatus;
  /** Why the version was prepared (annual review, new controls …). */
  note: string | null;
  row_count: number;
  gap_count: number;
  /** SHA-256 (hex) of the canonical JSON of the frozen rows: what the approval covers. */
  content_hash: string;
  framework_name: string | null;
  framework_version: string | null;
  prepared_at: string;
  prepared_by_label: string;
  prepared_by_user_id: string | null;
  approved_at: string | null;
  approved_by_user_id: string | null;
  approved_by_name: string | null;
  /** The role in which the approver approved, e.g. "Head of IT and Platform". */
  approved_by_title: string | null;
  /** Kilpi's role of the approver (always admin today). */
  approved_by_role: string | null;
  /** 1 when the approver approved knowingly despite listed gaps. */
  gaps_acknowledged: number;
  superseded_by: number | null;
}

/** One Annex A control as it stood when the version was prepared. */
export interface SoaVersionRowsTable {
  version_id: string;
  control_id: string;
  /** The requirement the row came from; no foreign key, so a reloaded catalogue leaves history alone. */
  requirement_id: string | null;
  title: string;
  theme: string;
  sort_order: number;
  applicable: number;
  justification: string | null;
  status: SoaStatus;
  /** JSON array of `{ ref, title, level, status }`: the implementing controls at that moment. */
  implemented_by: string;
}

export interface SoaTables {
  soa_entries: SoaEntriesTable;
  soa_versions: SoaVersionsTable;
  soa_version_rows: SoaVersionRowsTable;
}
