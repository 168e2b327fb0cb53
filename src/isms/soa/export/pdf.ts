// The SoA as a PDF: an A4 landscape document with the approval block, the rows in a table grouped by
// theme that breaks across pages with its header repeated, and "page x of y" on every page. It uses
// PDF's built-in Helvetica, so text is kept to the characters that font can show.
import type PDFKitDocument from 'pdfkit';
import { formatDateTime, t } from '../../../web/i18n.js';
import { approvalDate, approverLine, basisText, gapLabel, implementerLine, statusLabel, themeLabel, versionLine } from '../labels.js';
import type { SoaRowOut } from '../schema.js';
import type { SoaDocument } from '../service.js';
import { summaryParams } from './xlsx.js';

type Doc = typeof PDFKitDocument.prototype;

const MARGIN = { top: 40, bottom: 44, left: 36, right: 36 };
const PAD = 4;
const FONT_SIZE = 8;
/** Control, title, applicable, justification, status (with basis and gaps), implemented by. */
const COLS = [
  { key: 'control', width: 48 },
  { key: 'title', width: 128 },
  { key: 'applicable', width: 54 },
  { key: 'justification', width: 232 },
  { key: 'status', width: 110 },
  { key: 'implementedBy', width: 198 },
] as const;
const TABLE_WIDTH = COLS.reduce((s, c) => s + c.width, 0);
/** A single cell never grows past this; longer text is cut with an ellipsis. */
const MAX_CELL_HEIGHT = 380;
const MAX_IMPLEMENTERS = 14;

// CP1252 beyond Latin-1: what the standard fonts' WinAnsi encoding can show besides U+0020–U+00FF.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the built-in fonts can draw: other characters become "?", control characters spaces. */
export function pdfSafe(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    if (ch === '\n') out += ch;
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += ' ';
    else if (c <= 0xff || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += '?';
  }
  return out;
}

/** Cuts `text` so it fits `maxHeight` at `width`, ending with an ellipsis when cut. */
function fit(doc: Doc, text: string, width: number, maxHeight: number): string {
  if (doc.heightOfString(text, { width }) <= maxHeight) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.heightOfString(text.slice(0, mid) + '…', { width }) <= maxHeight) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo).trimEnd() + '…';
}

function cellsOf(r: SoaRowOut): Record<(typeof COLS)[number]['key'], string> {
  const shown = r.implemented_by.slice(0, MAX_IMPLEMENTERS).map(implementerLine);
  if (r.implemented_by.length > MAX_IMPLEMENTERS) shown.push(t('soa.export.more', { n: r.implemented_by.length - MAX_IMPLEMENTERS }));
  const status = [statusLabel(r.status), basisText(r), ...r.gaps.map((g) => `${t('soa.export.gap')}: ${gapLabel(g)}`)].join('\n');
  return {
    control: r.control_id,
    title: r.title,
    applicable: r.applicable ? t('soa.yes') : t('soa.no'),
    justification: r.justification ?? '—',
    status,
    implementedBy: shown.length ? shown.join('\n') : '—',
  };
}

