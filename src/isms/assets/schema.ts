// Shapes of the asset inventory: inputs (create, update, dependencies, list, import) and presented assets.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';
import { ASSET_KINDS, ASSET_STATUSES, CIA_MAX, CIA_MIN, CLASSIFICATIONS, ENVIRONMENTS, type AssetRow } from '../tables.js';

/**
 * Domain messages, in English. The English text is its own translation key (messages.ts holds the
 * Finnish); `{placeholders}` are filled by `fmt` here and read back by `tMsg` on the pages.
 */
export const MSG = {
  refFormat: 'Use letters, digits, dots, dashes or underscores (at most 40), starting with a letter or digit, e.g. AST-014.',
  refTaken: 'Another asset already has this reference.',
  nameRequired: 'Enter a name.',
  tooLong: 'Use at most 200 characters.',
  descriptionTooLong: 'Use at most 4000 characters.',
  control: 'Control characters are not allowed.',
  nameTaken: 'Another asset already has this name.',
  nameTakenBy: 'Asset {ref} already has this name.',
  kind: 'Kind must be information, system, service, device or data_store.',
  classification: 'Classification must be public, internal, confidential or secret.',
  cia: 'Use a whole number from 1 (low) to 4 (critical).',
  environment: 'Environment must be development, test or production, or blank.',
  environmentForInformation: 'Information has no environment; leave it blank.',
  environmentRequired: 'Choose the environment: development, test or production.',
  status: 'Status must be active or retired.',
  ownerId: 'Choose an owner from the directory.',
  ownerMissing: 'No person with this id is in the directory.',
  ownerLeft: 'This person has left the organisation; choose someone who is still here.',
  ownerEmail: 'Enter an email address such as name@example.com.',
  ownerEmailMissing: 'No person with this email is in the directory.',
  dependencyFormat: 'Name each asset by its reference (e.g. AST-014) or id.',
  dependencyUnknown: 'No asset has the reference {ref}.',
  dependencySelf: 'An asset cannot depend on itself.',
  dependencyCycle: 'This dependency would close a cycle: {path}.',
  tooManyDependencies: 'An asset can depend on at most 200 others.',
  requiredForNew: 'A new asset needs a value here.',
  blank: 'This column cannot be blank.',
  duplicateRef: 'The reference {ref} is on an earlier row of the file (row {row}).',
  duplicateName: 'This name is on an earlier row of the file (row {row}).',
  cellTooLong: 'Use at most {max} characters (this one has {n}).',
  fieldCount: 'Expected {expected} fields as in the header, found {found}.',
  notCsv: 'The file is not valid CSV: check that quotes are closed and doubled inside quoted fields.',
  notCsvNear: 'The file is not valid CSV (near line {line}): check that quotes are closed and doubled inside quoted fields.',
  emptyFile: 'The file is empty. Its first line must name the columns.',
  noRows: 'The file has a header but no assets. Add one row per asset below it.',
  tooManyRows: 'The file has {n} rows; import at most {max} at a time.',
  unknownColumn: 'Unknown column {name}.',
  duplicateColumn: 'Column {name} appears more than once.',
  keyColumn: 'The file needs a "ref" or a "name" column to tell which asset each row is.',
  headerMismatch: 'The header line does not match: {problems} The columns are: {columns}.',
} as const;

/** Fills `{name}` placeholders of a domain message. */
export const fmt = (template: string, params: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));

const singleLine = (max: number, required: boolean) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .min(required ? 1 : 0, MSG.nameRequired)
        .max(max, MSG.tooLong)
        .refine((s) => !hasControlChars(s), MSG.control),
    );

export const REF_PATTERN = /^[A-Z0-9][A-Z0-9._-]{0,39}$/;
/** An asset reference: trimmed and upper-cased, so `ast-014` and `AST-014` are the same asset. */
export const assetRef = z
  .string()
  .transform((s) => s.normalize('NFC').trim().toUpperCase())
  .pipe(z.string().regex(REF_PATTERN, MSG.refFormat));
const optionalRef = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.union([z.literal('').transform(() => null), assetRef]))
  .nullable();

export const assetName = singleLine(200, true);

/** Free text that may span lines (LF only; CRLF and CR become LF); blank becomes null. */
export const description = z
  .string()
  .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
  .pipe(
    z
      .string()
      .max(4000, MSG.descriptionTooLong)
      // Line breaks and tabs are text here; every other control character is refused.
      .refine((s) => !hasControlChars(s.replace(/[\n\t]/g, ' ')), MSG.control),
  )
  .transform((s) => (s === '' ? null : s))
  .nullable();

