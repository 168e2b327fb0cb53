// The asset CSV: parsing an inventory file for import, and the export in the same column layout.
import { parse } from 'csv-parse/sync';
import { toCsv, type CsvColumn as Column } from '../../core/csv.js';
import { badRequest } from '../../core/errors.js';
import type { ExportRow } from './repo.js';
import { fmt, MSG, type ImportRowError } from './schema.js';

export const CSV_COLUMNS = [
  'ref',
  'name',
  'kind',
  'description',
  'owner_email',
  'classification',
  'confidentiality',
  'integrity',
  'availability',
  'environment',
  'status',
  'depends_on',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const MAX_ROWS = 10_000;
/** Longest cell per column; the description is free text, the rest are short. */
export const MAX_CELL: Record<CsvColumn, number> = {
  ref: 40,
  name: 200,
  kind: 40,
  description: 4000,
  owner_email: 254,
  classification: 40,
  confidentiality: 10,
  integrity: 10,
  availability: 10,
  environment: 40,
  status: 40,
  depends_on: 8000,
};

export interface CsvRow {
  /** The line in the file where the row starts; the header is line 1. */
  row: number;
  /** Cells of the columns the file has, trimmed. */
  cells: Partial<Record<CsvColumn, string>>;
  /** Problems found while reading the row (wrong field count, overlong cells). */
  errors: ImportRowError[];
}

export interface ParsedCsv {
  columns: ReadonlySet<CsvColumn>;
  rows: CsvRow[];
}

interface RawRecord {
  record: string[];
  /** The UTF-8 offset just past this record (and its line end). */
  info: { bytes: number };
}

/** Maps byte offsets to 1-based line numbers, counting CRLF, LF and CR each as one line end. */
function lineCounter(buf: Buffer): (offset: number) => number {
  let pos = 0;
  let line = 1;
  return (offset) => {
    for (; pos < offset && pos < buf.length; pos++) {
      const b = buf[pos];
      if (b === 0x0a || (b === 0x0d && buf[pos + 1] !== 0x0a)) line++;
    }
    return line;
  };
}

// The export guards formula-looking cells with a leading apostrophe; undo exactly that on import
// so an exported file imports back unchanged.
const unguard = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/**
 * Parses CSV text: a UTF-8 BOM, CRLF, LF and CR line ends, quoted fields with commas and line
 * breaks. Throws a 400 for a file that cannot be read as a whole (bad quoting, a wrong header, too
 * many rows); problems with single rows come back in each row's `errors`.
 */
export function parseAssetsCsv(text: string): ParsedCsv {
  let records: RawRecord[];
  try {
    records = parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      // A guard against one runaway quoted field swallowing the whole file.
      max_record_size: 64 * 1024,
    }) as unknown as RawRecord[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    const message = line ? fmt(MSG.notCsvNear, { line }) : MSG.notCsv;
    throw badRequest(message, [{ field: 'csv', message }]);
  }
  const lineAt = lineCounter(Buffer.from(text, 'utf8'));
  const withLines = records.map((r, i) => ({ cells: r.record, row: lineAt(i === 0 ? 0 : records[i - 1]!.info.bytes) }));
  const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');
  const headerAt = withLines.findIndex((r) => !isBlank(r.cells));
  if (headerAt < 0) {
    throw badRequest(MSG.emptyFile, [{ field: 'csv', message: MSG.emptyFile }]);
  }
  const header = withLines[headerAt]!.cells.map((h) => h.trim().toLowerCase());
  checkHeader(header);
  const columns = header as CsvColumn[];
  const rows: CsvRow[] = [];
  for (const r of withLines.slice(headerAt + 1)) {
    if (isBlank(r.cells)) continue;
    const errors: ImportRowError[] = [];
    if (r.cells.length !== columns.length) {
      errors.push({ row: r.row, field: 'csv', message: fmt(MSG.fieldCount, { expected: columns.length, found: r.cells.length }) });
    }
    const cells: Partial<Record<CsvColumn, string>> = {};
    columns.forEach((col, i) => {
      const raw = r.cells[i] ?? '';
      // A description may span lines; every other cell is one line, so breaks and tabs become spaces.
      const v = unguard(col === 'description' ? raw.trim() : raw.replace(/[\r\n\t]+/g, ' ').trim());
      if (v.length > MAX_CELL[col]) errors.push({ row: r.row, field: col, message: fmt(MSG.cellTooLong, { max: MAX_CELL[col], n: v.length }) });
      else cells[col] = v;
    });
    rows.push({ row: r.row, cells, errors });
  }
  if (rows.length === 0) throw badRequest(MSG.noRows, [{ field: 'csv', message: MSG.noRows }]);
  if (rows.length > MAX_ROWS) {
    const message = fmt(MSG.tooManyRows, { n: rows.length, max: MAX_ROWS });
    throw badRequest(message, [{ field: 'csv', message }]);
  }
  return { columns: new Set(columns), rows };
}

function checkHeader(header: string[]): void {
  const known = new Set<string>(CSV_COLUMNS);
  const show = (s: string) => (s === '' ? '(blank)' : `"${s.slice(0, 60)}"`);
  const unknown = header.filter((h) => !known.has(h));
  const dupes = [...new Set(header.filter((h, i) => h !== '' && header.indexOf(h) !== i))];
  const errors = [
    ...unknown.map((h) => ({ field: 'columns', message: fmt(MSG.unknownColumn, { name: show(h) }) })),
    ...dupes.map((h) => ({ field: 'columns', message: fmt(MSG.duplicateColumn, { name: show(h) }) })),
  ];
  if (!header.includes('ref') && !header.includes('name')) errors.push({ field: 'columns', message: MSG.keyColumn });
  if (errors.length) {
    throw badRequest(fmt(MSG.headerMismatch, { problems: errors.map((e) => e.message).join(' '), columns: CSV_COLUMNS.join(', ') }), errors);
  }
}

/** One exported line: the asset, and the references it depends on. */
export type ExportLine = ExportRow & { depends_on: string[] };

const EXPORT: Column<ExportLine>[] = [
  { header: 'ref', value: (r) => r.ref },
  { header: 'name', value: (r) => r.name },
  { header: 'kind', value: (r) => r.kind },
  { header: 'description', value: (r) => r.description },
  { header: 'owner_email', value: (r) => r.owner_email },
  { header: 'classification', value: (r) => r.classification },
  { header: 'confidentiality', value: (r) => r.confidentiality },
  { header: 'integrity', value: (r) => r.integrity },
  { header: 'availability', value: (r) => r.availability },
  { header: 'environment', value: (r) => r.environment },
  { header: 'status', value: (r) => r.status },
  { header: 'depends_on', value: (r) => r.depends_on.join(';') },
];

/** The BOM and header line `toCsv` starts every text with. */
const PREAMBLE = toCsv<ExportLine>([], EXPORT);

/**
 * A chunk of the export: the first carries the BOM and the header, later ones only rows, so the
 * chunks concatenate into one file with the import's columns (export → edit → import).
 */
export function assetsCsvChunk(rows: ExportLine[], first: boolean): string {
  const text = toCsv(rows, EXPORT);
  return first ? text : text.slice(PREAMBLE.length);
}
