// Shapes of the Statement of Applicability: inputs (edit a row, prepare and approve a version, list
// filters, exports) and the presented rows, versions and diffs. OpenAPI is generated from these.
import { z } from 'zod';
import { CONTROL_STATUSES } from '../tables.js';
import { GAP_KINDS } from './rules.js';
import { SOA_STATUSES, VERSION_STATUSES } from './tables.js';

/**
 * Domain messages, in English; pages pass them through `t()`, which finds the Finnish in messages.ts.
 */
export const MSG = {
  applicable: 'Applicable must be true or false.',
  justificationLong: 'Use at most 2,000 characters.',
  noteLong: 'Use at most 1,000 characters.',
  titleLong: 'Use at most 200 characters.',
  control: 'Control characters are not allowed.',
  controlLines: 'Control characters other than line breaks are not allowed.',
  nothingToChange: 'Give applicable, justification or both.',
  controlId: 'Use an Annex A identifier such as A.5.1.',
  versionNumber: 'Use a version number such as 1.',
  diffTarget: 'Use a version number such as 1, or current.',
  format: 'Choose one of xlsx, csv, pdf or oscal.',
  noCatalogue: 'The ISO/IEC 27001:2022 catalogue is not loaded, so there is no Annex A to snapshot.',
  acknowledgeGaps: 'This version has gaps; tick the acknowledgement to approve it anyway.',
  alreadyApproved: 'An approved version is final and cannot change.',
  superseded: 'A later version replaced this draft; approve the latest draft instead.',
  namedApprover: 'An approval needs a named person: sign in as an administrator.',
  concurrent: 'Another version was prepared at the same moment; try again.',
} as const;

// Free text that may span lines: CR LF becomes LF, and no other control character is allowed.
const multiline = (max: number, tooLong: string) =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').normalize('NFC').trim())
    .pipe(
      z
        .string()
        .max(max, tooLong)
        // eslint-disable-next-line no-control-regex -- the point is to refuse them
        .refine((s) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(s), MSG.controlLines),
    )
    .transform((s) => (s === '' ? null : s))
    .nullable();

const singleLine = (max: number, tooLong: string) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .max(max, tooLong)
        // eslint-disable-next-line no-control-regex -- the point is to refuse them
        .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), MSG.control),
    )
    .transform((s) => (s === '' ? null : s))
    .nullable();

export const JUSTIFICATION_MAX = 2000;

/** A change to one row of the working SoA: only applicability and justification are typed. */
export const EntryPatch = z
  .strictObject({
    applicable: z.boolean({ message: MSG.applicable }).optional().describe('true: the control applies; false: excluded'),
    justification: multiline(JUSTIFICATION_MAX, MSG.justificationLong)
      .optional()
      .describe('Why the control is included or excluded; null or blank clears it'),
  })
  .refine((p) => p.applicable !== undefined || p.justification !== undefined, { message: MSG.nothingToChange });
export type EntryPatch = z.input<typeof EntryPatch>;

export const PrepareInput = z.strictObject({
  note: multiline(1000, MSG.noteLong).optional().describe('Why this version is prepared, e.g. "Annual review 2026"'),
});
export type PrepareInput = z.input<typeof PrepareInput>;

export const ApproveInput = z.strictObject({
  acknowledge_gaps: z.boolean({ message: 'acknowledge_gaps must be true or false.' }).default(false).describe('Required (true) when the version lists gaps'),
  title: singleLine(200, MSG.titleLong)
    .optional()
    .describe('The role in which you approve, e.g. "Head of IT, for the management board"; defaults to your title in the directory'),
});
export type ApproveInput = z.input<typeof ApproveInput>;

/** An Annex A identifier as it appears in a path: letters, digits and dots. */
export const ControlIdParam = z.object({
  control_id: z.string().max(40).regex(/^[A-Za-z][A-Za-z0-9]*(\.[0-9]{1,3}){1,3}$/, MSG.controlId),
});

const versionNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/, MSG.versionNumber)
  .transform(Number);

export const VersionParam = z.object({ n: versionNumber });
export const DiffParams = z.object({
  a: versionNumber,
  b: z.union([versionNumber, z.literal('current')], { message: MSG.diffTarget }),
});

export const SOA_SORTS = ['control_id', 'title', 'status'] as const;
export type SoaSort = (typeof SOA_SORTS)[number];
export const GAP_FILTERS = ['any', ...GAP_KINDS] as const;

