// Shapes of policies and procedures: inputs (policy, draft, campaign, list filters) and presented outputs.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';
import { isIsoDate } from '../../web/dates.js';
import { AUDIENCES, POLICY_LEVELS, REMINDER_OUTCOMES, VERSION_STATUSES } from './tables.js';

/**
 * Domain messages, in English. Pages pass them through `t()`, which finds their Finnish
 * translations in messages.ts (the English text is the key).
 */
export const MSG = {
  titleRequired: 'Enter a title.',
  tooLong: 'Use at most 200 characters.',
  control: 'Control characters are not allowed.',
  level: 'Level must be principle, practice or instruction.',
  owner: 'Choose an owner from the directory.',
  ownerMissing: 'No person with this id is in the directory.',
  ownerLeft: 'This person has left the organisation; choose someone else.',
  interval: 'Use a whole number of months from 1 to 60.',
  bodyTooLong: 'Keep the text under 100,000 characters.',
  bodyControl: 'The text contains control characters; only line breaks and tabs are allowed.',
  bodyEmpty: 'Write the text before approving it.',
  bodyTooComplex: 'The text is too complex to render in time; split very long lines and deeply nested lists.',
  summaryTooLong: 'Use at most 500 characters.',
  template: 'There is no template with this id.',
  titleOrTemplate: 'Enter a title or choose a template.',
  levelOrTemplate: 'Choose a level or a template.',
  date: 'Use a date in the form YYYY-MM-DD, e.g. 2026-11-25.',
  dueInPast: 'The due date cannot be in the past.',
  audience: 'Audience must be all, department or people.',
  departmentRequired: 'Choose a department.',
  departmentEmpty: 'No one in this department is still with the organisation.',
  peopleRequired: 'Choose at least one person.',
  tooManyPeople: 'Choose at most 5,000 people.',
  personMissing: 'No person with this id is in the directory.',
  personLeft: 'This person has left the organisation.',
  versionNumber: 'Use a version number from 1 upwards.',
  nobodyActive: 'No one in the directory is still with the organisation.',
  nobodyToRemind: 'Everyone asked has acknowledged; there is no one to remind.',
  campaignSuperseded: 'A newer version has been published; start a campaign for it instead.',
} as const;

/** Longest Markdown body a version may hold. */
export const MAX_BODY = 100_000;

const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs; anything else cannot name a record (and never reaches the database). */
export const isRecordId = (s: string): boolean => idPattern.test(s);

const title = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, MSG.titleRequired).max(200, MSG.tooLong).refine((s) => !hasControlChars(s), MSG.control));

const level = z.enum(POLICY_LEVELS, { message: MSG.level });
const personId = (message: string) =>
  z
    .string({ message })
    .trim()
    .refine((s) => idPattern.test(s), message)
    .transform((s) => s.toLowerCase());
const interval = z.coerce.number({ message: MSG.interval }).int(MSG.interval).min(1, MSG.interval).max(60, MSG.interval);

/** Markdown: line ends become LF, text NFC; no control characters besides tab and line feed. */
export const markdownBody = z
  .string()
  .transform((s) => s.replace(/\r\n?/g, '\n').normalize('NFC'))
  .pipe(
    z
      .string()
      .max(MAX_BODY, MSG.bodyTooLong)
      // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
      .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s), MSG.bodyControl),
  );

const changeSummary = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().max(500, MSG.summaryTooLong).refine((s) => !hasControlChars(s), MSG.control));

export const NewPolicyInput = z.strictObject({
  title: title.optional().describe('Defaults to the template’s title'),
  level: level.optional().describe('Defaults to the template’s level'),
  owner_id: personId(MSG.owner).describe('The person who owns the document'),
  review_interval_months: interval.optional().describe('Defaults to the template’s interval, else 12'),
  template: z.string().max(64).optional().describe('A template id from GET /api/v1/policy-templates; its text becomes the first draft'),
  body: markdownBody.optional().describe('Markdown of the first draft; overrides the template’s text'),
  change_summary: changeSummary.optional(),
});
export type NewPolicyInput = z.input<typeof NewPolicyInput>;

