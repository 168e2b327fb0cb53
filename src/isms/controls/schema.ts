// Shapes of controls: inputs (create, update, links, review, list) and the presented control.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';
import { isIsoDate } from '../../web/dates.js';
import { CONTROL_LEVELS, CONTROL_STATUSES } from '../tables.js';
import { DEFAULT_INTERVAL_DAYS, EFFECTIVENESS_STATUSES, MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS, REVIEW_STATES } from './rules.js';

export { CONTROL_LEVELS, CONTROL_STATUSES };
export type ControlLevel = (typeof CONTROL_LEVELS)[number];
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** The most links of one kind a control takes in one request. */
export const MAX_LINKS = 500;

/**
 * Domain messages, in English. Pages pass them through `t()`, which finds their Finnish
 * translations in messages.ts (the English text is the key, so the API stays readable).
 */
export const MSG = {
  titleRequired: 'Enter a title.',
  tooLong: 'Use at most 200 characters.',
  descriptionTooLong: 'Use at most 10,000 characters.',
  noteTooLong: 'Use at most 2,000 characters.',
  control: 'Control characters are not allowed.',
  level: 'Level must be principle, practice, instruction or technical.',
  status: 'Status must be not_started, planned, in_progress, implemented or not_applicable.',
  interval: 'Use a whole number of days from 1 to 1095.',
  personId: 'Choose a person from the directory.',
  personMissing: 'No person with this id is in the directory.',
  ownerLeft: 'This person has left the organisation; choose someone who is still here.',
  tooManyLinks: 'Link at most 500 at a time.',
  requirementKey: 'Use a requirement key such as iso27001-2022:A.8.13 (at most 120 characters).',
  unknownRequirement: 'No loaded framework has this requirement.',
  linkId: 'Use an id as the API returns it (letters, digits, - and _).',
  unknownRisk: 'No risk with this id is in the register.',
  unknownAsset: 'No asset with this id is in the inventory.',
  date: 'Use a date in the form YYYY-MM-DD, e.g. 2026-11-25.',
  reviewFuture: 'A review cannot be dated in the future.',
} as const;

const noControlChars = (s: string) => !hasControlChars(s);
/** Tabs and line breaks belong in longer text; every other control character is refused. */
const noControlCharsButLines = (s: string) => !hasControlChars(s.replace(/[\n\t]/g, ''));

const title = z
  .string()
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, MSG.titleRequired).max(200, MSG.tooLong).refine(noControlChars, MSG.control));

/** Multi-line text: CRLF becomes LF, blank becomes null. */
const longText = (max: number, message: string) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, message).refine(noControlCharsButLines, MSG.control))
    .transform((s) => (s === '' ? null : s))
    .nullable();

/** Ids of people, risks and assets are UUIDs; anything else never reaches the database. */
export const isRecordId = (s: string): boolean => /^[A-Za-z0-9_-]{1,64}$/.test(s);

const personId = (message: string) =>
  z
    .string({ message })
    .trim()
    .refine((s) => s === '' || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s), message)
    .transform((s) => (s === '' ? null : s.toLowerCase()))
    .nullable();

/** Whole days; a numeric string from a form counts too. */
const intervalDays = z
  .union([z.number(), z.string().trim().regex(/^\d{1,6}$/, MSG.interval).transform(Number)], { message: MSG.interval })
  .pipe(z.number().int(MSG.interval).min(MIN_INTERVAL_DAYS, MSG.interval).max(MAX_INTERVAL_DAYS, MSG.interval));

const level = z.enum(CONTROL_LEVELS, { message: MSG.level });
const status = z.enum(CONTROL_STATUSES, { message: MSG.status });

const requirementKey = z
  .string({ message: MSG.requirementKey })
  .transform((s) => s.normalize('NFC').trim())
  .pipe(z.string().min(1, MSG.requirementKey).max(120, MSG.requirementKey).refine(noControlChars, MSG.requirementKey));
const linkId = z.string({ message: MSG.linkId }).trim().refine(isRecordId, MSG.linkId);

export const RequirementKeys = z
  .array(requirementKey)
  .max(MAX_LINKS, MSG.tooManyLinks)
  .describe('Requirement keys `<framework id>:<ref>`, e.g. iso27001-2022:A.8.13, dora:Art.12, pci-dss-4.0.1:9.4');
export const RiskIds = z.array(linkId).max(MAX_LINKS, MSG.tooManyLinks).describe('Ids of risks in the register');
export const AssetIds = z.array(linkId).max(MAX_LINKS, MSG.tooManyLinks).describe('Ids of assets in the inventory');

export const NewControlInput = z.strictObject({
  title,
  description: longText(10_000, MSG.descriptionTooLong).optional(),
  level,
  owner_id: personId(MSG.personId).optional().describe('Id of the owning person; null for none yet'),
  status: status.default('not_started'),
  review_interval_days: intervalDays.default(DEFAULT_INTERVAL_DAYS).describe(`Days between reviews, ${MIN_INTERVAL_DAYS}–${MAX_INTERVAL_DAYS}`),
  requirement_keys: RequirementKeys.optional(),
  risk_ids: RiskIds.optional(),
  asset_ids: AssetIds.optional(),
});
export type NewControlInput = z.input<typeof NewControlInput>;