export async function soaPdf(sd: SoaDocument, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc: Doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: MARGIN,
    bufferPages: true,
    compress: opts.compress ?? true,
    info: { Title: pdfSafe(`${t('soa.title')}: ${sd.organisation}`), Author: pdfSafe(sd.organisation), Creator: 'Kilpi', CreationDate: new Date(sd.generatedAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = MARGIN.left;
  const bottom = () => doc.page.height - MARGIN.bottom - 14;

  // Title and the approval block.
  doc.font('Helvetica-Bold').fontSize(16).fillColor('#18212b').text(pdfSafe(t('soa.title')), left, MARGIN.top);
  doc.font('Helvetica').fontSize(11).text(pdfSafe(sd.organisation));
  doc.moveDown(0.6);
  const v = sd.version;
  const block: [string, string][] = [
    [t('soa.export.framework'), sd.framework ? `${sd.framework.name} (${sd.framework.version})` : '—'],
    [t('soa.export.version'), versionLine(v)],
    [t('soa.export.approvedBy'), approverLine(v)],
    [t('soa.export.approvedOn'), approvalDate(v)],
    [t('soa.export.contentHash'), v?.content_hash ?? '—'],
    [t('soa.export.generated'), formatDateTime(sd.generatedAt, sd.timeZone)],
  ];
  const boxTop = doc.y;
  const labelW = 110;
  let y = boxTop + PAD + 2;
  for (const [label, value] of block) {
    doc.font('Helvetica-Bold').fontSize(9).text(pdfSafe(label), left + 8, y, { width: labelW });
    doc.font('Helvetica').fontSize(9).text(pdfSafe(value), left + 8 + labelW, y, { width: 440 });
    y = doc.y + 2;
  }
  doc.lineWidth(0.8).strokeColor('#7c8797').rect(left, boxTop, 570, y - boxTop + PAD).stroke();
  doc.font('Helvetica').fontSize(9).text(pdfSafe(t('soa.export.summaryLine', summaryParams(sd))), left, y + PAD + 8, { width: TABLE_WIDTH });
  y = doc.y + 10;

  const header = () => {
    doc.font('Helvetica-Bold').fontSize(FONT_SIZE);
    const h = Math.max(...COLS.map((c) => doc.heightOfString(pdfSafe(t(`soa.export.col.${c.key}`)), { width: c.width - 2 * PAD }))) + 2 * PAD;
    doc.rect(left, y, TABLE_WIDTH, h).fill('#1d5f8f');
    let x = left;
    for (const c of COLS) {
      doc.fillColor('#ffffff').text(pdfSafe(t(`soa.export.col.${c.key}`)), x + PAD, y + PAD, { width: c.width - 2 * PAD });
      x += c.width;
    }
    doc.fillColor('#18212b');
    y += h;
  };
  const newPage = () => {
    doc.addPage();
    y = MARGIN.top;
    header();
  };

  if (!sd.rows.length) {
    doc.font('Helvetica').fontSize(10).text(pdfSafe(t('soa.export.noRows')), left, y, { width: TABLE_WIDTH });
  } else header();

  let theme = '';
  for (const r of sd.rows) {
    doc.font('Helvetica').fontSize(FONT_SIZE);
    const cells = cellsOf(r);
    const texts = COLS.map((c) => fit(doc, pdfSafe(cells[c.key]), c.width - 2 * PAD, MAX_CELL_HEIGHT));
    const h = Math.max(...COLS.map((c, i) => doc.heightOfString(texts[i]!, { width: c.width - 2 * PAD }))) + 2 * PAD;
    const band = r.theme !== theme ? 16 : 0;
    if (y + band + h > bottom()) newPage();
    if (band) {
      theme = r.theme;
      doc.rect(left, y, TABLE_WIDTH, band).fill('#e8f1f8');
      doc.fillColor('#164b72').font('Helvetica-Bold').fontSize(9).text(pdfSafe(themeLabel(r.theme)), left + PAD, y + 4, { width: TABLE_WIDTH - 2 * PAD });
      doc.fillColor('#18212b').font('Helvetica').fontSize(FONT_SIZE);
      y += band;
    }
    let x = left;
    COLS.forEach((c, i) => {
      doc.font(c.key === 'control' ? 'Helvetica-Bold' : 'Helvetica');
      // A row with gaps shows its status cell in the error colour; the text says why.
      doc.fillColor(c.key === 'status' && r.gaps.length ? '#a4221b' : '#18212b').text(texts[i]!, x + PAD, y + PAD, { width: c.width - 2 * PAD });
      x += c.width;
    });
    doc.lineWidth(0.5).strokeColor('#dde1e7').moveTo(left, y + h).lineTo(left + TABLE_WIDTH, y + h).stroke();
    y += h;
  }

  // Footers: written last, when the page count is known. The bottom margin is lifted while writing
  // so text in the margin does not start a new page.
  const range = doc.bufferedPageRange();
  const footLeft = pdfSafe(`${sd.organisation} · ${t('soa.title')} · ${versionLine(v)}`);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const fy = doc.page.height - MARGIN.bottom + 14;
    doc.font('Helvetica').fontSize(8).fillColor('#4f5b6a');
    doc.text(footLeft, left, fy, { width: TABLE_WIDTH / 2, lineBreak: false });
    doc.text(pdfSafe(t('soa.export.page', { n: i + 1, of: range.count })), left + TABLE_WIDTH / 2, fy, { width: TABLE_WIDTH / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return done;
}
