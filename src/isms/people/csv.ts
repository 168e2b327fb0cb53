// The people CSV: parsing an HR export for import, and the export in the same column layout.
import { parse } from 'csv-parse/sync';
import { toCsv } from '../../core/csv.js';
import { badRequest } from '../../core/errors.js';
import type { PersonListRow } from './repo.js';
import type { ImportRowError } from './schema.js';

export const CSV_COLUMNS = ['name', 'email', 'title', 'department', 'manager_email', 'status', 'start_date', 'end_date'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['name', 'email'];

export const MAX_ROWS = 10_000;
export const MAX_FIELD = 200;

export interface CsvRow {
  /** The line in the file where the row starts; the header is line 1. */
  row: number;
  /** Cells of the columns the file has, trimmed. */
  cells: Partial<Record<CsvColumn, string>>;
  /** Problems found while reading the row (wrong field count, overlong fields). */
  errors: ImportRowError[];
}

export interface ParsedCsv {
  columns: ReadonlySet<CsvColumn>;
  rows: CsvRow[];
}

interface Record_ {
  record: string[];
  /** `bytes`: the UTF-8 offset just past this record (and its line end). */
  info: { bytes: number };
}

/**
 * Maps byte offsets to line numbers (1-based), counting CRLF, LF and CR each as one line end.
 * csv-parse's own line count counts a CRLF inside quotes twice, so rows are located here.
 */
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
// so an exported file re-imports unchanged.
const unguard = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/**
 * Parses CSV text: a UTF-8 BOM, CRLF, LF and CR line ends (even mixed), quoted fields with commas
 * and line breaks. Throws a 400 for a file that cannot be read as a whole (bad quoting, a wrong or
 * missing header, too many rows); problems with single rows come back in `errors`.
 */
export function parsePeopleCsv(text: string): ParsedCsv {
  let records: Record_[];
  try {
    records = parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      // A guard against one runaway quoted field eating the whole file into memory.
      max_record_size: 64 * 1024,
    }) as unknown as Record_[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw badRequest(
      `The file is not valid CSV${line ? ` (near line ${line})` : ''}: check that quotes are closed and doubled inside quoted fields.`,
      [{ field: 'csv', message: 'Unreadable CSV.' }],
    );
  }
  // A record starts where the previous one ended; offsets only grow, so one pass counts the lines.
  const lineAt = lineCounter(Buffer.from(text, 'utf8'));
  const withLines = records.map((r, i) => ({ cells: r.record, row: lineAt(i === 0 ? 0 : records[i - 1]!.info.bytes) }));
  const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');
  const headerAt = withLines.findIndex((r) => !isBlank(r.cells));
  if (headerAt < 0) {
    throw badRequest('The file is empty. Its first line must name the columns, e.g. name,email,title,department.', [{ field: 'csv', message: 'Empty file.' }]);
  }
  const header = withLines[headerAt]!.cells.map((h) => h.trim().toLowerCase());
  checkHeader(header);
  const columns = header as CsvColumn[];
  const rows: CsvRow[] = [];
  for (const r of withLines.slice(headerAt + 1)) {
    if (isBlank(r.cells)) continue;
    const errors: ImportRowError[] = [];
    if (r.cells.length !== columns.length) {
      errors.push({ row: r.row, field: 'csv', message: `Expected ${columns.length} fields as in the header, found ${r.cells.length}.` });
    }
    const cells: Partial<Record<CsvColumn, string>> = {};
    columns.forEach((col, i) => {
      // Every cell is one line in the directory: line breaks and tabs inside quotes become spaces.
      const v = unguard((r.cells[i] ?? '').replace(/[\r\n\t]+/g, ' ').trim());
      if (v.length > MAX_FIELD) errors.push({ row: r.row, field: col, message: `Use at most ${MAX_FIELD} characters (this one has ${v.length}).` });
      else cells[col] = v;
    });
    rows.push({ row: r.row, cells, errors });
  }
  if (rows.length === 0) throw badRequest('The file has a header but no people. Add one row per person below it.', [{ field: 'csv', message: 'No rows.' }]);
  if (rows.length > MAX_ROWS) {
    throw badRequest(`The file has ${rows.length} rows; import at most ${MAX_ROWS} at a time.`, [{ field: 'csv', message: `More than ${MAX_ROWS} rows.` }]);
  }
  return { columns: new Set(columns), rows };
}

function checkHeader(header: string[]): void {
  const known = new Set<string>(CSV_COLUMNS);
  const show = (s: string) => (s === '' ? '(blank)' : `"${s.slice(0, 60)}"`);
  const unknown = header.filter((h) => !known.has(h));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  const dupes = header.filter((h, i) => h !== '' && header.indexOf(h) !== i);
  const errors = [
    ...unknown.map((h) => ({ field: 'columns', message: `Unknown column ${show(h)}.` })),
    ...missing.map((c) => ({ field: 'columns', message: `Missing required column "${c}".` })),
    ...[...new Set(dupes)].map((h) => ({ field: 'columns', message: `Column ${show(h)} appears more than once.` })),
  ];
  if (errors.length) {
    throw badRequest(
      `The header line does not match. ${errors.map((e) => e.message).join(' ')} The columns are: ${CSV_COLUMNS.join(', ')} (name and email are required).`,
      errors,
    );
  }
}

/** People as CSV with the import's columns, so an export can be edited and imported back. */
export function peopleCsv(rows: PersonListRow[]): string {
  return toCsv(rows, [
    { header: 'name', value: (r) => r.name },
    { header: 'email', value: (r) => r.email },
    { header: 'title', value: (r) => r.title },
    { header: 'department', value: (r) => r.department },
    { header: 'manager_email', value: (r) => r.manager_email },
    { header: 'status', value: (r) => r.status },
    { header: 'start_date', value: (r) => r.start_date },
    { header: 'end_date', value: (r) => r.end_date },
  ]);
}