export const PolicyPatch = z.strictObject({
  title: title.optional(),
  level: level.optional(),
  owner_id: personId(MSG.owner).optional(),
  review_interval_months: interval.optional(),
});
export type PolicyPatch = z.input<typeof PolicyPatch>;

export const DraftInput = z.strictObject({
  body: markdownBody,
  change_summary: changeSummary.optional(),
});
export type DraftInput = z.input<typeof DraftInput>;

export const DraftPatch = z.strictObject({
  body: markdownBody.optional(),
  change_summary: changeSummary.optional(),
});
export type DraftPatch = z.input<typeof DraftPatch>;

const dueDate = z.string({ message: MSG.date }).trim().refine(isIsoDate, MSG.date);

export const CampaignInput = z.strictObject({
  version: z.coerce.number({ message: MSG.versionNumber }).int(MSG.versionNumber).min(1, MSG.versionNumber).optional().describe('Defaults to the published version'),
  audience: z.enum(AUDIENCES, { message: MSG.audience }).describe('all: everyone not left; department: everyone not left in `department`; people: `person_ids`'),
  department: z.string().max(200, MSG.tooLong).refine((s) => !hasControlChars(s), MSG.control).optional(),
  person_ids: z.array(z.string().max(64)).max(5000, MSG.tooManyPeople).optional(),
  due_date: dueDate.describe('YYYY-MM-DD; today or later'),
});
export type CampaignInput = z.input<typeof CampaignInput>;