const ciaValue = z.number({ message: MSG.cia }).int(MSG.cia).min(CIA_MIN, MSG.cia).max(CIA_MAX, MSG.cia);
const kind = z.enum(ASSET_KINDS, { message: MSG.kind });
const classification = z.enum(CLASSIFICATIONS, { message: MSG.classification });
const environment = z
  .union([z.literal('').transform(() => null), z.enum(ENVIRONMENTS, { message: MSG.environment })], { message: MSG.environment })
  .nullable();
const status = z.enum(ASSET_STATUSES, { message: MSG.status });
const ownerId = z
  .string({ message: MSG.ownerId })
  .trim()
  .refine((s) => s === '' || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s), MSG.ownerId)
  .transform((s) => (s === '' ? null : s.toLowerCase()))
  .nullable();
/** Assets named by reference or id; duplicates are harmless. */
const dependsOn = z
  .array(z.string({ message: MSG.dependencyFormat }).trim().min(1, MSG.dependencyFormat).max(64, MSG.dependencyFormat), { message: MSG.dependencyFormat })
  .max(200, MSG.tooManyDependencies);

export const NewAssetInput = z.strictObject({
  ref: optionalRef.optional().describe('Leave out for the next free AST-nnn'),
  name: assetName,
  kind,
  description: description.optional(),
  owner_id: ownerId.optional().describe('Id of the owning person; null for none'),
  classification,
  confidentiality: ciaValue.describe('1 low, 2 medium, 3 high, 4 critical'),
  integrity: ciaValue.describe('1 low, 2 medium, 3 high, 4 critical'),
  availability: ciaValue.describe('1 low, 2 medium, 3 high, 4 critical'),
  environment: environment.optional().describe('development, test or production; null for information'),
  status: status.default('active'),
  depends_on: dependsOn.optional().describe('References (AST-014) or ids of the assets this one depends on'),
});
export type NewAssetInput = z.input<typeof NewAssetInput>;

/** A partial update: absent fields stay, null clears an optional field. */
export const AssetPatch = z.strictObject({
  ref: assetRef.optional(),
  name: assetName.optional(),
  kind: kind.optional(),
  description: description.optional(),
  owner_id: ownerId.optional(),
  classification: classification.optional(),
  confidentiality: ciaValue.optional(),
  integrity: ciaValue.optional(),
  availability: ciaValue.optional(),
  environment: environment.optional(),
  status: status.optional(),
  depends_on: dependsOn.optional().describe('Replaces the dependencies when given'),
});
export type AssetPatch = z.input<typeof AssetPatch>;

export const DependenciesInput = z.strictObject({
  depends_on: dependsOn.describe('References (AST-014) or ids; replaces the current dependencies; [] clears them'),
});
export type DependenciesInput = z.input<typeof DependenciesInput>;

const assetFields = {
  id: z.string(),
  ref: z.string(),
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  description: z.string().nullable(),
  owner_id: z.string().nullable(),
  classification: z.enum(CLASSIFICATIONS),
  confidentiality: z.number().int(),
  integrity: z.number().int(),
  availability: z.number().int(),
  environment: z.enum(ENVIRONMENTS).nullable(),
  status: z.enum(ASSET_STATUSES),
  created_at: z.string(),
  updated_at: z.string(),
};

export const AssetOut = z.object({
  ...assetFields,
  owner_name: z.string().nullable(),
  owner_status: z.enum(['active', 'leaving', 'left']).nullable().describe('The owner’s status in the people directory; an owner who has left needs replacing'),
});
export type AssetOut = z.infer<typeof AssetOut>;

export const AssetLink = z.object({ id: z.string(), ref: z.string(), name: z.string(), status: z.enum(ASSET_STATUSES) });
export type AssetLink = z.infer<typeof AssetLink>;

const Effective = z.object({
  value: z.number().int().describe('The highest value among this asset and the active assets that depend on it, directly or through others'),
  basis: z
    .object({ id: z.string(), ref: z.string(), name: z.string(), path: z.array(z.string()).describe('References from that asset down to this one, each depending on the next') })
    .nullable()
    .describe('The asset the value comes from; null when it is this asset’s own'),
});
export type Effective = z.infer<typeof Effective>;

