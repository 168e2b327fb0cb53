// `kilpi soa export` through the real command: every format to standard output or a file, a version
// by number, and usage errors that exit 2 with one line (failures exit 1).
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soaArgv } from '../../../src/cli/soa.js';
import { FixedClock } from '../../../src/core/clock.js';
import { systemActor } from '../../../src/core/context.js';
import { newId } from '../../../src/core/ids.js';
import { openStore } from '../../../src/db/index.js';
import { prepareVersion, updateEntry } from '../../../src/isms/soa/service.js';
import { dialects, freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { dbEnv, kilpi, oneLineError } from '../../cli/run.js';
import { XLSX_HEADER_ROW } from '../../../src/isms/soa/export/xlsx.js';

describe('soaArgv', () => {
  const argv = (...a: string[]) => ['node', 'kilpi', ...a];
  it('turns --version after "soa export" into the subcommand’s own flag, and nothing else', () => {
    expect(soaArgv(argv('soa', 'export', '--format', 'csv', '--version', '2'))).toEqual(argv('soa', 'export', '--format', 'csv', '--soa-version', '2'));
    expect(soaArgv(argv('--data', 'soa', '--json', 'soa', 'export', '--version=3'))).toEqual(argv('--data', 'soa', '--json', 'soa', 'export', '--soa-version=3'));
    expect(soaArgv(argv('--version'))).toEqual(argv('--version'));
    expect(soaArgv(argv('soa', '--version'))).toEqual(argv('soa', '--version'));
    expect(soaArgv(argv('migrate', '--version'))).toEqual(argv('migrate', '--version'));
    expect(soaArgv(argv('soa', 'export', '--', '--version'))).toEqual(argv('soa', 'export', '--', '--version'));
  });
});

describe.each(dialects())('kilpi soa export on %s', (dialect) => {
  let db: TestDatabase;
  let out: string;
  const run = (args: string[]) => kilpi(['--data', db.dataDir, ...args], { env: { ...dbEnv(db), KILPI_ORG_NAME: 'Esimerkki Payments Oy' } });

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    out = join(db.dataDir, 'exports');
    mkdirSync(out);
    const m = await run(['migrate']);
    expect(m.code, m.stderr).toBe(0);
    // A two-control Annex A and one control of ours, written straight into the shared tables.
    const store = openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
    try {
      const now = '2026-11-01T08:00:00.000Z';
      await store.db
        .insertInto('frameworks')
        .values({ id: 'iso27001-2022', name: 'ISO/IEC 27001:2022', version: 'test', source: 'https://www.iso.org/standard/27001', publisher: null, description: null, origin: 'bundled', content_hash: 'x', created_at: now, updated_at: now })
        .execute();
      const ids = [newId(), newId()];
      await store.db
        .insertInto('requirements')
        .values(
          (['A.5.1', 'A.8.13'] as const).map((ref, i) => ({ id: ids[i]!, framework_id: 'iso27001-2022', ref, title: `Title ${ref}`, kind: 'control', group_ref: ref.slice(0, 3), parent_ref: null, paraphrase: 'p', attributes: '{}', licensed_text: null, sort_order: i, created_at: now, updated_at: now })),
        )
        .execute();
      const ctl = newId();
      await store.db
        .insertInto('controls')
        .values({ id: ctl, ref: 'CTL-001', title: 'Backups', description: null, level: 'technical', owner_id: null, status: 'implemented', review_interval_days: 365, last_reviewed: null, next_review: null, search_key: 'backups', created_at: now, updated_at: now })
        .execute();
      await store.db.insertInto('control_requirements').values({ control_id: ctl, requirement_id: ids[1]! }).execute();
      const ctx = { db: store.db, clock: new FixedClock(new Date('2026-11-20T10:00:00Z')), actor: systemActor('test') };
      await updateEntry(ctx, 'A.8.13', { justification: 'Backups keep settlement running.' });
      await prepareVersion(ctx, { note: 'CLI test' });
    } finally {
      await store.close();
    }
  });
  afterAll(async () => db.drop());

  it('writes CSV and OSCAL to standard output', async () => {
    const csv = await run(['soa', 'export', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stderr).toBe('');
    expect(csv.stdout).toContain('control_id,theme,title');
    expect(csv.stdout).toContain('A.8.13,A.8,Title A.8.13,yes,Backups keep settlement running.,implemented');
    const oscal = await run(['soa', 'export', '--format', 'oscal', '--version', '1']);
    expect(oscal.code, oscal.stderr).toBe(0);
    const doc = JSON.parse(oscal.stdout) as { 'component-definition': { metadata: { version: string; title: string } } };
    expect(doc['component-definition'].metadata).toMatchObject({ version: '1', title: 'Statement of Applicability: Esimerkki Payments Oy' });
    const eq = await run(['soa', 'export', '--format', 'oscal', '--version=1']);
    expect(eq.stdout).toBe(oscal.stdout);
  });

  it('writes a PDF to a pipe and an XLSX to a file, saying what it wrote', async () => {
    const pdf = await run(['soa', 'export', '--format', 'pdf', '--version', '1']);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(pdf.stdout.startsWith('%PDF-')).toBe(true);
    const file = join(out, 'soa.xlsx');
    const x = await run(['soa', 'export', '--format', 'xlsx', '--output', file]);
    expect(x.code, x.stderr).toBe(0);
    expect(x.stdout).toMatch(/^Wrote the working SoA as XLSX to .*soa\.xlsx \(\d+ bytes\)\n$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(XLSX_HEADER_ROW + 2).getCell(1).value).toBe('A.8.13');
    const j = await run(['--json', 'soa', 'export', '--format', 'oscal', '--version', '1', '--output', join(out, 'v1.json')]);
    expect(JSON.parse(j.stdout)).toMatchObject({ format: 'oscal', version: 1, file: join(out, 'v1.json') });
    expect(JSON.parse(readFileSync(join(out, 'v1.json'), 'utf8'))['component-definition']).toBeTruthy();
  });

  const usage: { name: string; args: string[]; says: RegExp }[] = [
    { name: 'no --format', args: ['soa', 'export'], says: /--format/ },
    { name: 'an unknown format', args: ['soa', 'export', '--format', 'docx'], says: /--format must be xlsx, csv, pdf or oscal, not "docx"/ },
    { name: 'a version that is not a number', args: ['soa', 'export', '--format', 'csv', '--version', 'abc'], says: /--version must be a version number such as 2, not "abc"/ },
    { name: 'version zero', args: ['soa', 'export', '--format', 'csv', '--version', '0'], says: /--version must be a version number/ },
    { name: 'a version with SQL in it', args: ['soa', 'export', '--format', 'csv', '--version', "1' OR '1'='1"], says: /--version must be a version number/ },
    { name: '--version without a number', args: ['soa', 'export', '--format', 'csv', '--version'], says: /--version must be a version number such as 2$/ },
    { name: 'an unknown option', args: ['soa', 'export', '--format', 'csv', '--versoin', '1'], says: /unknown option '--versoin'/ },
  ];
  it.concurrent.each(usage)('exits 2 with one line for $name', async ({ args, says }) => {
    const r = await run(args);
    expect(r.code, r.stderr).toBe(2);
    expect(oneLineError(r)).toMatch(says);
    expect(r.stdout).toBe('');
  });

  it('exits 1 with one line for a version that does not exist or a file it cannot write', async () => {
    const missing = await run(['soa', 'export', '--format', 'csv', '--version', '9']);
    expect(missing.code).toBe(1);
    expect(oneLineError(missing)).toBe('kilpi: SoA version 9 was not found.');
    const dir = await run(['soa', 'export', '--format', 'csv', '--output', out]);
    expect(dir.code).toBe(1);
    expect(oneLineError(dir)).toMatch(/^kilpi: cannot write .*exports: E[A-Z]+$/);
    expect(existsSync(join(out, 'soa.csv'))).toBe(false);
  });

  it('documents --version in its help, and the program’s own --version still prints the version', async () => {
    const help = await run(['soa', 'export', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--version <n>');
    expect(help.stdout).not.toContain('--soa-version');
    const v = await run(['--version']);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
