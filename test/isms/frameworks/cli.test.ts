// `kilpi frameworks` through the real command: import an OSCAL catalog (dry run, then --apply),
// list, export; bad files fail with one line and change nothing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { counts, dbEnv, kilpi, oneLineError } from '../../cli/run.js';
import { buildOscal } from './factories.js';

describe.each(dialects())('kilpi frameworks on %s', (dialect) => {
  let db: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'kilpi-fw-cli-'));
  const file = (name: string, body: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
    return p;
  };
  const run = (args: string[]) => kilpi(['--data', db.dataDir, ...args], { env: dbEnv(db), timeoutMs: 60_000 });

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    expect((await run(['migrate'])).code).toBe(0);
    // The first command that boots loads the bundled catalogues (audited); the counts below start after it.
    expect((await run(['frameworks', 'list'])).code).toBe(0);
  });
  afterAll(async () => db.drop());

  it('shows what an import would do, writes it only with --apply, and lists the framework', async () => {
    const catalog = file('acme.json', buildOscal());
    const before = await counts(db);
    const dry = await run(['frameworks', 'import', catalog, '--id', 'acme']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Would import acme (Acme security baseline, version 2.1): 3 added');
    expect(dry.stdout).toContain('--apply');
    expect(await counts(db)).toEqual(before);
    const applied = await run(['frameworks', 'import', catalog, '--id', 'acme', '--apply']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^Imported acme /);
    expect((await counts(db)).events).toBe(before.events + 1);
    const list = await run(['--json', 'frameworks', 'list']);
    expect((JSON.parse(list.stdout) as { items: { id: string; requirements: number; origin: string }[] }).items.find((f) => f.id === 'acme')).toMatchObject({ requirements: 3, origin: 'oscal' });
  });

  it('exports a framework as OSCAL to standard output or a new file', async () => {
    const out = await run(['frameworks', 'export', 'acme']);
    expect(out.code, out.stderr).toBe(0);
    expect((JSON.parse(out.stdout) as { catalog: { metadata: { title: string } } }).catalog.metadata.title).toBe('Acme security baseline');
    const target = join(dir, 'out.json');
    expect((await run(['frameworks', 'export', 'acme', '--out', target])).code).toBe(0);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toHaveProperty('catalog.uuid');
    const again = await run(['frameworks', 'export', 'acme', '--out', target]);
    expect(again.code).toBe(2);
    expect(oneLineError(again)).toContain('the file exists');
  });

  it('fails with one line and writes nothing for a missing framework, broken JSON, a non-catalog or a bad id', async () => {
    const before = await counts(db);
    const missing = await run(['frameworks', 'export', 'no-such']);
    expect(missing.code).toBe(1);
    expect(oneLineError(missing)).toContain('The framework was not found.');
    const broken = await run(['frameworks', 'import', file('broken.json', '{"catalog": '), '--apply']);
    expect(broken.code).toBe(2);
    expect(oneLineError(broken)).toContain('is not valid JSON');
    const ssp = await run(['frameworks', 'import', file('ssp.json', { 'system-security-plan': {} }), '--apply']);
    expect(ssp.code).toBe(2);
    expect(oneLineError(ssp)).toContain('catalog:');
    const badId = await run(['frameworks', 'import', file('acme2.json', buildOscal()), '--id', 'Bad Id', '--apply']);
    expect(badId.code).toBe(2);
    expect(oneLineError(badId)).toContain('id:');
    expect((await run(['frameworks', 'import', join(dir, 'nope.json')])).code).toBe(2);
    expect(await counts(db)).toEqual(before);
  });
});
