// Shapes of internal and external issues (ISO/IEC 27001 4.1): inputs, the presented issue and list filters.
import { z } from 'zod';
import { filterText, isRecordId, Limit, line, MAX_ENTRIES, MSG, Offset, optionalText, SortDir, text } from './fields.js';
import { ISSUE_CATEGORIES, ISSUE_KINDS } from './tables.js';

const riskIds = z
  .array(z.string({ message: MSG.riskId }).trim().refine(isRecordId, MSG.riskId).transform((s) => s.toLowerCase()), { message: MSG.riskId })
  .max(MAX_ENTRIES, MSG.tooMany)
  .transform((ids) => [...new Set(ids)])
  .describe('Ids of risks in the register that this issue gives rise to or affects');

const kind = z.enum(ISSUE_KINDS, { message: MSG.kind });
const category = z.enum(ISSUE_CATEGORIES, { message: MSG.issueCategory });

export const NewContextIssue = z.strictObject({
  title: line(),
  kind,
  category,
  description: text().describe('What the issue is'),
  effect: optionalText().optional().describe('How the issue affects the ISMS and its intended outcomes'),
  risk_ids: riskIds.default([]),
});
export type NewContextIssue = z.input<typeof NewContextIssue>;

/** A partial update: absent fields stay; `risk_ids` replaces the linked risks. */
export const ContextIssuePatch = z.strictObject({
  title: line().optional(),
  kind: kind.optional(),
  category: category.optional(),
  description: text().optional(),
  effect: optionalText().optional(),
  risk_ids: riskIds.optional(),
});
export type ContextIssuePatch = z.input<typeof ContextIssuePatch>;

export const LinkedRisk = z.object({ id: z.string(), ref: z.string(), title: z.string() });

export const ContextIssueOut = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  kind: z.enum(ISSUE_KINDS),
  category: z.enum(ISSUE_CATEGORIES),
  description: z.string(),
  effect: z.string().nullable(),
  risks: z.array(LinkedRisk),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ContextIssueOut = z.infer<typeof ContextIssueOut>;

export const CONTEXT_SORTS = ['ref', 'title', 'kind', 'category', 'updated_at'] as const;
export type ContextSort = (typeof CONTEXT_SORTS)[number];

export const ContextFilter = z.object({
  q: filterText().optional().describe('Reference, title, description or effect contains (case-insensitive)'),
  kind: kind.optional(),
  category: category.optional(),
  sort: z.enum(CONTEXT_SORTS).default('ref'),
  dir: SortDir,
});
export type ContextFilter = z.output<typeof ContextFilter>;

export const ContextQuery = ContextFilter.extend({ limit: Limit, offset: Offset });
export type ContextQuery = z.output<typeof ContextQuery>;

export const ContextList = z.object({ items: z.array(ContextIssueOut), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
