// Every SoA export as a reader opens it: the workbook in exceljs, the CSV parsed, the PDF's pages and
// text, and the OSCAL document validated against NIST's official 1.1.3 schema.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSoa, renderSoa } from '../../../src/isms/soa/export/index.js';
import { pdfSafe } from '../../../src/isms/soa/export/pdf.js';
import { XLSX_HEADER_ROW } from '../../../src/isms/soa/export/xlsx.js';
import { basisOf, gapsOf, summarise, themeOf, type Implementer } from '../../../src/isms/soa/rules.js';
import type { SoaRowOut, VersionOut } from '../../../src/isms/soa/schema.js';
import * as soa from '../../../src/isms/soa/service.js';
import type { SoaDocument } from '../../../src/isms/soa/service.js';
import { withLocale } from '../../../src/web/i18n.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { makeControl, makeIsoFramework } from './factories.js';
import { readPdf } from './pdf-text.js';

// ---------- A full-size document, built by hand: 93 rows, an approved version, hostile text ----------

const THEME_SIZES: [string, number][] = [
  ['A.5', 37],
  ['A.6', 8],
  ['A.7', 14],
  ['A.8', 34],
];
const HOSTILE = '=HYPERLINK("https://evil.example","click") <script>alert(1)</script> 漢字 “quoted” – Äijälä';

function row(controlId: string, i: number): SoaRowOut {
  const excluded = controlId === 'A.7.1' || controlId === 'A.7.5';
  const implemented_by: Implementer[] = excluded
    ? []
    : Array.from({ length: i % 5 === 0 ? 20 : 2 }, (_, k) => ({ ref: `CTL-${String(i * 10 + k).padStart(4, '0')}`, title: `Control ${i}.${k}`, level: 'technical', status: k % 3 === 2 ? 'planned' : 'implemented' }));
  const justification = controlId === 'A.5.3' ? HOSTILE : controlId === 'A.8.2' ? null : `Reason for ${controlId}: ${'we need it because payments depend on it. '.repeat(1 + (i % 4))}`.trim();
  const basis = basisOf(implemented_by);
  return {
    control_id: controlId,
    title: `Control title ${controlId}`,
    theme: themeOf(controlId),
    applicable: !excluded,
    justification,
    status: excluded ? 'not_applicable' : basis.implemented === basis.linked ? 'implemented' : 'partially_implemented',
    status_basis: basis,
    implemented_by,
    gaps: gapsOf(!excluded, justification, basis),
    updated_at: null,
  };
}

const ROWS = THEME_SIZES.flatMap(([theme, n]) => Array.from({ length: n }, (_, k) => `${theme}.${k + 1}`)).map(row);
const VERSION: VersionOut = {
  number: 3,
  status: 'approved',
  note: 'Annual review',
  row_count: ROWS.length,
  gap_count: summarise(ROWS).with_gaps,
  content_hash: 'ab'.repeat(32),
  framework_name: 'ISO/IEC 27001:2022',
  framework_version: '2022-10',
  prepared_at: '2026-10-01T07:00:00.000Z',
  prepared_by: 'juha.korhonen@esimerkki.example',
  approval: { approved_at: '2026-10-14T09:30:00.000Z', approved_on: '2026-10-14', name: 'Jussi Heinonen', title: 'Head of IT and Platform', role: 'admin', gaps_acknowledged: true },
  superseded_by: null,
};
const DOC: SoaDocument = {
  organisation: 'Esimerkki Payments Oy',
  timeZone: 'Europe/Helsinki',
  generatedAt: '2026-11-25T08:00:00.000Z',
  framework: { name: 'ISO/IEC 27001:2022', version: '2022-10' },
  version: VERSION,
  rows: ROWS,
  summary: summarise(ROWS),
};

// ---------- The official OSCAL schema, when the conformance data is present ----------

const conformance = resolve(process.cwd(), process.env.KILPI_CONFORMANCE_DIR ?? '../shared/testdata');
const schemaFile = join(conformance, 'oscal', 'schema-1.1.3', 'oscal_component_schema.json');
const haveSchema = existsSync(schemaFile);
if (!haveSchema) {
  if (process.env.CI === 'true') {
    it('finds the OSCAL schema (KILPI_CONFORMANCE_DIR)', () => {
      throw new Error(`CI=true but the OSCAL schema is missing at ${schemaFile}; set KILPI_CONFORMANCE_DIR`);
    });
  } else {
    console.warn(`\n[kilpi] OSCAL schema not found at ${schemaFile}: SoA OSCAL schema validation is SKIPPED. Set KILPI_CONFORMANCE_DIR.\n`);
  }
}
function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: under NodeNext its default import is the module, the plugin its `default`.
  ajvFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
}

