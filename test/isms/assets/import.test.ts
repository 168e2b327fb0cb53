// CSV import over the API on every dialect: the diff, every kind of row error, cycles, all-or-nothing, hostile files.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import type { ImportResult } from '../../../src/isms/assets/schema.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { makePerson } from '../people/factories.js';
import { counts, dependOn, makeAsset } from './factories.js';

const HEADER = 'ref,name,kind,description,owner_email,classification,confidentiality,integrity,availability,environment,status,depends_on';

describe.each(dialects())('asset CSV import on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { maxCsvBytes: 64 * 1024 } });
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
    await makePerson(t, { name: 'Olga Owner', email: 'olga@x.test' });
    await makePerson(t, { name: 'Gone Person', email: 'gone@x.test', status: 'left', end_date: '2026-01-31' });
  });
  afterAll(async () => t.close());
  // Each test starts from an empty inventory: the import compares the whole inventory with the file.
  beforeEach(async () => {
    await t.booted.services.db.deleteFrom('asset_dependencies').execute();
    await t.booted.services.db.deleteFrom('assets').execute();
  });

  const post = (csv: string | Uint8Array, qs = 'dry_run=true', role: Role = 'admin', type = 'text/csv') =>
    t.request(`/api/v1/assets/import?${qs}`, { method: 'POST', headers: { 'content-type': type, authorization: auth[role]! }, body: csv });
  const result = async (res: Response): Promise<ImportResult> => {
    expect(res.status).toBe(200);
    return (await res.json()) as ImportResult;
  };
  const inventory = () => t.booted.services.db.selectFrom('assets').select(['ref', 'name', 'kind', 'classification', 'confidentiality', 'environment', 'owner_id', 'status', 'description']).orderBy('ref').execute();
  const edges = async () => {
    const db = t.booted.services.db;
    const rows = await db
      .selectFrom('asset_dependencies as d')
      .innerJoin('assets as a', 'a.id', 'd.asset_id')
      .innerJoin('assets as b', 'b.id', 'd.depends_on_id')
      .select(['a.ref as from', 'b.ref as to'])
      .execute();
    return rows.map((r) => `${r.from}>${r.to}`).sort();
  };
  const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

  it('refuses callers without assets.import: 401 for a forged token, 403 for auditor and staff', async () => {
    const forged = await t.request('/api/v1/assets/import', { method: 'POST', headers: { 'content-type': 'text/csv', authorization: 'Bearer kilpi_nope' }, body: csv() });
    expect(forged.status).toBe(401);
    for (const role of ['auditor', 'staff'] as const) expect((await post(csv(',A,system,,,internal,1,1,1,production,,'), 'dry_run=false', role)).status).toBe(403);
    expect(await inventory()).toEqual([]);
  });

  it('reports new assets and field-by-field changes in a dry run, assigning references, and writes nothing', async () => {
    const db = await makeAsset(t, { ref: 'AST-007', name: 'Payments DB', kind: 'data_store', classification: 'secret', confidentiality: 4, integrity: 4, availability: 4 });
    await makeAsset(t, { ref: 'AST-008', name: 'Unchanged thing', kind: 'service', classification: 'internal', confidentiality: 2, integrity: 2, availability: 2 });
    const file = csv(
      'AST-007,Payments database,data_store,Primary cluster,olga@x.test,secret,4,4,3,production,,',
      'AST-008,Unchanged thing,service,,,internal,2,2,2,production,active,',
      'API-1,Payment API,Service,,OLGA@x.test,Confidential,3,4,4,Production,,AST-007;ast-007',
      ',Card data,information,"Card numbers, expiry dates",,secret,4,4,3,,,API-1',
      ',Cardholder list,information,,,secret,4,4,3,,retired,',
    );
    const before = await counts(t);
    const r = await result(await post(file));
    expect(r).toMatchObject({ dry_run: true, applied: false, summary: { rows: 5, new: 3, changes: 1, unchanged: 1, errors: 0 } });
    expect(r.new.map((n) => [n.row, n.ref, n.ref_assigned, n.name, n.kind, n.classification, n.environment, n.owner_email, n.status, n.depends_on])).toEqual([
      [4, 'API-1', false, 'Payment API', 'service', 'confidential', 'production', 'olga@x.test', 'active', ['AST-007']],
      [5, 'AST-009', true, 'Card data', 'information', 'secret', null, null, 'active', ['API-1']],
      [6, 'AST-010', true, 'Cardholder list', 'information', 'secret', null, null, 'retired', []],
    ]);
    expect(r.changes).toEqual([
      {
        row: 2,
        id: db.id,
        ref: 'AST-007',
        name: 'Payments database',
        fields: [
          { field: 'name', before: 'Payments DB', after: 'Payments database' },
          { field: 'description', before: null, after: 'Primary cluster' },
          { field: 'owner_email', before: null, after: 'olga@x.test' },
          { field: 'availability', before: '4', after: '3' },
        ],
      },
    ]);
    expect(await counts(t)).toEqual(before);
  });

  it('applies a clean file in one go with an asset.import event per written asset, and a second run changes nothing', async () => {
    await makeAsset(t, { ref: 'AST-001', name: 'Existing', confidentiality: 1 });
    const file = csv('AST-001,Existing,system,,,internal,3,2,2,production,,AST-003', 'AST-002,Gateway,service,,olga@x.test,confidential,3,4,4,production,,AST-003', 'AST-003,Database,data_store,,,secret,4,4,4,production,,', ',Card data,information,,,secret,4,4,3,,,AST-003');
    const r = await result(await post(file, 'dry_run=false'));
    expect(r).toMatchObject({ dry_run: false, applied: true, summary: { new: 3, changes: 1 } });
    expect((await inventory()).map((a) => [a.ref, a.name, a.confidentiality])).toEqual([
      ['AST-001', 'Existing', 3],
      ['AST-002', 'Gateway', 3],
      ['AST-003', 'Database', 4],
      ['AST-004', 'Card data', 4],
    ]);
    expect(await edges()).toEqual(['AST-001>AST-003', 'AST-002>AST-003', 'AST-004>AST-003']);
    const events = await t.booted.services.db.selectFrom('audit_events').select(['action', 'before_json', 'after_json']).where('action', '=', 'asset.import').execute();
    expect(events).toHaveLength(4);
    const change = events.find((e) => e.before_json !== null)!;
    expect(JSON.parse(change.before_json!)).toMatchObject({ ref: 'AST-001', confidentiality: 1, depends_on: [] });
    expect(JSON.parse(change.after_json!)).toMatchObject({ ref: 'AST-001', confidentiality: 3, depends_on: ['AST-003'] });
    const again = await result(await post(file.replace(',Card data,', 'AST-004,Card data,'), 'dry_run=false'));
    expect(again).toMatchObject({ applied: false, summary: { new: 0, changes: 0, unchanged: 4 } });
    expect(await t.booted.services.db.selectFrom('audit_events').select('id').where('action', '=', 'asset.import').execute()).toHaveLength(4);
  });

  it('is a dry run unless dry_run=false is given', async () => {
    const r = await result(await post(csv(',Only,system,,,internal,1,1,1,production,,'), ''));
    expect(r).toMatchObject({ dry_run: true, applied: false, summary: { new: 1 } });
    expect(await inventory()).toEqual([]);
  });

  it('matches rows without a reference by name, and keeps the columns the file leaves out', async () => {
    const owner = await makePerson(t);
    await makeAsset(t, { ref: 'AST-001', name: 'Kept', owner_id: owner.id, description: 'Stays', classification: 'secret', confidentiality: 4 });
    const r = await result(await post('name,integrity,depends_on\nKept,4,\n', 'dry_run=false'));
    expect(r.summary).toMatchObject({ new: 0, changes: 1 });
    expect(await inventory()).toEqual([expect.objectContaining({ ref: 'AST-001', classification: 'secret', confidentiality: 4, owner_id: owner.id, description: 'Stays' })]);
    expect(r.changes[0]!.fields).toEqual([{ field: 'integrity', before: '2', after: '4' }]);
  });

  it('reports every kind of row error with its row and column, and a real import with one bad row writes nothing', async () => {
    await makeAsset(t, { ref: 'HAS-1', name: 'Existing name' });
    await makeAsset(t, { ref: 'INFO-1', name: 'Old info', kind: 'information', environment: null });
    const file = csv(
      'OK-1,Good one,system,,,internal,1,1,1,production,,', // 2: fine
      'bad ref!,Bad ref,system,,,internal,1,1,1,production,,', // 3
      'OK-2,,system,,,internal,1,1,1,production,,', // 4: blank name on a new asset
      'OK-3,Bad kind,server,,,internal,1,1,1,production,,', // 5
      'OK-4,Bad class,system,,,top secret,1,1,1,production,,', // 6
      'OK-5,Bad CIA,system,,,internal,0,5,x,production,,', // 7: three errors
      'OK-6,Bad env,system,,,internal,1,1,1,staging,,', // 8
      'OK-7,Info with env,information,,,internal,1,1,1,production,,', // 9
      'OK-8,System without env,system,,,internal,1,1,1,,,', // 10
      'OK-9,Bad status,system,,,internal,1,1,1,production,deleted,', // 11
      'OK-10,Unknown owner,system,,nobody@x.test,internal,1,1,1,production,,', // 12
      'OK-11,Bad email,system,,not-an-email,internal,1,1,1,production,,', // 13
      'OK-12,Left owner,system,,gone@x.test,internal,1,1,1,production,,', // 14
      'OK-13,Unknown dep,system,,,internal,1,1,1,production,,NOPE-1', // 15
      'OK-14,Self dep,system,,,internal,1,1,1,production,,OK-14', // 16
      'OK-1,Duplicate ref,system,,,internal,1,1,1,production,,', // 17
      'OK-15,Good one,system,,,internal,1,1,1,production,,', // 18: duplicate name in the file
      'OK-16,Existing name,system,,,internal,1,1,1,production,,', // 19: name of HAS-1
      `OK-17,${'L'.repeat(201)},system,,,internal,1,1,1,production,,`, // 20
      'OK-18,Ctrl\u0007name,system,,,internal,1,1,1,production,,', // 21
      'Too,few,fields', // 22
      'HAS-1,Existing name,system,,,internal,,1,1,production,,', // 23: blank required cell on an existing asset
      'OK-19,Bad dep format,system,,,internal,1,1,1,production,,A B;C', // 24
    );
    const before = await counts(t);
    const dry = await result(await post(file));
    expect(dry.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'ref'],
      [4, 'name'],
      [5, 'kind'],
      [6, 'classification'],
      [7, 'confidentiality'],
      [7, 'integrity'],
      [7, 'availability'],
      [8, 'environment'],
      [9, 'environment'],
      [10, 'environment'],
      [11, 'status'],
      [12, 'owner_email'],
      [13, 'owner_email'],
      [14, 'owner_email'],
      [15, 'depends_on'],
      [16, 'depends_on'],
      [17, 'ref'],
      [18, 'name'],
      [19, 'name'],
      [20, 'name'],
      [21, 'name'],
      [22, 'csv'],
      [22, 'kind'],
      [23, 'confidentiality'],
      [24, 'depends_on'],
    ]);
    const msg = (row: number, field: string) => dry.errors.find((e) => e.row === row && e.field === field)!.message;
    expect(msg(15, 'depends_on')).toBe('No asset has the reference NOPE-1.');
    expect(msg(17, 'ref')).toBe('The reference OK-1 is on an earlier row of the file (row 2).');
    expect(msg(18, 'name')).toBe('This name is on an earlier row of the file (row 2).');
    expect(msg(19, 'name')).toBe('Asset HAS-1 already has this name.');
    expect(msg(9, 'environment')).toBe('Information has no environment; leave it blank.');
    expect(dry.new.map((n) => n.ref)).toEqual(['OK-1']);
    const real = await post(file, 'dry_run=false');
    expect(real.status).toBe(400);
    const problem = (await real.json()) as { detail: string; errors: { field: string; message: string; row: number }[] };
    expect(problem.detail).toContain('nothing was imported');
    expect(problem.errors).toHaveLength(dry.errors.length);
    expect(problem.errors[0]).toMatchObject({ field: 'rows.3.ref', row: 3 });
    expect(await counts(t)).toEqual(before);
  });

  it('refuses cycles the file creates, inside the file and through the inventory, naming the loop', async () => {
    const inFile = await result(await post(csv('A-1,Alpha,system,,,internal,1,1,1,production,,A-2', 'A-2,Beta,system,,,internal,1,1,1,production,,A-3', 'A-3,Gamma,system,,,internal,1,1,1,production,,A-1', 'A-4,Delta,system,,,internal,1,1,1,production,,A-1')));
    expect(inFile.errors).toEqual([
      { row: 2, field: 'depends_on', message: 'This dependency would close a cycle: A-1 → A-2 → A-3 → A-1.' },
      { row: 3, field: 'depends_on', message: 'This dependency would close a cycle: A-2 → A-3 → A-1 → A-2.' },
      { row: 4, field: 'depends_on', message: 'This dependency would close a cycle: A-3 → A-1 → A-2 → A-3.' },
    ]);
    // Delta only depends on the loop; it is fine on its own.
    expect(inFile.new.map((n) => n.ref)).toEqual(['A-4']);
    const app = await makeAsset(t, { ref: 'AST-003', name: 'App' });
    const host = await makeAsset(t, { ref: 'AST-014', name: 'Host' });
    await dependOn(t, app, host);
    const viaInventory = await result(await post(csv('AST-014,Host,system,,,internal,2,2,2,production,,AST-003')));
    expect(viaInventory.errors).toEqual([{ row: 2, field: 'depends_on', message: 'This dependency would close a cycle: AST-014 → AST-003 → AST-014.' }]);
    // Rewiring both in one file is fine: the file replaces App's dependencies too.
    const swapped = await result(await post(csv('AST-014,Host,system,,,internal,2,2,2,production,,AST-003', 'AST-003,App,system,,,internal,2,2,2,production,,'), 'dry_run=false'));
    expect(swapped.errors).toEqual([]);
    expect(await edges()).toEqual(['AST-014>AST-003']);
  });

  it('reads a BOM, CRLF/LF/CR line ends, quoted commas and multi-line descriptions, and upper-case headers', async () => {
    const file = '\uFEFFRef,NAME,Kind,Description,Classification,Confidentiality,Integrity,Availability,Environment\r\n' + 'B-1,"Vault, primary",system,"Line one\r\nline two",secret,4,4,4,production\n' + 'B-2,Net,system,,internal,2,2,2,production\r' + 'B-3,Laptop,device,,internal,2,2,2,production\r\n\r\n';
    const r = await result(await post(file, 'dry_run=false'));
    expect(r.new.map((n) => [n.row, n.ref, n.name])).toEqual([
      [2, 'B-1', 'Vault, primary'],
      [4, 'B-2', 'Net'],
      [5, 'B-3', 'Laptop'],
    ]);
    expect((await inventory()).find((a) => a.ref === 'B-1')!.description).toBe('Line one\nline two');
  });

  it.each([
    ['an unknown column', 'ref,name,colour\nA,B,red\n', ['"colour"']],
    ['a duplicate column', 'ref,name,name\nA,B,C\n', ['"name" appears more than once']],
    ['no key column', 'kind,classification\nsystem,internal\n', ['"ref" or a "name" column']],
  ])('answers 400 naming the columns for %s', async (_what, file, names) => {
    const res = await post(file, 'dry_run=false');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { detail: string; errors: { field: string }[] };
    for (const n of names) expect(body.detail).toContain(n);
    expect(body.errors.every((e) => e.field === 'columns')).toBe(true);
    expect(await inventory()).toEqual([]);
  });

  it.each([
    ['an empty body', ''],
    ['only blank lines', '\r\n\n\r'],
    ['a header and no rows', `${HEADER}\r\n`],
    ['an unclosed quote', `${HEADER}\n"Broken,x,system,,,internal,1,1,1,production,,\n`],
    ['a stray quote', `${HEADER}\nBro"ken",x,system,,,internal,1,1,1,production,,\n`],
  ])('answers 400 for %s', async (_what, file) => {
    const res = await post(file, 'dry_run=false');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers 413 for an oversized body, 400 for Latin-1 or UTF-16 bytes, 415 for another content type', async () => {
    const huge = `${HEADER}\n${',Name,system,,,internal,1,1,1,production,,\n'.repeat(2000)}`;
    expect((await post(huge, 'dry_run=false')).status).toBe(413);
    const latin1 = new Uint8Array([...Buffer.from('ref,name\nX-1,J'), 0xe4, ...Buffer.from('rvi\n')]);
    const bad = await post(latin1, 'dry_run=false');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toContain('UTF-8');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('ref,name\r\nX-1,Y\r\n', 'utf16le')]);
    expect((await post(utf16, 'dry_run=false')).status).toBe(400);
    expect((await post(csv(), 'dry_run=false', 'admin', 'application/json')).status).toBe(415);
    expect((await post(csv(), 'dry_run=yes')).status).toBe(400);
    expect(await inventory()).toEqual([]);
  });

  it('accepts exactly 10,000 rows in a dry run and answers 400 for more', async () => {
    const big = await buildTestApp(dialect, { limits: { maxCsvBytes: 2 * 1024 * 1024 } });
    try {
      const { authorization } = await big.bearer('admin');
      const rows = Array.from({ length: 10_001 }, (_, i) => `C-${i},Chain ${i},system,internal,1,1,1,production,${i ? `C-${i - 1}` : ''}`);
      const send = (lines: string[]) =>
        big.request('/api/v1/assets/import?dry_run=true', { method: 'POST', headers: { 'content-type': 'text/csv', authorization }, body: `ref,name,kind,classification,confidentiality,integrity,availability,environment,depends_on\n${lines.join('\n')}` });
      const ok = await send(rows.slice(0, 10_000));
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as ImportResult).summary).toMatchObject({ rows: 10_000, new: 10_000, errors: 0 });
      const res = await send(rows);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toContain('10000');
    } finally {
      await big.close();
    }
  }, 60_000);

  it('applies a long chain listed dependents first across insert batches, and names a loop through it briefly', async () => {
    const n = 1_200;
    const header = 'ref,name,kind,classification,confidentiality,integrity,availability,environment,depends_on';
    // Row i depends on row i+1, which comes later in the file.
    const rows = Array.from({ length: n }, (_, i) => `L-${i},Link ${i},system,internal,1,1,1,production,${i + 1 < n ? `L-${i + 1}` : ''}`);
    const r = await result(await post(`${header}\n${rows.join('\n')}`, 'dry_run=false'));
    expect(r.summary).toMatchObject({ new: n, errors: 0 });
    expect(await edges()).toHaveLength(n - 1);
    // Closing the chain: the message keeps both ends and counts what it leaves out.
    const loop = await result(await post(`${header}\nL-${n - 1},Link ${n - 1},system,internal,1,1,1,production,L-0\n`));
    expect(loop.errors).toEqual([{ row: 2, field: 'depends_on', message: `This dependency would close a cycle: L-${n - 1} → L-0 → L-1 → L-2 → L-3 → L-4 → L-5 → … (+${n + 1 - 14}) … → L-${n - 7} → L-${n - 6} → L-${n - 5} → L-${n - 4} → L-${n - 3} → L-${n - 2} → L-${n - 1}.` }]);
    // A file that is one big loop names every row, without a walk per row.
    const ring = Array.from({ length: n }, (_, i) => `R-${i},Ring ${i},system,internal,1,1,1,production,R-${(i + 1) % n}`);
    const all = await result(await post(`${header}\n${ring.join('\n')}`));
    expect(all.errors).toHaveLength(n);
    expect(all.errors.every((e) => e.field === 'depends_on' && e.message.length < 300)).toBe(true);
  }, 60_000);

  it('stores hostile values as text, guards formulas in the export, and an export imports back unchanged', async () => {
    const file = [
      'ref,name,kind,description,classification,confidentiality,integrity,availability,environment,depends_on',
      `H-1,"<img src=x onerror=alert(1)>",system,"</td><script>alert(2)</script>",internal,1,1,1,production,`,
      `H-2,"Robert'); DROP TABLE assets;--",system,' OR '1'='1,internal,1,1,1,production,H-1`,
      `H-3,"=cmd|' /C calc'!A0",system,@SUM(A1),internal,1,1,1,production,H-1;H-2`,
      `H-4,-2+3,system,"+1 multi\nline",internal,1,1,1,production,`,
    ].join('\n');
    expect((await result(await post(file, 'dry_run=false'))).summary.new).toBe(4);
    expect((await inventory()).map((a) => a.name)).toEqual(['<img src=x onerror=alert(1)>', "Robert'); DROP TABLE assets;--", "=cmd|' /C calc'!A0", '-2+3']);
    const exported = await (await t.request('/api/v1/assets/export.csv', { headers: { authorization: auth.admin! } })).text();
    expect(exported).toContain(`H-3,'=cmd|' /C calc'!A0,system,'@SUM(A1),`);
    expect(exported).toContain(`H-4,'-2+3,system,"'+1 multi\nline",`);
    const back = await result(await post(exported, 'dry_run=true'));
    expect(back.summary).toMatchObject({ new: 0, changes: 0, unchanged: 4, errors: 0 });
  });
});
