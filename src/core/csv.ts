// CSV export: RFC 4180 quoting, a UTF-8 BOM for spreadsheet apps, and formula-injection guarding.

export interface CsvColumn<R> {
  header: string;
  value: (row: R) => string | number | boolean | null | undefined;
}

// A cell starting with these is run as a formula by spreadsheet apps; prefix it so it stays text.
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Renders rows as CSV text with a header line and CRLF line ends. */
export function toCsv<R>(rows: Iterable<R>, columns: CsvColumn<R>[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(c.value(r))).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** Response headers for a CSV download named `name`. */
export const csvHeaders = (name: string): Record<string, string> => ({
  'Content-Type': 'text/csv; charset=utf-8',
  'Content-Disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
});
