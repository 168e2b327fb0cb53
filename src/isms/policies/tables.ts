// Policies: the area's own tables (migration 2026-11-28-0060-policies) and the value sets they allow.
import type { Selectable } from 'kysely';

/** The seed's document levels: principles, practices and operating instructions. */
export const POLICY_LEVELS = ['principle', 'practice', 'instruction'] as const;
export type PolicyLevel = (typeof POLICY_LEVELS)[number];

/** draft → approved → published → superseded (when the next version is published). */
export const VERSION_STATUSES = ['draft', 'approved', 'published', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export const AUDIENCES = ['all', 'department', 'people'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const REMINDER_OUTCOMES = ['sending', 'sent', 'partly_failed', 'failed', 'not_configured'] as const;
export type ReminderOutcome = (typeof REMINDER_OUTCOMES)[number];

export interface PoliciesTable {
  id: string;
  /** `POL-001` …; `ref_number` is its number, for sorting past 999. */
  ref: string;
  ref_number: number;
  title: string;
  level: PolicyLevel;
  owner_id: string;
  review_interval_months: number;
  /** Dates (YYYY-MM-DD): the last publication or confirmed review, and that plus the interval. */
  last_reviewed: string | null;
  next_review: string | null;
  /** The current published version, kept here by the service so lists need no join. */
  published_number: number | null;
  published_at: string | null;
  /** The version being worked on (a draft, or approved and waiting for publication), if any. */
  open_number: number | null;
  open_status: 'draft' | 'approved' | null;
  /** The template the policy was started from, if any. */
  template: string | null;
  search_key: string;
  created_at: string;
  updated_at: string;
}

export interface PolicyVersionsTable {
  id: string;
  policy_id: string;
  number: number;
  status: VersionStatus;
  /** Markdown. */
  body: string;
  body_sha256: string;
  /** The body rendered and sanitised when it was saved: what readers see and acknowledge. */
  body_html: string;
  change_summary: string;
  created_at: string;
  created_by_id: string | null;
  created_by_name: string;
  updated_at: string;
  approved_at: string | null;
  approved_by_id: string | null;
  approved_by_name: string | null;
  published_at: string | null;
  published_by_id: string | null;
  published_by_name: string | null;
  superseded_at: string | null;
}

export interface PolicyCampaignsTable {
  id: string;
  policy_id: string;
  version_id: string;
  version_number: number;
  audience: Audience;
  department: string | null;
  due_date: string;
  created_at: string;
  created_by_id: string | null;
  created_by_name: string;
}

/** Who must acknowledge: fixed when the campaign starts. */
export interface PolicyCampaignMembersTable {
  campaign_id: string;
  person_id: string;
}

/** One per person and version: campaigns for the same version share them. */
export interface PolicyAcknowledgementsTable {
  id: string;
  policy_id: string;
  version_id: string;
  person_id: string;
  acknowledged_at: string;
  /** The account that acknowledged; null when recorded for the person (demo data). */
  user_id: string | null;
  recorded_by: string;
}

export interface PolicyRemindersTable {
  id: string;
  campaign_id: string;
  sent_at: string;
  sent_by_id: string | null;
  sent_by_name: string;
  recipients: number;
  delivered: number;
  failed: number;
  outcome: ReminderOutcome;
}

export interface PoliciesTables {
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  policy_campaigns: PolicyCampaignsTable;
  policy_campaign_members: PolicyCampaignMembersTable;
  policy_acknowledgements: PolicyAcknowledgementsTable;
  policy_reminders: PolicyRemindersTable;
}

export type PolicyRow = Selectable<PoliciesTable>;
export type VersionRow = Selectable<PolicyVersionsTable>;
export type CampaignRow = Selectable<PolicyCampaignsTable>;
export type AcknowledgementRow = Selectable<PolicyAcknowledgementsTable>;
export type ReminderRow = Selectable<PolicyRemindersTable>;
