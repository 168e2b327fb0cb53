// Shapes of the risk register: inputs (risk, task, review, acceptance, list) and the presented outputs.
import { z } from 'zod';
import { isIsoDate } from '../../web/dates.js';
import { hasControlChars } from '../../core/text.js';
import { RISK_STATUSES, TREATMENTS } from '../tables.js';
import { TASK_STATUSES } from './tables.js';

/**
 * Domain messages, in English. Pages pass them through `t()`, which finds the Finnish in
 * messages.ts (the English text is the key, so the API stays readable).
 */
export const MSG = {
  titleRequired: 'Enter a title.',
  tooLong200: 'Use at most 200 characters.',
  tooLong4000: 'Use at most 4,000 characters.',
  control: 'Control characters are not allowed.',
  date: 'Use a date in the form YYYY-MM-DD, e.g. 2026-11-25.',
  personId: 'Choose a person from the directory.',
  ownerMissing: 'No person with this id is in the directory.',
  ownerLeft: 'This person has left the organisation; choose someone still here.',
  assetId: 'Use asset ids from the asset inventory.',
  assetMissing: 'No asset with this id is in the inventory.',
  level: 'Choose a level as a whole number.',
  likelihoodRange: 'Choose a likelihood level that the risk matrix has.',
  impactRange: 'Choose an impact level that the risk matrix has.',
  residualPair: 'Give the residual likelihood and impact together, or neither.',
  residualAboveInherent: 'The residual score cannot be higher than the inherent score.',
  treatment: 'Treatment must be modify, retain, avoid or share.',
  status: 'Status must be open, treating, accepted or closed.',
  acceptViaAcceptance: 'A risk becomes accepted only when its owner’s acceptance is recorded.',
  transition: 'The risk cannot move to this status from its current one.',
  treatingNeedsTreatment: 'Choose a treatment option before the risk is under treatment.',
  residualWhileAccepted: 'The residual risk was accepted at its current score; withdraw the acceptance or change the status first.',
  closedRisk: 'The risk is closed; reopen it first.',
  taskStatus: 'Task status must be open, in_progress, done or cancelled.',
  noteRequired: 'Write what the review found.',
  reviewInFuture: 'A review cannot be dated in the future.',
  nextReviewAfter: 'The next review must come after this review.',
  nextReviewPast: 'The next review cannot be in the past.',
  noResidual: 'Assess the residual risk before it can be accepted.',
  notAcceptable: 'The matrix does not allow a residual risk in this band to be accepted.',
  expiryPast: 'The acceptance must expire after the day the owner decided.',
  decidedInFuture: 'The owner cannot have decided in the future.',
  expiryTooLate: 'The acceptance runs longer than the matrix allows for this band.',
  avoidNotAccepted: 'A risk being avoided is closed, not accepted.',
  noteOnBehalf: 'You are recording the owner’s decision for them: say how and when they gave it.',
  noAcceptance: 'The risk has no acceptance in force.',
  noOwner: 'The risk has no owner to accept it.',
} as const;

// Free text: single-line fields refuse every control character; multi-line fields allow newlines and tabs.
const singleLine = (max: number, tooLong: string) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(max, tooLong).refine((s) => !hasControlChars(s), MSG.control));
const multiLine = (max: number, tooLong: string) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, tooLong).refine((s) => !hasControlChars(s.replace(/[\n\t]/g, '')), MSG.control));
const optional = <T extends z.ZodType<string | null, string>>(s: T) => s.transform((v) => (v === '' ? null : v)).nullable();

const title = singleLine(200, MSG.tooLong200).pipe(z.string().min(1, MSG.titleRequired));
const longText = optional(multiLine(4000, MSG.tooLong4000));
export const isoDate = z.string({ message: MSG.date }).trim().refine(isIsoDate, MSG.date);
const id = (message: string) =>
  z
    .string({ message })
    .trim()
    .refine((s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s), message)
    .transform((s) => s.toLowerCase());
const level = z.number({ message: MSG.level }).int(MSG.level);
const treatment = z.enum(TREATMENTS, { message: MSG.treatment });

export const NewRiskInput = z.strictObject({
  title,
  description: longText.optional(),
  owner_id: id(MSG.personId).describe('The risk owner: a person in the directory'),
  threat: longText.optional(),
  vulnerability: longText.optional(),
  likelihood: level.describe('Inherent likelihood, a level of the risk matrix (1 = lowest)'),
  impact: level.describe('Inherent impact, a level of the risk matrix'),
  treatment: treatment.nullable().optional(),
  treatment_notes: longText.optional().describe('How the risk is treated, in a sentence or two; the tasks carry the work'),
  residual_likelihood: level.nullable().optional().describe('Likelihood after treatment; with residual_impact, or neither'),
  residual_impact: level.nullable().optional(),
  asset_ids: z.array(id(MSG.assetId)).max(200).default([]).describe('Assets the risk concerns'),
  next_review: isoDate.nullable().optional().describe('YYYY-MM-DD; by default today plus the review interval of the risk’s band'),
});
export type NewRiskInput = z.input<typeof NewRiskInput>;