export const AssetDetailOut = AssetOut.extend({
  depends_on: z.array(AssetLink).describe('Assets this one depends on'),
  dependents: z.array(AssetLink).describe('Assets that depend on this one'),
  effective: z.object({
    confidentiality: Effective,
    integrity: Effective,
    availability: Effective,
    criticality: z.number().int().describe('The highest effective value of the three'),
  }),
});
export type AssetDetailOut = z.infer<typeof AssetDetailOut>;

/** What the audit trail stores as before and after: the asset's own fields and its dependencies by reference. */
export type AssetAudit = Omit<AssetRow, 'search_key'> & { depends_on: string[] };
export function auditShape(r: Omit<AssetRow, 'search_key'>, dependsOn: string[]): AssetAudit {
  return {
    id: r.id,
    ref: r.ref,
    name: r.name,
    kind: r.kind,
    description: r.description,
    owner_id: r.owner_id,
    classification: r.classification,
    confidentiality: r.confidentiality,
    integrity: r.integrity,
    availability: r.availability,
    environment: r.environment,
    status: r.status,
    created_at: r.created_at,
    updated_at: r.updated_at,
    depends_on: [...dependsOn].sort(),
  };
}

export function presentAsset(r: Omit<AssetRow, 'search_key'> & { owner_name: string | null; owner_status: string | null }): AssetOut {
  const { depends_on: _ignored, ...fields } = auditShape(r, []);
  return { ...fields, owner_name: r.owner_name, owner_status: r.owner_status as AssetOut['owner_status'] };
}

export const ASSET_SORTS = ['ref', 'name', 'kind', 'classification', 'owner', 'updated'] as const;
export type AssetSort = (typeof ASSET_SORTS)[number];

// Filters never carry control characters: PostgreSQL refuses NUL in text outright.
const filterText = (max: number) => z.string().max(max).refine((s) => !hasControlChars(s), MSG.control);

/** Filters shared by the list and the CSV export. */
export const AssetsFilter = z.object({
  q: filterText(200).optional().describe('Reference, name or description contains (case-insensitive)'),
  kind: z.enum(ASSET_KINDS).optional(),
  classification: z.enum(CLASSIFICATIONS).optional(),
  environment: z.enum([...ENVIRONMENTS, 'none']).optional().describe('`none` for assets without an environment'),
  owner: filterText(64).optional().describe('Owner’s person id, or `none` for assets without an owner'),
  status: z.enum(ASSET_STATUSES).optional(),
  sort: z.enum(ASSET_SORTS).default('ref'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
export type AssetsFilter = z.output<typeof AssetsFilter>;

export const AssetsQuery = AssetsFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type AssetsQuery = z.output<typeof AssetsQuery>;

export const AssetList = z.object({ items: z.array(AssetOut), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const ImportQuery = z.object({
  dry_run: z.enum(['true', 'false']).default('true').describe('true (the default) only reports what would change').transform((v) => v === 'true'),
});

export const ImportRowError = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof ImportRowError>;

const cell = z.string().nullable();
export const ImportResult = z.object({
  dry_run: z.boolean(),
  applied: z.boolean().describe('True when the changes were written'),
  summary: z.object({ rows: z.number().int(), new: z.number().int(), changes: z.number().int(), unchanged: z.number().int(), errors: z.number().int() }),
  new: z.array(
    z.object({
      row: z.number().int(),
      ref: z.string().describe('The reference the asset gets (assigned when the file has none)'),
      ref_assigned: z.boolean(),
      name: z.string(),
      kind: z.enum(ASSET_KINDS),
      classification: z.enum(CLASSIFICATIONS),
      confidentiality: z.number().int(),
      integrity: z.number().int(),
      availability: z.number().int(),
      environment: z.enum(ENVIRONMENTS).nullable(),
      owner_email: cell,
      status: z.enum(ASSET_STATUSES),
      depends_on: z.array(z.string()),
    }),
  ),
  changes: z.array(
    z.object({
      row: z.number().int(),
      id: z.string(),
      ref: z.string(),
      name: z.string(),
      fields: z.array(z.object({ field: z.string(), before: cell, after: cell })),
    }),
  ),
  errors: z.array(ImportRowError).describe('Per-row problems; row is the line in the file where the row starts (the header is line 1)'),
});
export type ImportResult = z.infer<typeof ImportResult>;
