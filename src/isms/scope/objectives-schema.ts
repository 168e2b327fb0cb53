// Shapes of measurable information security objectives (ISO/IEC 27001 6.2) and their measurements.
import { z } from 'zod';
import { filterText, isoDate, Limit, line, MSG, numberValue, Offset, optionalText, personId, SHORT, SortDir } from './fields.js';
import { OBJECTIVE_STATUSES } from './status.js';
import { DIRECTIONS } from './tables.js';

const direction = z.enum(DIRECTIONS, { message: MSG.direction }).describe('higher: values at or above the target meet it; lower: values at or below it do');
const unit = optionalText(20, false).optional().describe('Shown after values, e.g. %, days, tests');

export const NewObjective = z.strictObject({
  title: line(),
  description: optionalText().optional().describe('Why the objective matters and the plan to reach it'),
  metric: line().describe('What is measured, and where the figure comes from'),
  unit,
  target: numberValue.describe('The value to reach (a number; text such as "2,5" is read too)'),
  direction,
  owner_id: personId.describe('The person accountable for the objective'),
  due_date: isoDate.describe('YYYY-MM-DD: when the target is to be met'),
  current_value: numberValue.optional().describe('A first measurement, recorded as measured today'),
});
export type NewObjective = z.input<typeof NewObjective>;

/** A partial update: absent fields stay. Values are recorded as measurements, not edited here. */
export const ObjectivePatch = z.strictObject({
  title: line().optional(),
  description: optionalText().optional(),
  metric: line().optional(),
  unit,
  target: numberValue.optional(),
  direction: direction.optional(),
  owner_id: personId.optional(),
  due_date: isoDate.optional(),
});
export type ObjectivePatch = z.input<typeof ObjectivePatch>;

export const MeasurementInput = z.strictObject({
  value: numberValue,
  measured_on: isoDate.optional().describe('YYYY-MM-DD, today by default; not in the future'),
  note: optionalText(SHORT, false).optional().describe('Where the figure comes from, e.g. “LMS report, 38 of 40 people”'),
});
export type MeasurementInput = z.input<typeof MeasurementInput>;

export const StatusBasisOut = z
  .object({
    meets: z.boolean().describe('The current value meets the target'),
    days_left: z.number().int().describe('Days from today to the due date; negative once it has passed'),
    worsened: z.boolean().describe('The latest measurement moved away from the target compared with the one before'),
    previous_value: z.number().nullable(),
    text: z.string().describe('The basis in one English sentence'),
  })
  .describe('The facts the status was computed from');

export const ObjectiveOut = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  metric: z.string(),
  unit: z.string().nullable(),
  target: z.number(),
  direction: z.enum(DIRECTIONS),
  owner_id: z.string().nullable(),
  owner_name: z.string().nullable(),
  due_date: z.string(),
  current_value: z.number().nullable().describe('The latest measurement'),
  measured_on: z.string().nullable().describe('When the latest measurement was taken'),
  status: z.enum(OBJECTIVE_STATUSES).describe('Computed: met, on_track, at_risk, missed, or no_data before the first measurement'),
  status_basis: StatusBasisOut,
  created_at: z.string(),
  updated_at: z.string(),
});
export type ObjectiveOut = z.infer<typeof ObjectiveOut>;

export const MeasurementOut = z.object({
  id: z.string(),
  value: z.number(),
  measured_on: z.string(),
  note: z.string().nullable(),
  recorded_at: z.string(),
  recorded_by: z.object({ id: z.string().nullable(), label: z.string() }),
});
export type MeasurementOut = z.infer<typeof MeasurementOut>;

export const ObjectiveDetailOut = ObjectiveOut.extend({ measurements: z.array(MeasurementOut).describe('Newest first') });
export type ObjectiveDetailOut = z.infer<typeof ObjectiveDetailOut>;

export const OBJECTIVE_SORTS = ['ref', 'title', 'due_date', 'status', 'updated_at'] as const;
export type ObjectiveSort = (typeof OBJECTIVE_SORTS)[number];

export const ObjectiveFilter = z.object({
  q: filterText().optional().describe('Reference, title or metric contains (case-insensitive)'),
  status: z.enum(OBJECTIVE_STATUSES).optional(),
  owner_id: filterText(64).optional(),
  sort: z.enum(OBJECTIVE_SORTS).default('ref'),
  dir: SortDir,
});
export type ObjectiveFilter = z.output<typeof ObjectiveFilter>;

export const ObjectiveQuery = ObjectiveFilter.extend({ limit: Limit, offset: Offset });
export type ObjectiveQuery = z.output<typeof ObjectiveQuery>;

export const ObjectiveList = z.object({ items: z.array(ObjectiveOut), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