/** A partial update: absent fields stay, null clears an optional field. */
export const RiskPatch = z.strictObject({
  title: title.optional(),
  description: longText.optional(),
  owner_id: id(MSG.personId).optional(),
  threat: longText.optional(),
  vulnerability: longText.optional(),
  likelihood: level.optional(),
  impact: level.optional(),
  treatment: treatment.nullable().optional(),
  treatment_notes: longText.optional(),
  residual_likelihood: level.nullable().optional(),
  residual_impact: level.nullable().optional(),
  asset_ids: z.array(id(MSG.assetId)).max(200).optional().describe('Replaces the linked assets'),
  next_review: isoDate.nullable().optional(),
  status: z.enum(RISK_STATUSES, { message: MSG.status }).optional().describe('open ↔ treating → closed → open; accepted only through the acceptance endpoint'),
});
export type RiskPatch = z.input<typeof RiskPatch>;

export const NewTaskInput = z.strictObject({
  title,
  owner_id: id(MSG.personId),
  due_date: isoDate,
  status: z.enum(TASK_STATUSES, { message: MSG.taskStatus }).default('open'),
});
export type NewTaskInput = z.input<typeof NewTaskInput>;

export const TaskPatch = z.strictObject({
  title: title.optional(),
  owner_id: id(MSG.personId).optional(),
  due_date: isoDate.optional(),
  status: z.enum(TASK_STATUSES, { message: MSG.taskStatus }).optional(),
});
export type TaskPatch = z.input<typeof TaskPatch>;

export const NewReviewInput = z.strictObject({
  reviewed_on: isoDate.optional().describe('YYYY-MM-DD, today by default; not in the future'),
  note: multiLine(4000, MSG.tooLong4000).pipe(z.string().min(1, MSG.noteRequired)),
  next_review: isoDate.optional().describe('YYYY-MM-DD; by default the review date plus the review interval of the risk’s band'),
});
export type NewReviewInput = z.input<typeof NewReviewInput>;

export const AcceptanceInput = z.strictObject({
  decided_on: isoDate.optional().describe('YYYY-MM-DD: when the owner decided; today by default, never in the future (an earlier decision entered late)'),
  expires_on: isoDate.describe('YYYY-MM-DD: the last day the acceptance holds; after decided_on and within the band’s longest acceptance from it'),
  note: longText.optional().describe('How and when the owner decided; required when the caller is not the risk owner'),
});
export type AcceptanceInput = z.input<typeof AcceptanceInput>;

const Scored = {
  band: z.string().nullable().describe('The matrix band key of the score'),
};

export const AcceptanceOut = z.object({
  id: z.string(),
  owner_id: z.string().nullable(),
  owner_name: z.string(),
  accepted_by: z.string().describe('Who recorded it (the signed-in user)'),
  as_owner: z.boolean().describe('True when the owner recorded it themselves; false when recorded on their behalf'),
  note: z.string().nullable(),
  residual_likelihood: z.number().int(),
  residual_impact: z.number().int(),
  residual_score: z.number().int(),
  band: z.string(),
  matrix_version: z.number().int(),
  decided_on: z.string().describe('When the owner decided'),
  accepted_at: z.string().describe('When it was recorded'),
  expires_on: z.string(),
  ended_at: z.string().nullable(),
  ended_reason: z.string().nullable().describe('withdrawn | replaced | status_changed | closed; null while in force'),
  state: z.enum(['valid', 'expiring', 'expired', 'ended']),
});
export type AcceptanceOut = z.infer<typeof AcceptanceOut>;

