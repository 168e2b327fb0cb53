// Asset service rules on every dialect: permissions, references, no-op writes, long chains, export chunks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/context.js';
import {
  assetSummaries,
  assetSummariesByRefs,
  createAsset,
  exportAssetsCsv,
  getAsset,
  importAssets,
  reactivateAsset,
  retireAsset,
  setAssetDependencies,
} from '../../../src/isms/assets/service.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildAsset, counts, makeAsset } from './factories.js';

const user = (role: 'admin' | 'security_officer' | 'auditor' | 'staff'): Actor => ({ type: 'user', id: `u-${role}`, label: role, role });

describe.each(dialects())('asset service on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('authorises every verb: reading for oversight roles, writing for officers', async () => {
    const a = await makeAsset(t);
    await expect(getAsset(t.ctx(user('auditor')), a.id)).resolves.toMatchObject({ id: a.id });
    await expect(getAsset(t.ctx(user('staff')), a.id)).rejects.toMatchObject({ status: 403 });
    await expect(getAsset(t.ctx(null), a.id)).rejects.toMatchObject({ status: 401 });
    await expect(createAsset(t.ctx(user('auditor')), buildAsset())).rejects.toMatchObject({ status: 403 });
    await expect(retireAsset(t.ctx(user('auditor')), a.id)).rejects.toMatchObject({ status: 403 });
    await expect(importAssets(t.ctx(user('auditor')), 'ref,name\nX,Y\n', { dryRun: true })).rejects.toMatchObject({ status: 403 });
    expect(() => exportAssetsCsv(t.ctx(user('staff')), { sort: 'ref', dir: 'asc' })).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('continues automatic references after the highest AST number, also after one given by hand', async () => {
    await makeAsset(t, { ref: 'AST-500' });
    const next = await makeAsset(t);
    expect(next.ref).toBe('AST-501');
  });

  it('gives concurrent creates distinct references', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, () => makeAsset(t)));
    expect(new Set(made.map((a) => a.ref)).size).toBe(8);
  });

  it('records nothing for a retire of a retired asset or dependencies set to what they are', async () => {
    const db = await makeAsset(t, { kind: 'data_store' });
    const app = await makeAsset(t, { depends_on: [db.ref] });
    const before = await counts(t);
    await setAssetDependencies(t.ctx(), app.id, { depends_on: [db.ref, db.id, db.ref.toLowerCase()] });
    expect(await counts(t)).toEqual(before);
    await retireAsset(t.ctx(), app.id);
    const retired = await counts(t);
    expect(retired.events).toBe(before.events + 1);
    expect((await retireAsset(t.ctx(), app.id)).status).toBe('retired');
    expect(await counts(t)).toEqual(retired);
    expect((await reactivateAsset(t.ctx(), app.id)).status).toBe('active');
  });

  it('refuses a loop through a long chain, naming it briefly, and writes nothing', async () => {
    const chain = [];
    for (let i = 0; i < 40; i++) chain.push(await makeAsset(t, { ref: `CH-${i}`, ...(i ? { depends_on: [`CH-${i - 1}`] } : {}) }));
    const before = await counts(t);
    const err = await setAssetDependencies(t.ctx(), chain[0]!.id, { depends_on: ['CH-39'] }).catch((e: unknown) => e as { status: number; errors: { field: string; message: string }[] });
    expect(err).toMatchObject({ status: 400 });
    expect((err as { errors: { message: string }[] }).errors[0]!.message).toBe('This dependency would close a cycle: CH-0 → CH-39 → CH-38 → CH-37 → CH-36 → CH-35 → CH-34 → … (+27) … → CH-6 → CH-5 → CH-4 → CH-3 → CH-2 → CH-1 → CH-0.');
    expect(await counts(t)).toEqual(before);
  });

  it('keeps the look-ups other areas use, by id and by reference', async () => {
    const a = await makeAsset(t, { ref: 'LOOK-1' });
    expect((await assetSummaries(t.ctx(), [a.id, 'unknown'])).get(a.id)).toEqual({ id: a.id, ref: 'LOOK-1', name: a.name, status: 'active' });
    expect([...(await assetSummariesByRefs(t.ctx(), ['LOOK-1', 'NOPE'])).keys()]).toEqual(['LOOK-1']);
    await expect(assetSummaries(t.ctx(user('staff')), [a.id])).rejects.toMatchObject({ status: 403 });
  });

  it('exports in chunks that join into one file with one header, dependencies included', async () => {
    const rows = Array.from({ length: 1_100 }, (_, i) => `EXPC-${i},Export chunk ${i},system,internal,1,1,1,production,${i ? `EXPC-${i - 1}` : ''}`);
    await importAssets(t.ctx(), `ref,name,kind,classification,confidentiality,integrity,availability,environment,depends_on\n${rows.join('\n')}`, { dryRun: false });
    const chunks: string[] = [];
    for await (const c of exportAssetsCsv(t.ctx(), { q: 'export chunk', sort: 'ref', dir: 'asc' })) chunks.push(c);
    expect(chunks.length).toBe(4); // the header, then 500 + 500 + 100 rows
    const lines = chunks.join('').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(1_101);
    expect(lines.filter((l) => l.startsWith('ref,'))).toHaveLength(1);
    expect(lines[1]).toMatch(/^EXPC-0,/);
    expect(lines.at(-1)).toMatch(/^EXPC-1099,Export chunk 1099,.*,EXPC-1098$/);
  });
});
