// Reads the cells of one CSV row into typed values, one error per bad cell, naming its column.
import { z } from 'zod';
import { emailSchema } from '../../auth/users-service.js';
import { ASSET_KINDS, ASSET_STATUSES, CLASSIFICATIONS, ENVIRONMENTS } from '../tables.js';
import type { CsvColumn, CsvRow } from './csv.js';
import { assetName, assetRef, description, MSG, REF_PATTERN, type ImportRowError } from './schema.js';

const blankToNull = (s: string) => (s === '' ? null : s);
/** Enum cells forgive case, and spaces or dashes for underscores (`Data store` is `data_store`). */
const enumCell = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .string()
    .transform((s) => blankToNull(s.trim().toLowerCase().replace(/[\s-]+/g, '_')))
    .pipe(z.enum(values, { message }).nullable());
const ciaCell = z
  .string()
  .transform((s) => blankToNull(s.trim()))
  .pipe(
    z
      .string()
      .regex(/^[1-4]$/, MSG.cia)
      .transform(Number)
      .nullable(),
  );

const CELL = {
  ref: z.string().transform(blankToNull).pipe(assetRef.nullable()),
  name: z.string().transform(blankToNull).pipe(assetName.nullable()),
  kind: enumCell(ASSET_KINDS, MSG.kind),
  description,
  owner_email: z
    .string()
    .transform(blankToNull)
    .pipe(z.string().max(254, MSG.ownerEmail).pipe(emailSchema).nullable()),
  classification: enumCell(CLASSIFICATIONS, MSG.classification),
  confidentiality: ciaCell,
  integrity: ciaCell,
  availability: ciaCell,
  environment: enumCell(ENVIRONMENTS, MSG.environment),
  status: enumCell(ASSET_STATUSES, MSG.status),
  depends_on: z.string().transform((s) => [...new Set(s.split(';').map((p) => p.trim().toUpperCase()).filter(Boolean))]),
} satisfies Record<CsvColumn, z.ZodType>;

/** A row's values: a column the file lacks is undefined; a blank cell is null (or [] for depends_on). */
export type Cells = { [K in CsvColumn]?: z.output<(typeof CELL)[K]> };

/** Columns a blank cell may not leave blank: the asset would be incomplete. */
export const REQUIRED: readonly CsvColumn[] = ['name', 'kind', 'classification', 'confidentiality', 'integrity', 'availability'];

/** Parses each cell the row has; returns the values and one error per bad cell. */
export function readCells(r: CsvRow, columns: ReadonlySet<CsvColumn>): { cells: Cells; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [...r.errors];
  const cells: Cells = {};
  for (const col of columns) {
    if (errors.some((e) => e.field === col)) continue;
    const parsed = CELL[col].safeParse(r.cells[col] ?? '');
    if (!parsed.success) {
      errors.push({ row: r.row, field: col, message: parsed.error.issues[0]?.message ?? 'Invalid value.' });
      continue;
    }
    if (col === 'depends_on') {
      const bad = (parsed.data as string[]).find((ref) => !REF_PATTERN.test(ref));
      if (bad !== undefined) {
        errors.push({ row: r.row, field: col, message: MSG.dependencyFormat });
        continue;
      }
    }
    (cells as Record<string, unknown>)[col] = parsed.data;
  }
  return { cells, errors };
}