export const TaskOut = z.object({
  id: z.string(),
  risk_id: z.string(),
  title: z.string(),
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  due_date: z.string(),
  status: z.enum(TASK_STATUSES),
  completed_on: z.string().nullable(),
  due_state: z.enum(['done', 'cancelled', 'overdue', 'due_soon', 'on_track']).describe('Computed from the due date and today'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TaskOut = z.infer<typeof TaskOut>;

export const ReviewOut = z.object({
  id: z.string(),
  reviewed_on: z.string(),
  reviewer: z.string(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  inherent_score: z.number().int(),
  residual_likelihood: z.number().int().nullable(),
  residual_impact: z.number().int().nullable(),
  residual_score: z.number().int().nullable(),
  status: z.string().describe('The risk’s status at the review'),
  note: z.string(),
  next_review: z.string(),
  created_at: z.string(),
});
export type ReviewOut = z.infer<typeof ReviewOut>;

export const RiskOut = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  threat: z.string().nullable(),
  vulnerability: z.string().nullable(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  inherent_score: z.number().int().describe('likelihood × impact, computed'),
  inherent_band: Scored.band,
  treatment: treatment.nullable(),
  treatment_notes: z.string().nullable(),
  residual_likelihood: z.number().int().nullable(),
  residual_impact: z.number().int().nullable(),
  residual_score: z.number().int().nullable().describe('residual_likelihood × residual_impact, computed'),
  residual_band: Scored.band,
  status: z.enum(RISK_STATUSES),
  shown_status: z.enum([...RISK_STATUSES, 'acceptance_expired']).describe('status, except that an accepted risk whose acceptance lapsed shows acceptance_expired'),
  asset_ids: z.array(z.string()),
  acceptance: z
    .object({ accepted_at: z.string(), accepted_by: z.string().nullable(), expires_on: z.string(), state: z.enum(['valid', 'expiring', 'expired']) })
    .nullable()
    .describe('The acceptance in force (or lapsed) while the status is accepted'),
  plan: z.object({ tasks: z.number().int(), open: z.number().int(), due_soon: z.number().int(), overdue: z.number().int() }).describe('The treatment plan’s tasks, counted'),
  last_reviewed: z.string().nullable(),
  next_review: z.string().nullable(),
  review: z.object({
    state: z.enum(['none', 'scheduled', 'due_soon', 'overdue']),
    due: z.string().nullable(),
    basis: z.enum(['next_review', 'acceptance_expired', 'not_scheduled', 'closed']),
  }),
  created_at: z.string(),
  updated_at: z.string(),
});
export type RiskOut = z.infer<typeof RiskOut>;

export const RiskDetailOut = RiskOut.extend({ tasks: z.array(TaskOut) });
export type RiskDetailOut = z.infer<typeof RiskDetailOut>;

export const RISK_SORTS = ['ref', 'title', 'inherent', 'residual', 'status', 'next_review', 'updated'] as const;
export type RiskSort = (typeof RISK_SORTS)[number];
export const STATUS_FILTERS = ['open', 'treating', 'accepted', 'expired', 'closed', 'active'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
export const BASES = ['inherent', 'residual'] as const;

const filterText = (max: number) => z.string().max(max).refine((s) => !hasControlChars(s), MSG.control);
const filterLevel = z.coerce.number().int().min(1).max(10);

/** Filters shared by the list, the CSV export and the heatmap links. */
export const RiskFilter = z.strictObject({
  q: filterText(200).optional().describe('Ref, title, threat or vulnerability contains (case-insensitive)'),
  band: z.string().regex(/^[a-z][a-z0-9_]{0,19}$/).optional().describe('A band key of the matrix; scored on `basis`'),
  basis: z.enum(BASES).default('residual').describe('inherent, or residual (the residual score where assessed, else the inherent)'),
  likelihood: filterLevel.optional().describe('With impact: one heatmap cell on `basis` (residual means assessed residual only)'),
  impact: filterLevel.optional(),
  status: z.enum(STATUS_FILTERS).optional().describe('expired: accepted but the acceptance lapsed; active: anything not closed'),
  owner_id: filterText(64).optional(),
  treatment: z.enum([...TREATMENTS, 'none']).optional(),
  asset_id: filterText(64).optional(),
  sort: z.enum(RISK_SORTS).default('ref'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type RiskFilter = z.output<typeof RiskFilter>;

export const RiskQuery = RiskFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type RiskQuery = z.output<typeof RiskQuery>;

export const RiskList = z.object({ items: z.array(RiskOut), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const HeatmapOut = z.object({
  likelihood_levels: z.number().int(),
  impact_levels: z.number().int(),
  inherent: z.array(z.object({ likelihood: z.number().int(), impact: z.number().int(), score: z.number().int(), band: z.string(), count: z.number().int() })),
  residual: z.array(z.object({ likelihood: z.number().int(), impact: z.number().int(), score: z.number().int(), band: z.string(), count: z.number().int() })),
  residual_unassessed: z.number().int().describe('Risks not closed whose residual risk is not assessed yet'),
  total: z.number().int().describe('Risks not closed'),
});
export type HeatmapOut = z.infer<typeof HeatmapOut>;

export const TrendQuery = z.strictObject({ days: z.coerce.number().int().min(7).max(1095).default(180) });
export const TrendOut = z.object({
  bands: z.array(z.string()),
  points: z.array(
    z.object({
      day: z.string(),
      bands: z.record(z.string(), z.number().int()).describe('Risks not closed per band of their current score (residual where assessed)'),
      open: z.number().int(),
      treating: z.number().int(),
      accepted: z.number().int(),
      expired: z.number().int(),
      closed: z.number().int(),
      recorded: z.boolean().describe('False when carried forward from an earlier day without changes'),
    }),
  ),
});
export type TrendOut = z.infer<typeof TrendOut>;

export const AcceptanceList = z.object({ items: z.array(AcceptanceOut) });
export const ReviewList = z.object({ items: z.array(ReviewOut) });
export const TaskList = z.object({ items: z.array(TaskOut) });
