// CSV import over the API on every dialect: the diff, row errors, all-or-nothing, hostile files.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import type { ImportResult } from '../../../src/isms/people/schema.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts, makePerson } from './factories.js';

const HEADER = 'name,email,title,department,manager_email,status,start_date,end_date';

describe.each(dialects())('people CSV import on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { maxCsvBytes: 64 * 1024 } });
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
  });
  afterAll(async () => t.close());
  // Each test starts from an empty directory: the import compares the whole directory with the file.
  beforeEach(async () => {
    await t.booted.services.db.updateTable('people').set({ manager_id: null }).execute();
    await t.booted.services.db.deleteFrom('people').execute();
  });

  const post = (csv: string | Uint8Array, qs = 'dry_run=true', role: Role = 'admin', type = 'text/csv') =>
    t.request(`/api/v1/people/import?${qs}`, { method: 'POST', headers: { 'content-type': type, authorization: auth[role]! }, body: csv });
  const result = async (res: Response): Promise<ImportResult> => {
    expect(res.status).toBe(200);
    return (await res.json()) as ImportResult;
  };
  const people = async () =>
    t.booted.services.db.selectFrom('people').select(['email', 'name', 'title', 'status', 'end_date', 'manager_id', 'id']).orderBy('email').execute();

  it('refuses callers without people.import: 401 for a forged token, 403 for auditor and staff', async () => {
    const forged = await t.request('/api/v1/people/import', { method: 'POST', headers: { 'content-type': 'text/csv', authorization: 'Bearer kilpi_nope' }, body: `${HEADER}\n` });
    expect(forged.status).toBe(401);
    for (const role of ['auditor', 'staff'] as const) expect((await post(`${HEADER}\nA,a@x.test,,,,,,\n`, 'dry_run=false', role)).status).toBe(403);
    expect((await people()).length).toBe(0);
  });

  it('reports joins, field-by-field changes and leaves in a dry run, and writes nothing', async () => {
    const anna = await makePerson(t, { name: 'Anna Aho', email: 'anna@x.test', title: 'CEO', department: 'Management' });
    await makePerson(t, { name: 'Berit Blom', email: 'berit@x.test', title: 'Analyst', department: 'Finance' });
    await makePerson(t, { name: 'Cecilia Carlsson', email: 'cecilia@x.test', department: 'Sales' });
    await makePerson(t, { name: 'Dan Dahl', email: 'dan@x.test', status: 'left', end_date: '2025-06-30' });
    const csv = [
      HEADER,
      'Anna Aho,ANNA@x.test,CEO,Management,,active,2024-01-01,',
      'Berit Blom,berit@x.test,Senior Analyst,Finance,anna@x.test,,2024-01-01,',
      'Eero Eskola,eero@x.test,Engineer,Engineering,fanny@x.test,,2026-12-01,',
      'Fanny Forsman,fanny@x.test,CTO,Engineering,anna@x.test,active,2026-11-01,',
    ].join('\n');
    const before = await counts(t);
    const r = await result(await post(csv));
    expect(r).toMatchObject({ dry_run: true, applied: false, missing: 'ignore' });
    expect(r.summary).toEqual({ rows: 4, joins: 2, changes: 1, unchanged: 1, leaves: 1, errors: 0 });
    expect(r.joins.map((j) => [j.row, j.email, j.manager_email, j.status])).toEqual([
      [4, 'eero@x.test', 'fanny@x.test', 'active'],
      [5, 'fanny@x.test', 'anna@x.test', 'active'],
    ]);
    expect(r.changes).toEqual([
      {
        row: 3,
        id: expect.any(String),
        name: 'Berit Blom',
        email: 'berit@x.test',
        fields: [
          { field: 'title', before: 'Analyst', after: 'Senior Analyst' },
          { field: 'manager_email', before: null, after: 'anna@x.test' },
        ],
      },
    ]);
    expect(r.leaves).toEqual([{ id: expect.any(String), name: 'Cecilia Carlsson', email: 'cecilia@x.test', status: 'active', end_date: '2026-11-25', action: 'report' }]);
    expect(await counts(t)).toEqual(before);
    expect(anna.manager_id).toBeNull();
  });

  it('applies a clean file in one go, managers first, with a person.import event per written row', async () => {
    await makePerson(t, { name: 'Cecilia Carlsson', email: 'cecilia@x.test' });
    await makePerson(t, { name: 'Gus Gran', email: 'gus@x.test', start_date: '2027-01-01' });
    const csv = [HEADER, 'Eero Eskola,eero@x.test,Engineer,Engineering,fanny@x.test,,,', 'Fanny Forsman,fanny@x.test,CTO,Engineering,,,,'].join('\r\n');
    const r = await result(await post(csv, 'dry_run=false&missing=mark_left'));
    expect(r).toMatchObject({ dry_run: false, applied: true, summary: { joins: 2, leaves: 2 } });
    // Someone who has not started yet is only reported, never marked left.
    expect(r.leaves.map((l) => [l.email, l.action])).toEqual([
      ['cecilia@x.test', 'mark_left'],
      ['gus@x.test', 'report'],
    ]);
    const rows = await people();
    const fanny = rows.find((p) => p.email === 'fanny@x.test')!;
    expect(rows.find((p) => p.email === 'eero@x.test')!.manager_id).toBe(fanny.id);
    expect(rows.find((p) => p.email === 'cecilia@x.test')).toMatchObject({ status: 'left', end_date: '2026-11-25' });
    expect(rows.find((p) => p.email === 'gus@x.test')).toMatchObject({ status: 'active' });
    const events = await t.booted.services.db.selectFrom('audit_events').select(['action', 'entity_id']).where('action', '=', 'person.import').execute();
    expect(events).toHaveLength(3);
    // A second run of the same file changes nothing and records nothing.
    const again = await result(await post(csv, 'dry_run=false'));
    expect(again).toMatchObject({ applied: false, summary: { joins: 0, changes: 0, unchanged: 2 } });
    expect(await t.booted.services.db.selectFrom('audit_events').select('id').where('action', '=', 'person.import').execute()).toHaveLength(3);
  });

  it('is a dry run unless dry_run=false is given, and ignores absent people by default', async () => {
    await makePerson(t, { email: 'stay@x.test' });
    const r = await result(await post(`${HEADER}\nNew Person,new@x.test,,,,,,\n`, ''));
    expect(r).toMatchObject({ dry_run: true, applied: false, summary: { joins: 1, leaves: 1 } });
    const applied = await result(await post(`${HEADER}\nNew Person,new@x.test,,,,,,\n`, 'dry_run=false'));
    expect(applied.leaves[0]!.action).toBe('report');
    expect((await people()).map((p) => [p.email, p.status])).toEqual([
      ['new@x.test', 'active'],
      ['stay@x.test', 'active'],
    ]);
  });

  it('reads a BOM, CRLF/LF/CR line ends mixed, quoted commas and line breaks, and upper-case headers', async () => {
    const csv = '\uFEFFName,EMAIL,Title,Department\r\n' + 'Aino Aalto,aino@x.test,"Head of Sales, Nordics",Sales\n' + 'Bo Berg,bo@x.test,"Two\r\nlines",Ops\r' + 'Cai Cho,cai@x.test,,\r\n\r\n';
    const r = await result(await post(csv, 'dry_run=false'));
    expect(r.joins.map((j) => [j.row, j.name, j.title])).toEqual([
      [2, 'Aino Aalto', 'Head of Sales, Nordics'],
      [3, 'Bo Berg', 'Two lines'],
      [5, 'Cai Cho', null], // Bo's quoted line break makes Cai start on line 5
    ]);
  });

  it('reports every row error with its line, and a real import with one bad row writes nothing', async () => {
    await makePerson(t, { email: 'boss@x.test' });
    const csv = [
      HEADER,
      'Good One,good1@x.test,,,boss@x.test,,,',
      'Bad Email,not-an-email,,,,,,',
      'Ghost Manager,ghost@x.test,,,nobody@x.test,,,',
      'Bad Date,date@x.test,,,,,2026-02-30,',
      'Good One Again,GOOD1@x.test,,,,,,',
      'Leaving No End,leaving@x.test,,,,leaving,,',
      'Left Future,future@x.test,,,,left,,2027-01-01',
      'Me Myself,me@x.test,,,me@x.test,,,',
      'Wrong Status,status@x.test,,,,retired,,',
      'Ends Early,early@x.test,,,,,2026-05-01,2026-04-01',
      ',blank@x.test,,,,,,',
      `${'L'.repeat(201)},long@x.test,,,,,,`,
      'Too,few,fields',
    ].join('\n');
    const before = await counts(t);
    const dry = await result(await post(csv));
    expect(dry.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'email'],
      [4, 'manager_email'],
      [5, 'start_date'],
      [6, 'email'],
      [7, 'end_date'],
      [8, 'end_date'],
      [9, 'manager_email'],
      [10, 'status'],
      [11, 'end_date'],
      [12, 'name'],
      [13, 'name'],
      [14, 'csv'],
      [14, 'email'],
    ]);
    expect(dry.errors.every((e) => e.message.length > 5)).toBe(true);
    const real = await post(csv, 'dry_run=false');
    expect(real.status).toBe(400);
    const problem = (await real.json()) as { detail: string; errors: { field: string; message: string; row: number }[] };
    expect(problem.detail).toContain('nothing was imported');
    expect(problem.errors).toHaveLength(13);
    expect(problem.errors[0]).toMatchObject({ field: 'rows.3.email', row: 3 });
    expect(await counts(t)).toEqual(before);
  });

  it('rejects a manager loop inside the file and through the directory', async () => {
    const csv = [HEADER, 'Ann,ann@x.test,,,bea@x.test,,,', 'Bea,bea@x.test,,,cid@x.test,,,', 'Cid,cid@x.test,,,ann@x.test,,,'].join('\n');
    const r = await result(await post(csv));
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'manager_email'],
      [3, 'manager_email'],
      [4, 'manager_email'],
    ]);
    const boss = await makePerson(t, { email: 'boss@x.test' });
    await makePerson(t, { email: 'dev@x.test', manager_id: boss.id });
    const viaDirectory = await result(await post(`${HEADER}\nBoss,boss@x.test,,,dev@x.test,,,\n`));
    expect(viaDirectory.errors.map((e) => e.field)).toEqual(['manager_email']);
  });

  it('derives a blank status from the end date and keeps columns the file does not have', async () => {
    await makePerson(t, { email: 'kept@x.test', title: 'Keeper', department: 'Ops' });
    const r = await result(await post('name,email,end_date\nKept,kept@x.test,2026-12-31\nGone,gone@x.test,2026-01-31\n', 'dry_run=false'));
    expect(r.errors).toEqual([]);
    expect(await people()).toMatchObject([
      { email: 'gone@x.test', status: 'left', end_date: '2026-01-31' },
      { email: 'kept@x.test', status: 'leaving', end_date: '2026-12-31', title: 'Keeper' },
    ]);
  });

  it.each([
    ['an unknown column', 'name,email,salary\nA,a@x.test,1\n', ['"salary"']],
    ['a missing required column', 'name,title\nA,CEO\n', ['"email"']],
    ['both, and a duplicate', 'nimi,email,email\nA,a@x.test,a@x.test\n', ['"nimi"', '"name"', '"email" appears more than once']],
  ])('answers 400 naming the columns for %s', async (_what, csv, names) => {
    const res = await post(csv, 'dry_run=false');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { detail: string; errors: { field: string }[] };
    for (const n of names) expect(body.detail).toContain(n);
    expect(body.errors.every((e) => e.field === 'columns')).toBe(true);
    expect((await people()).length).toBe(0);
  });

  it.each([
    ['an empty body', ''],
    ['only blank lines', '\r\n\n\r'],
    ['a header and no rows', `${HEADER}\r\n`],
    ['an unclosed quote', `${HEADER}\n"Broken,b@x.test,,,,,,\n`],
    ['a stray quote', `${HEADER}\nBro"ken",b@x.test,,,,,,\n`],
  ])('answers 400 for %s', async (_what, csv) => {
    const res = await post(csv, 'dry_run=false');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('applies a long management chain listed reports-first, across insert batches', async () => {
    // Row i is managed by row i+1: every manager appears after their report in the file.
    const n = 1_200;
    const rows = Array.from({ length: n }, (_, i) => `P${i},chain${i}@x.test,${i + 1 < n ? `chain${i + 1}@x.test` : ''}`);
    const r = await result(await post(`name,email,manager_email\n${rows.join('\n')}`, 'dry_run=false'));
    expect(r.summary).toMatchObject({ joins: n, errors: 0 });
    const byEmail = new Map((await people()).map((p) => [p.email, p]));
    expect(byEmail.get('chain0@x.test')!.manager_id).toBe(byEmail.get('chain1@x.test')!.id);
    expect(byEmail.get(`chain${n - 1}@x.test`)!.manager_id).toBeNull();
  });

  it('accepts exactly 10,000 rows and answers 400 for more', async () => {
    const big = await buildTestApp(dialect, { limits: { maxCsvBytes: 1024 * 1024 } });
    try {
      const { authorization } = await big.bearer('admin');
      const rows = Array.from({ length: 10_001 }, (_, i) => `P${i},p${i}@x.test,${i ? `p${i - 1}@x.test` : ''}`);
      const send = (lines: string[]) =>
        big.request('/api/v1/people/import?dry_run=true', { method: 'POST', headers: { 'content-type': 'text/csv', authorization }, body: `name,email,manager_email\n${lines.join('\n')}` });
      const ok = await send(rows.slice(0, 10_000));
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as ImportResult).summary).toMatchObject({ rows: 10_000, joins: 10_000, errors: 0 });
      const res = await send(rows);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toContain('10000');
    } finally {
      await big.close();
    }
  });

  it('answers 413 for an oversized body, 400 for invalid UTF-8 and 415 for another content type', async () => {
    const huge = `${HEADER}\n${'Name,n@x.test,,,,,,\n'.repeat(4000)}`;
    expect((await post(huge, 'dry_run=false')).status).toBe(413);
    const latin1 = new Uint8Array([...Buffer.from('name,email\nJ'), 0xe4, ...Buffer.from('rvi,j@x.test\n')]);
    const bad = await post(latin1, 'dry_run=false');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toContain('UTF-8');
    expect((await post(`${HEADER}\n`, 'dry_run=false', 'admin', 'application/json')).status).toBe(415);
    expect((await post(`${HEADER}\n`, 'dry_run=false', 'admin', 'text/plain')).status).toBe(415);
    expect((await people()).length).toBe(0);
  });

  it('answers 400 for bad query parameters', async () => {
    for (const qs of ['dry_run=yes', 'missing=delete']) expect((await post(`${HEADER}\n`, qs)).status).toBe(400);
  });

  it('stores hostile values as text, and an export imports back unchanged', async () => {
    const csv = [
      'name,email,title,department',
      `"<img src=x onerror=alert(1)>",html@x.test,"</td><script>alert(2)</script>",x`,
      `"Robert'); DROP TABLE people;--",sql@x.test,' OR '1'='1,"; DELETE FROM users"`,
      `"=cmd|' /C calc'!A0",formula@x.test,@SUM(A1),+1`,
    ].join('\n');
    expect((await result(await post(csv, 'dry_run=false'))).summary.joins).toBe(3);
    const rows = await people();
    expect(rows.map((p) => p.name)).toEqual(['=cmd|\' /C calc\'!A0', '<img src=x onerror=alert(1)>', "Robert'); DROP TABLE people;--"]);
    const exported = await (await t.request('/api/v1/people/export.csv', { headers: { authorization: auth.admin! } })).text();
    expect(exported).toContain(`'=cmd|' /C calc'!A0,formula@x.test`);
    expect(exported).toContain(`'@SUM(A1)`);
    const back = await result(await post(exported, 'dry_run=true'));
    expect(back.summary).toMatchObject({ joins: 0, changes: 0, unchanged: 3, errors: 0 });
  });
});
