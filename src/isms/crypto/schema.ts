// Shapes of the crypto policy API: list and detail outputs, copy and edit inputs, evaluation.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';
import { FINDING_STATUSES } from './evaluate.js';
import { line, paragraph, PolicySource, Rule, RuleList, SEVERITIES } from './policy-schema.js';
import { POLICY_SORTS } from './repo.js';
import { POLICY_KINDS, type CryptoPolicyRow } from './tables.js';

/** Optional text: blank or null clears it. */
const optionalLine = (max: number) => z.union([z.literal(''), z.null(), line(max)]).transform((s) => (s === '' ? null : s));
const optionalParagraph = (max: number) =>
  z
    .union([z.null(), paragraph(max)])
    .transform((s) => (s === '' ? null : s));

export const CopyInput = z.strictObject({
  name: line(200).describe('Name of the new policy, unique among the organisation’s policies'),
  description: optionalParagraph(4000).optional(),
  scope: optionalLine(200).optional().describe('What the policy applies to, e.g. "Merchant API"'),
});
export type CopyInput = z.input<typeof CopyInput>;

export const PolicyPatch = z.strictObject({
  name: line(200).optional(),
  description: optionalParagraph(4000).optional(),
  scope: optionalLine(200).optional(),
  sources: z
    .array(PolicySource)
    .min(1)
    .max(20)
    .refine((a) => new Set(a.map((x) => x.id)).size === a.length, 'Another source already has this id.')
    .optional()
    .describe('The whole source list; every rule must name one of them'),
  rules: RuleList.optional().describe('The whole rule list; baseline rules may only be tightened, new rules may be added'),
  revision: z.number().int().min(1).optional().describe('The revision the change is based on; a different current revision answers 409'),
});
export type PolicyPatch = z.input<typeof PolicyPatch>;

const FieldProblem = z.object({ field: z.string(), message: z.string() });

export const PolicySummaryOut = z.object({
  id: z.string(),
  kind: z.enum(POLICY_KINDS),
  name: z.string(),
  description: z.string().nullable(),
  scope: z.string().nullable(),
  version: z.string().nullable().describe('A baseline’s content version'),
  revision: z.number().int(),
  baseline_id: z.string().nullable(),
  baseline_name: z.string().nullable(),
  copied_from_id: z.string().nullable(),
  rule_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type PolicySummaryOut = z.infer<typeof PolicySummaryOut>;

export const PolicyOut = PolicySummaryOut.extend({
  provenance: z.string().nullable(),
  baseline_revision: z.number().int().nullable().describe('The baseline’s revision when this policy was copied'),
  sources: z.array(PolicySource),
  rules: z.array(Rule),
  strictness: z
    .object({
      status: z.enum(['baseline', 'at_least_as_strict', 'looser']),
      /** Computed now against the baseline's current rules; empty unless looser. */
      problems: z.array(FieldProblem),
      baseline_changed: z.boolean().describe('The baseline has changed since the copy was made'),
    })
    .describe('Computed: whether the policy is still at least as strict as its baseline'),
});
export type PolicyOut = z.infer<typeof PolicyOut>;

export const PolicyList = z.object({
  items: z.array(PolicySummaryOut),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

const filterText = (max: number) => z.string().max(max).refine((s) => !hasControlChars(s), 'Control characters are not allowed.');

export const PoliciesFilter = z.object({
  q: filterText(200).optional().describe('Name contains (case-insensitive)'),
  kind: z.enum(POLICY_KINDS).optional(),
  sort: z.enum(POLICY_SORTS).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type PoliciesFilter = z.output<typeof PoliciesFilter>;

export const PoliciesQuery = PoliciesFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type PoliciesQuery = z.output<typeof PoliciesQuery>;

export const VersionOut = z.object({
  revision: z.number().int(),
  name: z.string(),
  version: z.string().nullable(),
  rule_count: z.number().int(),
  actor_label: z.string(),
  created_at: z.string(),
});
export type VersionOut = z.infer<typeof VersionOut>;

/** The export format: the bundled baseline file's shape plus where the policy stands. */
export const PolicyExport = z.object({
  format: z.literal('kilpi.crypto-policy/1'),
  id: z.string(),
  kind: z.enum(POLICY_KINDS),
  name: z.string(),
  version: z.string().nullable(),
  revision: z.number().int(),
  baseline_id: z.string().nullable(),
  description: z.string().nullable(),
  scope: z.string().nullable(),
  provenance: z.string().nullable(),
  sources: z.array(PolicySource),
  rules: z.array(Rule),
  exported_at: z.string(),
});
export type PolicyExport = z.infer<typeof PolicyExport>;

export const EvaluationOut = z.object({
  target: z.string().nullable(),
  outcome: z.enum(['pass', 'warn', 'fail']),
  counts: z.record(z.string(), z.number().int()),
  findings: z.array(
    z.object({
      rule_id: z.string(),
      kind: z.string(),
      title: z.string(),
      severity: z.enum(SEVERITIES),
      source: z.object({ document: z.string(), title: z.string().nullable(), url: z.string().nullable(), section: z.string().nullable() }),
      status: z.enum(FINDING_STATUSES),
      observed: z.array(z.string()),
    }),
  ),
});

/** Policy ids are slugs (baselines) or UUIDs; anything else names no policy and never reaches SQL. */
export const isPolicyId = (s: string): boolean => /^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/.test(s);

export const parseRules = (json: string): Rule[] => JSON.parse(json) as Rule[];
export const parseSources = (json: string): z.infer<typeof PolicySource>[] => JSON.parse(json) as z.infer<typeof PolicySource>[];

export function presentSummary(r: Omit<CryptoPolicyRow, 'rules_json' | 'sources_json' | 'search_key' | 'content_hash' | 'provenance' | 'baseline_revision'> & { baseline_name: string | null }): PolicySummaryOut {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    description: r.description,
    scope: r.scope,
    version: r.version,
    revision: r.revision,
    baseline_id: r.baseline_id,
    baseline_name: r.baseline_name,
    copied_from_id: r.copied_from_id,
    rule_count: r.rule_count,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** What the audit trail stores as before and after: the policy's own fields and rules. */
export function auditShape(r: CryptoPolicyRow): Record<string, unknown> {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    description: r.description,
    scope: r.scope,
    version: r.version,
    revision: r.revision,
    baseline_id: r.baseline_id,
    copied_from_id: r.copied_from_id,
    rules: parseRules(r.rules_json),
  };
}
