// Presenters: rows to the API's shapes (explicit field lists), and the records the audit trail keeps.
import type { PolicyOut, VersionOut, VersionSummaryOut } from './schema.js';
import { nextReviewOf, reviewState } from './rules.js';
import type { PolicyRow, VersionRow } from './tables.js';
import type { VersionSummaryRow } from './repo.js';

/** `seesDrafts` false hides the version being worked on from readers of published text only. */
export function presentPolicy(r: PolicyRow, ownerName: string | null, today: string, seesDrafts: boolean): PolicyOut {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    level: r.level,
    owner: ownerName === null ? null : { id: r.owner_id, name: ownerName },
    review_interval_months: r.review_interval_months,
    last_reviewed: r.last_reviewed,
    next_review: r.next_review,
    review_status: reviewState(r.next_review, today),
    published_version: r.published_number === null ? null : Number(r.published_number),
    published_at: r.published_at,
    open_version: seesDrafts && r.open_number !== null ? Number(r.open_number) : null,
    open_status: seesDrafts ? r.open_status : null,
    template: r.template,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export function presentVersionSummary(v: VersionSummaryRow): VersionSummaryOut {
  return {
    number: Number(v.number),
    status: v.status,
    change_summary: v.change_summary,
    body_sha256: v.body_sha256,
    created_at: v.created_at,
    created_by: v.created_by_name,
    updated_at: v.updated_at,
    approved_at: v.approved_at,
    approved_by: v.approved_by_name,
    published_at: v.published_at,
    published_by: v.published_by_name,
    superseded_at: v.superseded_at,
  };
}

export const presentVersion = (v: VersionRow): VersionOut => ({ ...presentVersionSummary(v), policy_id: v.policy_id, body: v.body });

/** What the audit trail keeps of a policy: its fields, no derived state. */
export function policyRecord(r: PolicyRow) {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    level: r.level,
    owner_id: r.owner_id,
    review_interval_months: r.review_interval_months,
    last_reviewed: r.last_reviewed,
    next_review: r.next_review,
    published_version: r.published_number === null ? null : Number(r.published_number),
    open_version: r.open_number === null ? null : Number(r.open_number),
    open_status: r.open_status,
  };
}

/** What the audit trail keeps of a version: its facts and the hash of its text (the text stays in the version). */
export function versionRecord(v: VersionRow) {
  return {
    version: Number(v.number),
    status: v.status,
    change_summary: v.change_summary,
    body_sha256: v.body_sha256,
    body_chars: v.body.length,
  };
}

/** Keeps next_review in step with the last review and the interval. */
export const reviewFields = (lastReviewed: string | null, intervalMonths: number) => ({ last_reviewed: lastReviewed, next_review: nextReviewOf(lastReviewed, intervalMonths) });