describe('SoA as XLSX', () => {
  let ws: ExcelJS.Worksheet;
  beforeAll(async () => {
    const out = await renderSoa(DOC, 'xlsx');
    expect(out.filename).toBe('statement-of-applicability-v3.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.body as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(1);
    ws = wb.worksheets[0]!;
  });

  it('opens with the approval block above a header row, frozen and filterable', () => {
    expect(ws.name).toBe('Statement of Applicability');
    expect(ws.getCell('A1').value).toBe('Statement of Applicability: Esimerkki Payments Oy');
    const block = new Map(Array.from({ length: 8 }, (_, i) => [String(ws.getRow(i + 2).getCell(1).value), String(ws.getRow(i + 2).getCell(3).value)]));
    expect(block.get('Version')).toBe('Version 3 (approved)');
    expect(block.get('Approved by')).toBe('Jussi Heinonen, Head of IT and Platform');
    expect(block.get('Approval date')).toBe('14 Oct 2026');
    expect(block.get('Content hash (SHA-256)')).toBe('ab'.repeat(32));
    expect(block.get('Summary')).toMatch(/^93 controls: 91 applicable, 2 excluded;/);
    expect(ws.getRow(XLSX_HEADER_ROW).values).toEqual([undefined, 'Control', 'Theme', 'Title', 'Applicable', 'Justification', 'Status', 'Basis of the status', 'Implemented by', 'Gaps']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: XLSX_HEADER_ROW, xSplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getColumn(5).width).toBeGreaterThanOrEqual(50);
    expect(ws.getColumn(1).width).toBeLessThan(15);
  });

  it('has one row per control, multi-line cells wrapped, and hostile text as plain text', () => {
    const first = ws.getRow(XLSX_HEADER_ROW + 1);
    expect(first.getCell(1).value).toBe('A.5.1');
    expect(first.getCell(2).value).toBe('A.5 Organisational controls');
    expect(ws.getRow(XLSX_HEADER_ROW + 93).getCell(1).value).toBe('A.8.34');
    expect(ws.getRow(XLSX_HEADER_ROW + 94).getCell(1).value).toBeNull();
    const hostile = ws.getRow(XLSX_HEADER_ROW + 3);
    expect(hostile.getCell(5).value).toBe(HOSTILE);
    expect(hostile.getCell(5).type).toBe(ExcelJS.ValueType.String);
    expect(hostile.getCell(5).formula).toBeUndefined();
    expect(hostile.getCell(5).alignment).toMatchObject({ wrapText: true });
    const many = ws.getRow(XLSX_HEADER_ROW + 1).getCell(8).value as string;
    expect(many.split('\n')).toHaveLength(20);
    expect(ws.getRow(XLSX_HEADER_ROW + 38 + 8).getCell(4).value).toBe('No');
  });
});

describe('SoA as CSV', () => {
  it('has the stable columns, one line per control, and guards formulas', async () => {
    const out = await renderSoa(DOC, 'csv');
    const text = out.body.toString('utf8');
    expect(text.startsWith('\uFEFFcontrol_id,')).toBe(true);
    const records = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(93);
    expect(records[2]).toMatchObject({ control_id: 'A.5.3', applicable: 'yes', justification: `'${HOSTILE}` });
    const excluded = records.find((r) => r.control_id === 'A.7.1')!;
    expect(excluded).toMatchObject({ applicable: 'no', status: 'not_applicable', implemented_by: '', gaps: '' });
    expect(records.find((r) => r.control_id === 'A.8.2')!.gaps).toBe('inclusion_unjustified');
    expect(records[0]!.status_basis).toBe('linked=20 implemented=14 in_progress=0 planned=6 not_started=0 not_applicable=0');
    expect(records[1]!.implemented_by).toBe('CTL-0010 Control 1.0; CTL-0011 Control 1.1');
  });
});

describe('SoA as PDF', () => {
  let facts: ReturnType<typeof readPdf>;
  let raw: string;
  beforeAll(async () => {
    const out = await renderSoa(DOC, 'pdf', { compress: false });
    raw = out.body.toString('latin1');
    facts = readPdf(out.body);
  });

  it('is a PDF of several A4 landscape pages, each numbered "page x of y"', () => {
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(raw).toContain('/MediaBox [0 0 841.89 595.28]');
    expect(facts.pages).toBeGreaterThan(3);
    expect(facts.streams).toHaveLength(facts.pages);
    facts.streams.forEach((s, i) => expect(s).toContain(`Page ${i + 1} of ${facts.pages}`));
  });

  it('starts with the approval block and repeats the table header on every page', () => {
    const first = facts.streams[0]!;
    for (const text of ['Statement of Applicability', 'Esimerkki Payments Oy', 'Version 3 (approved)', 'Jussi Heinonen, Head of IT and Platform', '14 Oct 2026', 'ab'.repeat(32)]) expect(first).toContain(text);
    for (const s of facts.streams) {
      expect(s).toContain('Implemented by');
      expect(s).toContain('Justification');
    }
    const all = facts.streams.join('\n');
    for (const id of ['A.5.1', 'A.6.8', 'A.7.14', 'A.8.34']) expect(all).toContain(id);
    expect(all).toContain('A.8 Technological controls');
    expect(all).toContain('… and 6 more');
  });

  it('draws characters the built-in font lacks as "?", keeping the rest', () => {
    const all = facts.streams.join('\n');
    // Wrapped lines keep their trailing space, so joining them needs no separator.
    const flat = all.replace(/\n/g, '');
    expect(flat).toContain('<script>alert(1)</script> ?? “quoted” – Äijälä');
    expect(pdfSafe('a\u0007b 漢 €')).toBe('a b ? €');
  });
});

describe('SoA as OSCAL', () => {
  const oscal = async (d: SoaDocument) => JSON.parse((await renderSoa(d, 'oscal')).body.toString('utf8')) as { 'component-definition': Record<string, unknown> };

  it.runIf(haveSchema)('validates against the NIST OSCAL 1.1.3 component-definition schema', async () => {
    const validate = validator();
    const approved = await oscal(DOC);
    expect(validate(approved), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const working = await oscal({ ...DOC, version: null });
    expect(validate(working), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const empty = await oscal({ ...DOC, version: null, rows: [], summary: summarise([]) });
    expect(validate(empty), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    // The validator is not vacuous: a document without its uuid fails.
    const broken = structuredClone(approved);
    delete broken['component-definition'].uuid;
    expect(validate(broken)).toBe(false);
  });

  it('carries applicability, justification, status and the implementing components', async () => {
    const cd = (await oscal(DOC))['component-definition'] as {
      metadata: { version: string; published: string; parties: { name: string }[]; props: { name: string; value: string }[] };
      components: { uuid: string; type: string; title: string; 'control-implementations'?: { 'implemented-requirements': { 'control-id': string; description: string; props: { name: string; value: string }[]; links?: { href: string; rel: string }[] }[] }[] }[];
    };
    expect(cd.metadata.version).toBe('3');
    expect(cd.metadata.published).toBe('2026-10-14T09:30:00Z');
    expect(cd.metadata.parties.map((p) => p.name)).toEqual(['Esimerkki Payments Oy', 'Jussi Heinonen']);
    expect(cd.metadata.props).toContainEqual(expect.objectContaining({ name: 'content-hash', value: 'ab'.repeat(32) }));
    const [isms, ...controls] = cd.components;
    expect(isms!.type).toBe('this-system');
    const reqs = isms!['control-implementations']![0]!['implemented-requirements'];
    expect(reqs).toHaveLength(93);
    const excluded = reqs.find((r) => r['control-id'] === 'A.7.1')!;
    expect(excluded.props).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'applicable', value: 'no' }), expect.objectContaining({ name: 'implementation-status', value: 'not-applicable' })]));
    const hostile = reqs.find((r) => r['control-id'] === 'A.5.3')!;
    expect(hostile.description).toBe(HOSTILE);
    const uuids = new Set(controls.map((c) => c.uuid));
    for (const link of reqs.flatMap((r) => r.links ?? [])) {
      expect(link.rel).toBe('implemented-by');
      expect(uuids.has(link.href.slice(1))).toBe(true);
    }
    expect(controls[0]).toMatchObject({ type: 'software', title: 'CTL-0000 Control 0.0' });
    expect(controls).toHaveLength(new Set(ROWS.flatMap((r) => r.implemented_by.map((c) => c.ref))).size);
  });

  it('exports the same document twice (name-based UUIDs), and English whatever the reader’s language', async () => {
    const a = (await renderSoa(DOC, 'oscal')).body.toString('utf8');
    const b = (await withLocale('fi', () => renderSoa(DOC, 'oscal'))).body.toString('utf8');
    expect(b).toBe(a);
  });
});