export const REVIEW_STATES = ['none', 'scheduled', 'due_soon', 'overdue'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
/** Days before the next review when a policy counts as due soon. */
export const DUE_SOON_DAYS = 30;

export const POLICY_STATUS_FILTERS = ['published', 'unpublished', 'draft', 'approved'] as const;
export const POLICY_SORTS = ['ref', 'title', 'level', 'next_review', 'updated_at'] as const;
export type PolicySort = (typeof POLICY_SORTS)[number];

// Filters never carry control characters: PostgreSQL refuses NUL in text outright.
const filterText = (max: number) => z.string().max(max).refine((s) => !hasControlChars(s), MSG.control);

export const PolicyFilter = z.object({
  q: filterText(200).optional().describe('Reference or title contains (case-insensitive)'),
  level: z.enum(POLICY_LEVELS).optional(),
  status: z.enum(POLICY_STATUS_FILTERS).optional().describe('published: has a published version; unpublished: has none; draft / approved: a version in that state is open'),
  owner_id: filterText(64).optional(),
  review: z.enum(REVIEW_STATES).optional().describe('none: never published; due_soon: within 30 days; overdue: past its next review date'),
  sort: z.enum(POLICY_SORTS).default('ref'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type PolicyFilter = z.output<typeof PolicyFilter>;

export const PolicyQuery = PolicyFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type PolicyQuery = z.output<typeof PolicyQuery>;

const named = z.object({ id: z.string(), name: z.string() });

export const PolicyOut = z.object({
  id: z.string(),
  ref: z.string().describe('POL-001 …'),
  title: z.string(),
  level: level,
  owner: named.nullable(),
  review_interval_months: z.number().int(),
  last_reviewed: z.string().nullable().describe('YYYY-MM-DD: the last publication or confirmed review'),
  next_review: z.string().nullable(),
  review_status: z.enum(REVIEW_STATES).describe('Computed from next_review and today'),
  published_version: z.number().int().nullable(),
  published_at: z.string().nullable(),
  open_version: z.number().int().nullable().describe('A draft or approved version not yet published; null for readers who see published text only'),
  open_status: z.enum(['draft', 'approved']).nullable(),
  template: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PolicyOut = z.infer<typeof PolicyOut>;

export const PolicyList = z.object({ items: z.array(PolicyOut), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const VersionSummaryOut = z.object({
  number: z.number().int(),
  status: z.enum(VERSION_STATUSES),
  change_summary: z.string(),
  body_sha256: z.string().describe('SHA-256 of the Markdown, hex'),
  created_at: z.string(),
  created_by: z.string(),
  updated_at: z.string(),
  approved_at: z.string().nullable(),
  approved_by: z.string().nullable(),
  published_at: z.string().nullable(),
  published_by: z.string().nullable(),
  superseded_at: z.string().nullable(),
});
export type VersionSummaryOut = z.infer<typeof VersionSummaryOut>;

export const VersionOut = VersionSummaryOut.extend({
  policy_id: z.string(),
  body: z.string().describe('Markdown'),
});
export type VersionOut = z.infer<typeof VersionOut>;

export const VersionList = z.object({ items: z.array(VersionSummaryOut) });

export const DiffQuery = z.object({
  against: z.coerce.number().int().min(1).optional().describe('The older version to compare with; defaults to the one before'),
});

export const DiffOut = z.object({
  from: z.number().int(),
  to: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  approximate: z.boolean().describe('True when the texts were too far apart to align line by line'),
  lines: z.array(z.object({ op: z.enum(['same', 'add', 'del']), text: z.string(), old_no: z.number().int().nullable(), new_no: z.number().int().nullable() })),
});
export type DiffOut = z.infer<typeof DiffOut>;

export const ACK_STATES = ['acknowledged', 'pending', 'overdue', 'left'] as const;
export type AckState = (typeof ACK_STATES)[number];
export const CAMPAIGN_STATES = ['open', 'overdue', 'complete', 'superseded'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const CampaignOut = z.object({
  id: z.string(),
  policy_id: z.string(),
  version: z.number().int(),
  audience: z.enum(AUDIENCES),
  department: z.string().nullable(),
  due_date: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  status: z.enum(CAMPAIGN_STATES).describe('Computed: complete when everyone still here has acknowledged; superseded when a newer version is published'),
  counts: z.object({
    members: z.number().int(),
    required: z.number().int().describe('Members who have not left'),
    acknowledged: z.number().int(),
    pending: z.number().int(),
    overdue: z.number().int(),
    left: z.number().int(),
  }),
  last_reminder_at: z.string().nullable(),
  next_reminder_from: z.string().nullable().describe('When the next reminder may be sent (one a day per campaign)'),
});
export type CampaignOut = z.infer<typeof CampaignOut>;

export const MemberOut = z.object({
  person_id: z.string(),
  name: z.string(),
  email: z.string(),
  department: z.string().nullable(),
  state: z.enum(ACK_STATES),
  acknowledged_at: z.string().nullable(),
});
export type MemberOut = z.infer<typeof MemberOut>;

export const ReminderOut = z.object({
  id: z.string(),
  sent_at: z.string(),
  sent_by: z.string(),
  recipients: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  outcome: z.enum(REMINDER_OUTCOMES).describe('not_configured: recorded only, as KILPI_SMTP_URL is not set'),
});
export type ReminderOut = z.infer<typeof ReminderOut>;

export const CampaignDetailOut = CampaignOut.extend({ members: z.array(MemberOut), reminders: z.array(ReminderOut) });
export type CampaignDetailOut = z.infer<typeof CampaignDetailOut>;
export const CampaignList = z.object({ items: z.array(CampaignOut) });

export const AcknowledgementOut = z.object({
  policy_id: z.string(),
  version: z.number().int(),
  person_id: z.string(),
  acknowledged_at: z.string(),
});
export type AcknowledgementOut = z.infer<typeof AcknowledgementOut>;

export const PendingOut = z.object({
  policy_id: z.string(),
  ref: z.string(),
  title: z.string(),
  version: z.number().int(),
  due_date: z.string().describe('The earliest due date among the campaigns that ask for it'),
  overdue: z.boolean(),
});
export type PendingOut = z.infer<typeof PendingOut>;
export const PendingList = z.object({
  person_id: z.string().nullable().describe('The caller’s directory entry (matched by account email), or null when there is none'),
  items: z.array(PendingOut),
});

export const TemplateOut = z.object({
  id: z.string(),
  title: z.string(),
  level: level,
  review_interval_months: z.number().int(),
  summary: z.string(),
  body: z.string().describe('Markdown; {{organisation}} becomes the organisation’s name when a policy is created from it'),
});
export const TemplateList = z.object({ items: z.array(TemplateOut) });
