// Loading catalogues at boot on every dialect: idempotent, updates by ref keep ids and links,
// requirements that leave are deleted or kept as withdrawn, a broken file stops the boot.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type Booted } from '../../../src/bootstrap.js';
import { FixedClock } from '../../../src/core/clock.js';
import { systemActor } from '../../../src/core/context.js';
import { BUNDLED_CATALOGUE_DIR, loadBundledCatalogues } from '../../../src/isms/frameworks/catalogue-files.js';
import { importOscal } from '../../../src/isms/frameworks/oscal-service.js';
import { seedFrameworks } from '../../../src/isms/frameworks/demo.js';
import { annexAControls, resolveRequirementKeys, setLicensedText } from '../../../src/isms/frameworks/service.js';
import { dialects, freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildCatalogue, buildOscal, catalogueDir, counts, linkControl, writeCatalogue } from './factories.js';

describe.each(dialects())('catalogue loading on %s', (dialect) => {
  let tdb: TestDatabase;
  let booted: Booted;
  const clock = new FixedClock(new Date('2026-11-25T08:00:00.000Z'));
  const dir = catalogueDir({ 'test-fw.json': buildCatalogue() });
  const ctx = () => ({ db: booted.services.db, clock, actor: systemActor('test') });
  const load = () => loadBundledCatalogues({ db: booted.services.db, clock, log: pino({ level: 'silent' }) }, dir);
  const reqs = async () => booted.services.db.selectFrom('requirements').selectAll().where('framework_id', '=', 'test-fw').orderBy('sort_order').execute();

  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    booted = await boot({ dataDir: tdb.dataDir, databaseUrl: tdb.databaseUrl, clock, log: pino({ level: 'silent' }), frameworksDir: dir });
  });
  afterAll(async () => {
    await booted.close();
    await tdb.drop();
  });

  it('loaded the catalogue at boot with one audit event for the framework', async () => {
    const rows = await reqs();
    expect(rows.map((r) => r.ref)).toEqual(['R.1', 'R.1.1', 'R.2', 'R.3']);
    expect(rows[1]).toMatchObject({ parent_ref: 'R.1', group_ref: 'G1', withdrawn_at: null });
    expect(JSON.parse(rows[2]!.attributes)).toEqual({ control_type: ['preventive'] });
    const events = await booted.services.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'framework').execute();
    expect(events.map((e) => [e.action, e.entity_id, e.actor_label])).toEqual([['framework.load', 'test-fw', 'catalogue loader']]);
    expect(JSON.parse(events[0]!.after_json!)).toMatchObject({ added: 4, changed: 0, removed: 0, requirements: 4 });
  });

  it('changes nothing and records nothing when the file is unchanged (also across a reboot)', async () => {
    const before = await counts(booted.services.db);
    const stamps = (await reqs()).map((r) => r.updated_at);
    expect((await load()).map((o) => o.status)).toEqual(['unchanged']);
    await booted.close();
    booted = await boot({ dataDir: tdb.dataDir, databaseUrl: tdb.databaseUrl, clock, log: pino({ level: 'silent' }), frameworksDir: dir });
    expect(await counts(booted.services.db)).toEqual(before);
    expect((await reqs()).map((r) => r.updated_at)).toEqual(stamps);
  });

  it('updates by ref: ids stay, so control links survive; one event with counts', async () => {
    const before = await reqs();
    const r2 = before.find((r) => r.ref === 'R.2')!;
    const control = await linkControl(booted.services.db, r2.id);
    clock.advance(60_000);
    const next = buildCatalogue();
    next.version = '1.1';
    next.requirements[2] = { ...next.requirements[2]!, title: 'Second, renamed', paraphrase: 'The second thing, said again.' };
    next.requirements.push({ ref: 'R.4', title: 'Fourth', kind: 'requirement', group: 'G2', paraphrase: 'A new one.' });
    writeCatalogue(dir, 'test-fw.json', next);
    const [outcome] = await load();
    expect(outcome).toMatchObject({ status: 'updated', added: 1, changed: 1, removed: 0, withdrawn: 0 });
    const after = await reqs();
    expect(after.find((r) => r.ref === 'R.2')).toMatchObject({ id: r2.id, title: 'Second, renamed' });
    for (const r of before) expect(after.find((x) => x.ref === r.ref)?.id).toBe(r.id);
    const link = await booted.services.db.selectFrom('control_requirements').selectAll().where('control_id', '=', control).execute();
    expect(link).toEqual([{ control_id: control, requirement_id: r2.id }]);
    const events = await booted.services.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'framework').orderBy('seq').execute();
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]!.before_json!)).toMatchObject({ version: '1.0' });
    expect(JSON.parse(events[1]!.after_json!)).toMatchObject({ version: '1.1', added: 1, changed: 1 });
  });

  it('deletes a requirement that leaves with nothing on it, keeps a linked or annotated one as withdrawn', async () => {
    const before = await reqs();
    await setLicensedText(ctx(), 'test-fw', 'R.3', { licensed_text: 'Our licensed wording.' });
    const next = buildCatalogue({ version: '1.2' });
    next.requirements = next.requirements.filter((r) => r.ref === 'R.1' || r.ref === 'R.1.1');
    writeCatalogue(dir, 'test-fw.json', next);
    const [outcome] = await load();
    // R.2 is linked to a control, R.3 holds licensed text, R.4 has nothing: deleted.
    expect(outcome).toMatchObject({ status: 'updated', removed: 1, withdrawn: 2 });
    const after = await reqs();
    expect(after.map((r) => [r.ref, r.withdrawn_at !== null])).toEqual([
      ['R.1', false],
      ['R.1.1', false],
      ['R.2', true],
      ['R.3', true],
    ]);
    expect(after.find((r) => r.ref === 'R.2')!.id).toBe(before.find((r) => r.ref === 'R.2')!.id);
    const { found } = await resolveRequirementKeys(ctx(), ['test-fw:R.2']);
    expect(found.get('test-fw:R.2')?.withdrawn).toBe(true);
  });

  it('restores a withdrawn requirement with its id when it returns', async () => {
    const r2 = (await reqs()).find((r) => r.ref === 'R.2')!;
    writeCatalogue(dir, 'test-fw.json', buildCatalogue({ version: '1.3' }));
    const [outcome] = await load();
    expect(outcome).toMatchObject({ status: 'updated', restored: 2, added: 0, removed: 0 });
    const back = (await reqs()).find((r) => r.ref === 'R.2')!;
    expect(back).toMatchObject({ id: r2.id, withdrawn_at: null });
  });

  it('never lets a bundled file overwrite a framework imported from OSCAL under the same id', async () => {
    await importOscal(ctx(), buildOscal(), { dryRun: false, id: 'acme' });
    writeCatalogue(dir, 'acme.json', buildCatalogue({ id: 'acme', name: 'Bundled acme' }));
    const outcomes = await load();
    expect(outcomes.find((o) => o.id === 'acme')?.status).toBe('skipped');
    const fw = await booted.services.db.selectFrom('frameworks').selectAll().where('id', '=', 'acme').executeTakeFirstOrThrow();
    expect(fw).toMatchObject({ origin: 'oscal', name: 'Acme security baseline' });
  });

  it('refuses to boot on a broken bundled file, naming the file and the field in one line, and writes nothing', async () => {
    const broken = buildCatalogue({ id: 'broken' }) as unknown as { requirements: Record<string, unknown>[] };
    broken.requirements[2]!.group = 'G7';
    const bad = catalogueDir({ 'ok.json': buildCatalogue({ id: 'ok-fw' }), 'zz-broken.json': broken });
    const other = await freshDatabase(dialect);
    try {
      const err = await boot({ dataDir: other.dataDir, databaseUrl: other.databaseUrl, clock, log: pino({ level: 'silent' }), frameworksDir: bad }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toMatch(/zz-broken\.json: requirements\.2 \(R\.2\)\.group: names no group/);
      expect(err?.message).not.toContain('\n');
      // Every file is checked before any is loaded: the valid one was not written either.
      const again = await boot({ dataDir: other.dataDir, databaseUrl: other.databaseUrl, clock, log: pino({ level: 'silent' }), frameworksDir: catalogueDir({}) });
      expect(await counts(again.services.db)).toEqual({ frameworks: 0, requirements: 0, events: 0 });
      await again.close();
    } finally {
      await other.drop();
    }
  });
});

