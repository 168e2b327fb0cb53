// Crypto policies: bundled baselines and the organisation's copies (migration 2026-11-28-0080-crypto).
import type { Selectable } from 'kysely';

export const POLICY_KINDS = ['baseline', 'organisation'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export interface CryptoPoliciesTable {
  /** A baseline's slug from its file (`m72b-st4`), or a UUID for an organisation's policy. */
  id: string;
  kind: PolicyKind;
  name: string;
  description: string | null;
  /** What an organisation's policy applies to (free text, e.g. "Merchant API"). */
  scope: string | null;
  /** A baseline's note on what its values rest on. */
  provenance: string | null;
  /** A baseline's content version (`2026.1`); null for the organisation's policies. */
  version: string | null;
  /** 1 on creation, +1 on every change. */
  revision: number;
  /** The bundled baseline an organisation's policy must stay at least as strict as. */
  baseline_id: string | null;
  /** The policy this one was copied from (a baseline or another organisation policy). */
  copied_from_id: string | null;
  /** The baseline's revision when the copy was made. */
  baseline_revision: number | null;
  /** JSON array of the policy's sources (`PolicySource`). */
  sources_json: string;
  /** Canonical JSON array of rules (`Rule`). */
  rules_json: string;
  rule_count: number;
  /** SHA-256 of a baseline's canonical file, so loading the same file again changes nothing. */
  content_hash: string | null;
  search_key: string;
  created_at: string;
  updated_at: string;
}

export interface CryptoPolicyVersionsTable {
  policy_id: string;
  revision: number;
  name: string;
  description: string | null;
  scope: string | null;
  version: string | null;
  rules_json: string;
  actor_label: string;
  created_at: string;
}

export type CryptoPolicyRow = Selectable<CryptoPoliciesTable>;
export type CryptoPolicyVersionRow = Selectable<CryptoPolicyVersionsTable>;

export interface CryptoTables {
  crypto_policies: CryptoPoliciesTable;
  crypto_policy_versions: CryptoPolicyVersionsTable;
}