/** Filters of the SoA (page, API and CSV alike). */
export const SoaFilter = z.object({
  theme: z.string().max(12).regex(/^[A-Za-z]+\.[0-9]{1,3}$/, 'Use a theme such as A.5.').optional().describe('A.5, A.6, A.7 or A.8'),
  applicable: z.enum(['true', 'false']).optional(),
  status: z.enum(SOA_STATUSES).optional(),
  gap: z.enum(GAP_FILTERS).optional().describe('any: rows with any gap; or one kind of gap'),
  sort: z.enum(SOA_SORTS).default('control_id'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type SoaFilter = z.output<typeof SoaFilter>;

export const EXPORT_FORMATS = ['xlsx', 'csv', 'pdf', 'oscal'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ExportQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { message: MSG.format }),
  version: versionNumber.optional().describe('A version number; the working SoA when absent'),
});

export const VersionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

// ---------- Presented shapes ----------

export const ImplementerOut = z.object({
  ref: z.string(),
  title: z.string(),
  level: z.string().describe('principle, practice, instruction or technical'),
  status: z.enum(CONTROL_STATUSES).describe('The control’s own implementation status'),
});

export const StatusBasisOut = z
  .object({
    linked: z.number().int(),
    implemented: z.number().int(),
    in_progress: z.number().int(),
    planned: z.number().int(),
    not_started: z.number().int(),
    not_applicable: z.number().int(),
  })
  .describe('Linked controls counted by their status: what the row’s status is computed from');

export const SoaRowOut = z.object({
  control_id: z.string().describe('The Annex A identifier, e.g. A.5.1'),
  title: z.string(),
  theme: z.string().describe('A.5 organisational, A.6 people, A.7 physical, A.8 technological'),
  applicable: z.boolean(),
  justification: z.string().nullable(),
  status: z.enum(SOA_STATUSES).describe('Computed from the linked controls’ statuses'),
  status_basis: StatusBasisOut,
  implemented_by: z.array(ImplementerOut).describe('Our controls linked to this requirement'),
  gaps: z.array(z.enum(GAP_KINDS)),
  updated_at: z.string().nullable().describe('When applicability or justification last changed; null in versions and for untouched rows'),
});
export type SoaRowOut = z.infer<typeof SoaRowOut>;

export const SummaryOut = z.object({
  total: z.number().int(),
  applicable: z.number().int(),
  excluded: z.number().int(),
  implemented: z.number().int(),
  partially_implemented: z.number().int(),
  not_implemented: z.number().int(),
  with_gaps: z.number().int(),
  gaps: z.object({ exclusion_unjustified: z.number().int(), inclusion_unjustified: z.number().int(), no_implementing_control: z.number().int() }),
});

export const FrameworkOut = z.object({ id: z.string(), name: z.string(), version: z.string() }).nullable();

export const SoaOut = z.object({
  framework: FrameworkOut.describe('The catalogue the rows come from; null until it is loaded'),
  summary: SummaryOut.describe('Counts over every row, whatever the filters'),
  items: z.array(SoaRowOut),
  total: z.number().int().describe('Rows matching the filters'),
});
export type SoaOut = z.infer<typeof SoaOut>;

export const ApprovalOut = z.object({
  approved_at: z.string(),
  approved_on: z.string().describe('The approval date (YYYY-MM-DD) in the organisation’s time zone'),
  name: z.string(),
  title: z.string().nullable().describe('The role in which the approver approved'),
  role: z.string().nullable().describe('The approver’s Kilpi role'),
  gaps_acknowledged: z.boolean(),
});

export const VersionOut = z.object({
  number: z.number().int(),
  status: z.enum(VERSION_STATUSES),
  note: z.string().nullable(),
  row_count: z.number().int(),
  gap_count: z.number().int(),
  content_hash: z.string().describe('SHA-256 of the frozen rows (canonical JSON)'),
  framework_name: z.string().nullable(),
  framework_version: z.string().nullable(),
  prepared_at: z.string(),
  prepared_by: z.string(),
  approval: ApprovalOut.nullable(),
  superseded_by: z.number().int().nullable(),
});
export type VersionOut = z.infer<typeof VersionOut>;

export const VersionDetailOut = VersionOut.extend({ summary: SummaryOut, rows: z.array(SoaRowOut) });
export type VersionDetailOut = z.infer<typeof VersionDetailOut>;

export const VersionList = z.object({ items: z.array(VersionOut), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

const DiffValue = z.union([z.string(), z.boolean(), z.null()]);
const RefTitle = z.object({ ref: z.string(), title: z.string() });

export const DiffOut = z.object({
  from: z.object({ number: z.number().int(), status: z.enum(VERSION_STATUSES) }),
  to: z.object({ number: z.number().int().nullable().describe('null for the working SoA'), status: z.string() }),
  added: z.array(SoaRowOut),
  removed: z.array(SoaRowOut),
  changed: z.array(
    z.object({
      control_id: z.string(),
      title: z.string(),
      fields: z.array(z.object({ field: z.enum(['title', 'applicable', 'justification', 'status']), before: DiffValue, after: DiffValue })),
      implemented_by: z.object({ added: z.array(RefTitle), removed: z.array(RefTitle) }),
    }),
  ),
  unchanged: z.number().int(),
});
export type DiffOut = z.infer<typeof DiffOut>;