describe.each(dialects())('the bundled catalogues on %s', (dialect) => {
  let tdb: TestDatabase;
  let booted: Booted;
  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    booted = await boot({ dataDir: tdb.dataDir, databaseUrl: tdb.databaseUrl, log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await booted.close();
    await tdb.drop();
  });

  it('are loaded from content/frameworks at boot, ISO/IEC 27001:2022 among them', async () => {
    expect(BUNDLED_CATALOGUE_DIR).toMatch(/content[\\/]frameworks$/);
    const annex = await annexAControls({ db: booted.services.db, clock: booted.services.clock, actor: systemActor('test') });
    expect(annex).toHaveLength(93);
    expect(annex[0]).toMatchObject({ ref: 'A.5.1', group_ref: 'A.5', kind: 'control', withdrawn: false });
    const { found, unknown } = await resolveRequirementKeys({ db: booted.services.db, clock: booted.services.clock, actor: systemActor('test') }, ['iso27001-2022:A.8.13', 'iso27001-2022:6.1.2', 'iso27001-2022:A.9.1', 'nonsense', 'iso27001-2022:A.8\u00001']);
    expect([...found.keys()]).toEqual(['iso27001-2022:A.8.13', 'iso27001-2022:6.1.2']);
    expect(unknown).toEqual(['iso27001-2022:A.9.1', 'nonsense', 'iso27001-2022:A.8\u00001']);
  });

  it('gives the demo its counts without writing anything, however often it runs', async () => {
    const c = { db: booted.services.db, clock: booted.services.clock, actor: null };
    const before = await counts(booted.services.db);
    const first = await seedFrameworks(c);
    expect(first.frameworks).toBeGreaterThanOrEqual(1);
    expect(first.requirements).toBeGreaterThanOrEqual(127);
    expect(await seedFrameworks(c)).toEqual(first);
    expect(await counts(booted.services.db)).toEqual(before);
  });
});
