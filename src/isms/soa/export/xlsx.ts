// The SoA as an Excel workbook: the approval block on top, then one row per Annex A control under a
// frozen, filterable header that repeats on every printed page. Text stays text (never a formula).
import type ExcelJS from 'exceljs';
import { t } from '../../../web/i18n.js';
import { approvalDate, approverLine, basisText, gapLabel, implementerLine, statusLabel, themeLabel, versionLine } from '../labels.js';
import type { SoaDocument } from '../service.js';
import { formatDateTime } from '../../../web/i18n.js';

/** The header row's position: the approval block takes the rows above it. */
export const XLSX_HEADER_ROW = 10;

const COLUMNS: { key: string; width: number; wrap?: boolean }[] = [
  { key: 'control', width: 10 },
  { key: 'theme', width: 24 },
  { key: 'title', width: 42, wrap: true },
  { key: 'applicable', width: 12 },
  { key: 'justification', width: 60, wrap: true },
  { key: 'status', width: 22 },
  { key: 'basis', width: 36, wrap: true },
  { key: 'implementedBy', width: 52, wrap: true },
  { key: 'gaps', width: 30, wrap: true },
];

export async function soaXlsx(doc: SoaDocument): Promise<Buffer> {
  // Loaded on first export: the library is large and most requests never need it.
  const { default: Excel } = await import('exceljs');
  const wb: ExcelJS.Workbook = new Excel.Workbook();
  wb.creator = 'Kilpi';
  wb.title = `${t('soa.title')}: ${doc.organisation}`;
  wb.created = new Date(doc.generatedAt);
  wb.modified = new Date(doc.generatedAt);
  const ws = wb.addWorksheet(t('soa.export.sheet').slice(0, 31), {
    views: [{ state: 'frozen', xSplit: 1, ySplit: XLSX_HEADER_ROW }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${XLSX_HEADER_ROW}:${XLSX_HEADER_ROW}` },
  });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));

  const v = doc.version;
  const block: [string, string][] = [
    [t('soa.export.organisation'), doc.organisation],
    [t('soa.export.framework'), doc.framework ? `${doc.framework.name} (${doc.framework.version})` : '—'],
    [t('soa.export.version'), versionLine(v)],
    [t('soa.export.approvedBy'), approverLine(v)],
    [t('soa.export.approvedOn'), approvalDate(v)],
    [t('soa.export.contentHash'), v?.content_hash ?? '—'],
    [t('soa.export.generated'), formatDateTime(doc.generatedAt, doc.timeZone)],
    [t('soa.export.summary'), t('soa.export.summaryLine', summaryParams(doc))],
  ];
  ws.getCell('A1').value = `${t('soa.title')}: ${doc.organisation}`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  block.slice(1).forEach(([label, value], i) => {
    const row = ws.getRow(i + 2);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(3).value = value;
    ws.mergeCells(i + 2, 1, i + 2, 2);
  });

  const header = ws.getRow(XLSX_HEADER_ROW);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = t(`soa.export.col.${c.key}`);
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1D5F8F' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  ws.autoFilter = { from: { row: XLSX_HEADER_ROW, column: 1 }, to: { row: XLSX_HEADER_ROW, column: COLUMNS.length } };

  doc.rows.forEach((r, i) => {
    const row = ws.getRow(XLSX_HEADER_ROW + 1 + i);
    row.values = [
      r.control_id,
      themeLabel(r.theme),
      r.title,
      r.applicable ? t('soa.yes') : t('soa.no'),
      r.justification ?? '',
      statusLabel(r.status),
      basisText(r),
      r.implemented_by.map(implementerLine).join('\n'),
      r.gaps.map(gapLabel).join('\n'),
    ];
    COLUMNS.forEach((c, j) => {
      row.getCell(j + 1).alignment = { vertical: 'top', wrapText: c.wrap ?? false };
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function summaryParams(doc: SoaDocument): Record<string, number> {
  const s = doc.summary;
  return {
    total: s.total,
    applicable: s.applicable,
    excluded: s.excluded,
    implemented: s.implemented,
    partial: s.partially_implemented,
    notImplemented: s.not_implemented,
    gaps: s.with_gaps,
  };
}
