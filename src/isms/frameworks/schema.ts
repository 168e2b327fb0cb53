// Shapes of the frameworks area: list and requirement queries, the licensed-text input, the
// presented framework and requirement, and the OSCAL import result.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';
import { FRAMEWORK_ORIGINS, type FrameworkRow, type RequirementRow } from '../tables.js';
import { FrameworkId, REQUIREMENT_KINDS } from './catalogue-schema.js';
import type { FrameworkGroupRow } from './tables.js';

/**
 * Domain messages, in English. Pages pass them through `t()`, which finds their Finnish
 * translations in messages.ts (the English text is the key, so the API stays readable).
 */
export const MSG = {
  licensedTooLong: 'Use at most 20,000 characters.',
  licensedControl: 'Only line breaks and tabs are allowed among control characters.',
  licensedType: 'Send the text as a string, or null to remove it.',
  bundledId: 'A bundled catalogue has this id; choose another id for the import.',
  noControls: 'The catalog holds no controls to import.',
  notJson: 'The file is not valid JSON.',
  notUtf8: 'The file is not UTF-8 text.',
  nothingSent: 'Choose an OSCAL catalog file or paste its JSON.',
  tooLarge: 'The file is larger than the import limit.',
  id: 'Use a lower-case slug: letters, digits, dots and hyphens, 2 to 64 characters.',
} as const;

/** The most licensed text one requirement may keep (the longest ISO control text is far shorter). */
export const LICENSED_TEXT_MAX = 20_000;

/** Licensed text as pasted: line breaks kept (CRLF → LF), trimmed; blank or null removes it. */
export const LicensedTextInput = z.strictObject({
  licensed_text: z
    .string({ message: MSG.licensedType })
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    // Line feed and tab are what pasted text legitimately holds; any other control character is not text.
    .pipe(z.string().max(LICENSED_TEXT_MAX, MSG.licensedTooLong).refine((s) => !hasControlChars(s.replace(/[\n\t]/g, ' ')), MSG.licensedControl))
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .describe('The text from the organisation’s own licensed copy; null or blank removes it'),
});
export type LicensedTextInput = z.input<typeof LicensedTextInput>;

export const FrameworkGroupOut = z.object({
  ref: z.string(),
  title: z.string(),
  parent_ref: z.string().nullable(),
  requirements: z.number().int().describe('Current requirements in the group itself'),
  mapped: z.number().int().nullable().describe('Of those, how many at least one control meets; null when the caller may not read controls'),
});

