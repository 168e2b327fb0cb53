// One entry for every SoA export: the working SoA or a version, in XLSX, CSV, PDF or OSCAL JSON,
// with the media type and file name each door (API, page, CLI) hands out.
import type { Ctx } from '../../../core/context.js';
import { withLocale } from '../../../web/i18n.js';
import type { ExportFormat } from '../schema.js';
import { soaDocument, type SoaDocument } from '../service.js';
import { soaCsv } from './csv.js';
import { soaOscal } from './oscal.js';
import { soaPdf } from './pdf.js';
import { soaXlsx } from './xlsx.js';

export interface RenderedExport {
  body: Buffer;
  contentType: string;
  filename: string;
}

const MEDIA: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  oscal: 'application/json',
};
const EXTENSION: Record<ExportFormat, string> = { xlsx: 'xlsx', csv: 'csv', pdf: 'pdf', oscal: 'oscal.json' };

/** True for formats that are not text and must not be written to a terminal. */
export const isBinary = (f: ExportFormat): boolean => f === 'xlsx' || f === 'pdf';

export function exportFilename(doc: SoaDocument, format: ExportFormat): string {
  const which = doc.version ? `v${doc.version.number}` : `working-${doc.generatedAt.slice(0, 10)}`;
  return `statement-of-applicability-${which}.${EXTENSION[format]}`;
}

/** Renders an already loaded document. `compress: false` keeps PDF text searchable (for tests). */
export async function renderSoa(doc: SoaDocument, format: ExportFormat, opts: { compress?: boolean } = {}): Promise<RenderedExport> {
  const meta = { contentType: MEDIA[format], filename: exportFilename(doc, format) };
  switch (format) {
    case 'csv':
      return { ...meta, body: Buffer.from(soaCsv(doc), 'utf8') };
    case 'xlsx':
      return { ...meta, body: await soaXlsx(doc) };
    case 'pdf':
      return { ...meta, body: await soaPdf(doc, opts) };
    case 'oscal':
      // OSCAL is for machines: its few sentences stay in English whatever the reader's language.
      return { ...meta, body: Buffer.from(JSON.stringify(withLocale('en', () => soaOscal(doc)), null, 2) + '\n', 'utf8') };
  }
}

/** Loads the working SoA (or version `version`) and renders it. */
export async function exportSoa(
  ctx: Ctx,
  opts: { format: ExportFormat; version?: number | undefined; organisation: string; timeZone: string; compress?: boolean },
): Promise<RenderedExport> {
  const doc = await soaDocument(ctx, { version: opts.version, organisation: opts.organisation, timeZone: opts.timeZone });
  return renderSoa(doc, opts.format, { compress: opts.compress ?? true });
}