describe.each(dialects())('SoA exports from the database on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { loadContent: false }); // its own small framework, not the bundled catalogues
    const req = await makeIsoFramework(t);
    await makeControl(t, { status: 'implemented', links: [req.get('A.5.1')!], ref: 'CTL-001', title: 'Policy set' });
    await soa.updateEntry(t.ctx(), 'A.7.4', { applicable: false, justification: 'Monitoring is the data-centre provider’s.' });
    await soa.prepareVersion(t.ctx(), { note: 'Export test' });
  });
  afterAll(async () => t.close());

  it.runIf(haveSchema)('renders a prepared version as valid OSCAL and the working SoA in every format', async () => {
    const validate = validator();
    const opts = { organisation: 'Esimerkki Payments Oy', timeZone: 'Europe/Helsinki' };
    const v1 = JSON.parse((await exportSoa(t.ctx(), { ...opts, format: 'oscal', version: 1 })).body.toString('utf8')) as Record<string, unknown>;
    expect(validate(v1), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    for (const format of ['xlsx', 'csv', 'pdf', 'oscal'] as const) {
      const out = await exportSoa(t.ctx(), { ...opts, format });
      expect(out.body.length, format).toBeGreaterThan(100);
    }
    const pdf = readPdf((await exportSoa(t.ctx(), { ...opts, format: 'pdf', version: 1, compress: false })).body);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.streams[0]).toContain('Version 1 (draft)');
    expect(pdf.streams.join('').replace(/\n/g, '')).toContain('Monitoring is the data-centre provider’s.');
  });
});