export const FrameworkOut = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  source: z.string(),
  publisher: z.string().nullable(),
  description: z.string().nullable(),
  origin: z.enum(FRAMEWORK_ORIGINS),
  content_hash: z.string(),
  requirements: z.number().int().describe('Current requirements (withdrawn ones not counted)'),
  by_kind: z.record(z.string(), z.number().int()),
  withdrawn: z.number().int().describe('Requirements no longer in the catalogue, kept because controls link to them or they hold licensed text'),
  mapped: z.number().int().nullable().describe('Current requirements at least one control meets; null when the caller may not read controls'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type FrameworkOut = z.infer<typeof FrameworkOut>;

export const FrameworkList = z.object({ items: z.array(FrameworkOut) });
export const FrameworkDetailOut = FrameworkOut.extend({ groups: z.array(FrameworkGroupOut) });
export type FrameworkDetailOut = z.infer<typeof FrameworkDetailOut>;
export type FrameworkGroupOut = z.infer<typeof FrameworkGroupOut>;

export const RequirementOut = z.object({
  id: z.string(),
  framework_id: z.string(),
  key: z.string().describe('`<framework id>:<ref>`, how other areas name the requirement'),
  ref: z.string(),
  title: z.string(),
  kind: z.string(),
  group_ref: z.string().nullable(),
  parent_ref: z.string().nullable(),
  paraphrase: z.string().describe('Our own words, never the standard’s text'),
  attributes: z.record(z.string(), z.array(z.string())),
  has_licensed_text: z.boolean(),
  withdrawn_at: z.string().nullable().describe('Set when the requirement left its catalogue but is kept for its links'),
  sort_order: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type RequirementOut = z.infer<typeof RequirementOut>;

export const RequirementDetailOut = RequirementOut.extend({
  licensed_text: z.string().nullable().describe('Text from the organisation’s own licensed copy; never exported'),
});
export type RequirementDetailOut = z.infer<typeof RequirementDetailOut>;

export function presentRequirement(r: RequirementRow): RequirementOut {
  let attributes: Record<string, string[]> = {};
  try {
    attributes = JSON.parse(r.attributes || '{}') as Record<string, string[]>;
  } catch {
    // A hand-edited database row; show no attributes rather than fail the page.
  }
  return {
    id: r.id,
    framework_id: r.framework_id,
    key: `${r.framework_id}:${r.ref}`,
    ref: r.ref,
    title: r.title,
    kind: r.kind,
    group_ref: r.group_ref,
    parent_ref: r.parent_ref,
    paraphrase: r.paraphrase,
    attributes,
    has_licensed_text: r.licensed_text !== null,
    withdrawn_at: r.withdrawn_at,
    sort_order: r.sort_order,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export const presentRequirementDetail = (r: RequirementRow): RequirementDetailOut => ({ ...presentRequirement(r), licensed_text: r.licensed_text });

export function presentFramework(f: FrameworkRow, counts: { by_kind: Record<string, number>; withdrawn: number }, mapped: number | null): FrameworkOut {
  return {
    id: f.id,
    name: f.name,
    version: f.version,
    source: f.source,
    publisher: f.publisher,
    description: f.description,
    origin: f.origin,
    content_hash: f.content_hash,
    requirements: Object.values(counts.by_kind).reduce((a, b) => a + b, 0),
    by_kind: counts.by_kind,
    withdrawn: counts.withdrawn,
    mapped,
    created_at: f.created_at,
    updated_at: f.updated_at,
  };
}

export const presentGroup = (g: FrameworkGroupRow, requirements: number, mapped: number | null): FrameworkGroupOut => ({
  ref: g.ref,
  title: g.title,
  parent_ref: g.parent_ref,
  requirements,
  mapped,
});

// Filters never carry control characters: PostgreSQL refuses NUL in text outright.
const filterText = (max: number) => z.string().max(max).refine((s) => !hasControlChars(s), 'Control characters are not allowed.');

export const REQUIREMENT_SORTS = ['order', 'title', 'group', 'kind'] as const;
export type RequirementSort = (typeof REQUIREMENT_SORTS)[number];
export const REQUIREMENT_STATUSES = ['current', 'withdrawn'] as const;

/** Filters shared by the requirements list and its CSV export. */
export const RequirementFilter = z.object({
  q: filterText(200).optional().describe('Ref, title or paraphrase contains (case-insensitive)'),
  group: filterText(40).optional().describe('A group ref; nested groups are included'),
  kind: z.enum(REQUIREMENT_KINDS).optional(),
  status: z.enum(REQUIREMENT_STATUSES).optional().describe('current or withdrawn; both when absent'),
  sort: z.enum(REQUIREMENT_SORTS).default('order').describe('order is the catalogue’s own order'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type RequirementFilter = z.output<typeof RequirementFilter>;

export const RequirementQuery = RequirementFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type RequirementQuery = z.output<typeof RequirementQuery>;

export const RequirementList = z.object({
  items: z.array(RequirementOut),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const FrameworkParams = z.object({ id: z.string().max(64) });
export const RequirementParams = z.object({ id: z.string().max(64), ref: z.string().max(200) });

export const ImportQuery = z.object({
  dry_run: z.enum(['true', 'false']).default('true').describe('true (the default) only reports what would change').transform((v) => v === 'true'),
  id: FrameworkId.optional().describe('The framework id to import into; by default the id an export carries, or a slug of the catalog title'),
});

const Planned = z.object({ ref: z.string(), title: z.string() });
export const ImportResult = z.object({
  dry_run: z.boolean(),
  applied: z.boolean().describe('True when the changes were written'),
  framework: z.object({
    id: z.string(),
    name: z.string(),
    version: z.string(),
    exists: z.boolean().describe('True when the import updates a framework imported before'),
  }),
  summary: z.object({
    groups: z.number().int(),
    requirements: z.number().int(),
    added: z.number().int(),
    changed: z.number().int(),
    restored: z.number().int(),
    removed: z.number().int(),
    withdrawn: z.number().int(),
    unchanged: z.number().int(),
    skipped: z.number().int().describe('Controls the catalog marks withdrawn, not imported'),
  }),
  added: z.array(Planned),
  changed: z.array(Planned.extend({ fields: z.array(z.string()) })),
  restored: z.array(Planned),
  removed: z.array(Planned),
  withdrawn: z.array(Planned.extend({ reason: z.enum(['linked', 'licensed_text']) })),
  warnings: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResult>;