/** A partial update of the control's own facts: absent fields stay, null clears an optional one. */
export const ControlPatch = z.strictObject({
  title: title.optional(),
  description: longText(10_000, MSG.descriptionTooLong).optional(),
  level: level.optional(),
  owner_id: personId(MSG.personId).optional(),
  status: status.optional(),
  review_interval_days: intervalDays.optional(),
});
export type ControlPatch = z.input<typeof ControlPatch>;

/** Link sets for a control; each given set replaces the stored one. */
export const ControlLinks = z.strictObject({
  requirement_keys: RequirementKeys.optional(),
  risk_ids: RiskIds.optional(),
  asset_ids: AssetIds.optional(),
});
export type ControlLinks = z.input<typeof ControlLinks>;

export const RequirementLinksBody = z.strictObject({ requirement_keys: RequirementKeys });
export const RiskLinksBody = z.strictObject({ risk_ids: RiskIds });
export const AssetLinksBody = z.strictObject({ asset_ids: AssetIds });

export const NewReviewInput = z.strictObject({
  reviewed_on: z
    .string({ message: MSG.date })
    .trim()
    .refine(isIsoDate, MSG.date)
    .optional()
    .describe('YYYY-MM-DD in the organisation’s time zone; today when absent; never in the future'),
  reviewer_id: personId(MSG.personId).pipe(z.string({ message: MSG.personId })).describe('Id of the person who reviewed'),
  note: longText(2000, MSG.noteTooLong).optional(),
});
export type NewReviewInput = z.input<typeof NewReviewInput>;

export const EffectivenessOut = z
  .object({
    status: z.enum(EFFECTIVENESS_STATUSES).describe('no_evidence until evidence collection arrives; then passing, failing or stale'),
    basis: z.object({
      evidence_items: z.number().int(),
      latest_evidence_at: z.string().nullable(),
      explanation: z.string(),
    }),
  })
  .describe('Computed from evidence, never typed in');

export const ControlOut = z.object({
  id: z.string(),
  ref: z.string().describe('CTL-001 …, assigned when the control is added'),
  title: z.string(),
  description: z.string().nullable(),
  level: z.enum(CONTROL_LEVELS),
  status: z.enum(CONTROL_STATUSES),
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  review_interval_days: z.number().int(),
  last_reviewed: z.string().nullable(),
  next_review: z.string().nullable(),
  review_state: z.enum(REVIEW_STATES).describe('overdue once next_review has passed; due_soon within 30 days (organisation’s time zone)'),
  effectiveness: EffectivenessOut,
  link_counts: z.object({ requirements: z.number().int(), risks: z.number().int(), assets: z.number().int() }),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ControlOut = z.infer<typeof ControlOut>;

export const RequirementLinkOut = z.object({ id: z.string(), key: z.string(), framework_id: z.string(), ref: z.string(), title: z.string() });
export const RiskLinkOut = z.object({ id: z.string(), ref: z.string(), title: z.string(), status: z.string() });
export const AssetLinkOut = z.object({ id: z.string(), ref: z.string(), name: z.string(), status: z.string() });
export const ReviewOut = z.object({
  id: z.string(),
  reviewed_on: z.string(),
  reviewer_id: z.string().nullable(),
  reviewer_name: z.string().nullable(),
  note: z.string().nullable(),
  recorded_by: z.string(),
  recorded_at: z.string(),
});
export type RequirementLinkOut = z.infer<typeof RequirementLinkOut>;
export type RiskLinkOut = z.infer<typeof RiskLinkOut>;
export type AssetLinkOut = z.infer<typeof AssetLinkOut>;
export type ReviewOut = z.infer<typeof ReviewOut>;

export const ControlDetailOut = ControlOut.extend({
  requirements: z.array(RequirementLinkOut).describe('Ordered by framework, then catalogue order'),
  risks: z.array(RiskLinkOut),
  assets: z.array(AssetLinkOut),
  reviews: z.array(ReviewOut).describe('Newest first'),
});
export type ControlDetailOut = z.infer<typeof ControlDetailOut>;

export const CONTROL_SORTS = ['ref', 'title', 'level', 'status', 'owner', 'next_review'] as const;
export type ControlSort = (typeof CONTROL_SORTS)[number];
export const REVIEW_FILTERS = ['overdue', 'due_soon', 'on_track'] as const;

// Filters never carry control characters: PostgreSQL refuses NUL in text outright.
const filterText = (max: number) => z.string().max(max).refine(noControlChars, MSG.control);

/** Filters shared by the list and the CSV export. */
export const ControlsFilter = z.object({
  q: filterText(200).optional().describe('Reference, title or description contains (case-insensitive)'),
  level: z.enum(CONTROL_LEVELS).optional(),
  status: z.enum(CONTROL_STATUSES).optional(),
  owner: filterText(64).optional().describe('Id of the owning person'),
  framework: filterText(100).optional().describe('Framework id: controls linked to any of its requirements'),
  requirement: filterText(120).optional().describe('Requirement key, e.g. iso27001-2022:A.8.13'),
  risk: filterText(64).optional().describe('Id of a linked risk'),
  asset: filterText(64).optional().describe('Id of a linked asset'),
  review: z.enum(REVIEW_FILTERS).optional().describe('Review clock: overdue, due_soon (within 30 days) or on_track'),
  sort: z.enum(CONTROL_SORTS).default('ref'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type ControlsFilter = z.output<typeof ControlsFilter>;

export const ControlsQuery = ControlsFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type ControlsQuery = z.output<typeof ControlsQuery>;

export const ControlsList = z.object({
  items: z.array(ControlOut),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
