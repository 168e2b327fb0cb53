// OSCAL: conversion rules, exports valid against the official NIST 1.1.3 schema (ajv), the official
// examples, round trips of every bundled catalogue, and hostile documents refused whole.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type Booted } from '../../../src/bootstrap.js';
import { FixedClock } from '../../../src/core/clock.js';
import { systemActor, type Ctx } from '../../../src/core/context.js';
import { isAppError, type AppError } from '../../../src/core/errors.js';
import { BUNDLED_CATALOGUE_DIR, readCatalogueFile } from '../../../src/isms/frameworks/catalogue-files.js';
import type { Catalogue } from '../../../src/isms/frameworks/catalogue-schema.js';
import { frameworkToOscal } from '../../../src/isms/frameworks/oscal-export.js';
import { KILPI_NS, oscalToCatalogue } from '../../../src/isms/frameworks/oscal-import.js';
import { OscalCatalogDocument } from '../../../src/isms/frameworks/oscal-schema.js';
import { exportOscal, importOscal } from '../../../src/isms/frameworks/oscal-service.js';
import type { FrameworkRow, RequirementRow } from '../../../src/isms/tables.js';
import { dialects, freshDatabase, type TestDatabase } from '../../helpers/db.js';
import { buildCatalogue, buildOscal, catalogueDir, counts } from './factories.js';
import { catalogValidator, example, oscalPresent, reportMissingOscal, schemaErrors } from './oscal-conformance.js';

/** Database-shaped rows for a catalogue, so the exporter can run without a database. */
function rowsOf(c: Catalogue) {
  const now = '2026-11-25T08:00:00.000Z';
  const framework: FrameworkRow = { id: c.id, name: c.name, version: c.version, source: c.source, publisher: c.publisher ?? null, description: c.description ?? null, origin: 'bundled', content_hash: 'f'.repeat(64), created_at: now, updated_at: now };
  const requirements: RequirementRow[] = c.requirements.map((r, i) => ({
    id: `id-${i}`,
    framework_id: c.id,
    ref: r.ref,
    title: r.title,
    kind: r.kind,
    group_ref: r.group ?? null,
    parent_ref: r.parent ?? null,
    paraphrase: r.paraphrase,
    attributes: JSON.stringify(r.attributes ?? {}),
    licensed_text: 'LICENSED WORDING THAT MUST NEVER LEAVE',
    sort_order: i,
    search_key: '',
    withdrawn_at: null,
    created_at: now,
    updated_at: now,
  }));
  const groups = c.groups.map((g, i) => ({ framework_id: c.id, ref: g.id, title: g.title, parent_ref: g.parent ?? null, sort_order: i }));
  return { framework, requirements, groups };
}

const bundled = readdirSync(BUNDLED_CATALOGUE_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => readCatalogueFile(join(BUNDLED_CATALOGUE_DIR, f)));

/** What a round trip must keep of each requirement. */
const essence = (c: Pick<Catalogue, 'requirements'>) =>
  c.requirements.map((r) => ({ ref: r.ref, title: r.title, kind: r.kind, group: r.group ?? null, parent: r.parent ?? null, paraphrase: r.paraphrase, attributes: r.attributes ?? {} })).sort((a, b) => a.ref.localeCompare(b.ref));

describe('OSCAL conversion', () => {
  it('reads groups, controls, labels, nested controls, statement prose with parameters, and props', () => {
    const conv = oscalToCatalogue(OscalCatalogDocument.parse(buildOscal()));
    expect(conv.catalogue).toMatchObject({ id: 'acme-security-baseline', name: 'Acme security baseline', version: '2.1' });
    expect(conv.catalogue.groups).toEqual([{ id: 'AC', title: 'Access control', parent: null }]);
    expect(conv.catalogue.requirements).toEqual([
      { ref: 'AC-1', title: 'Access policy', kind: 'control', group: 'AC', parent: null, paraphrase: 'Keep an access policy. Review it [how often].', attributes: { priority: ['P1'] } },
      { ref: 'AC-2', title: 'Accounts', kind: 'control', group: 'AC', parent: null, paraphrase: 'Manage accounts.' },
      { ref: 'AC-2(1)', title: 'Automated account management', kind: 'control', group: 'AC', parent: 'AC-2', paraphrase: 'Automate it.' },
    ]);
    expect(conv.requirementPaths).toEqual(['catalog.groups.0.controls.0', 'catalog.groups.0.controls.1', 'catalog.groups.0.controls.1.controls.0']);
  });

  it('leaves out controls marked withdrawn, with their sub-controls, and says how many', () => {
    const doc = buildOscal();
    const controls = (doc.catalog.groups as { controls: { props: unknown[] }[] }[])[0]!.controls;
    controls[1]!.props.push({ name: 'status', value: 'withdrawn' });
    const conv = oscalToCatalogue(OscalCatalogDocument.parse(doc));
    expect(conv.catalogue.requirements.map((r) => r.ref)).toEqual(['AC-1']);
    expect(conv.skipped).toBe(2);
  });

  it('exports every bundled catalogue with refs as labels, attributes in our namespace and no licensed text', () => {
    for (const c of bundled) {
      const doc = frameworkToOscal(rowsOf(c));
      const text = JSON.stringify(doc);
      expect(text, c.id).not.toContain('LICENSED WORDING');
      const back = oscalToCatalogue(OscalCatalogDocument.parse(doc));
      expect(back.catalogue.id, c.id).toBe(c.id);
      expect(essence(back.catalogue as unknown as Catalogue), c.id).toEqual(essence(c));
    }
    const iso = frameworkToOscal(rowsOf(bundled.find((c) => c.id === 'iso27001-2022')!)) as { catalog: { groups: { id: string; controls: { id: string; props: { name: string; ns?: string }[] }[] }[] } };
    const a5 = iso.catalog.groups.find((g) => g.id === 'A.5')!;
    expect(a5.controls[0]!.id).toBe('A.5.1');
    expect(a5.controls[0]!.props.filter((p) => p.ns === KILPI_NS).map((p) => p.name)).toContain('control_type');
    // Clause refs start with a digit, which an OSCAL id may not: they travel in the label.
    expect(iso.catalog.groups.find((g) => g.id === 'group-6')!.controls.map((c) => c.id)).toContain('req-6.1');
  });
});

describe('OSCAL conformance (official NIST 1.1.3 schema and examples)', () => {
  reportMissingOscal();

  it.runIf(oscalPresent).each(bundled.map((c) => [c.id, c] as const))('the export of %s validates against oscal_catalog_schema.json', (_id, c) => {
    const validate = catalogValidator();
    const ok = validate(frameworkToOscal(rowsOf(c)));
    expect(schemaErrors(validate)).toEqual([]);
    expect(ok).toBe(true);
  });

  it.runIf(oscalPresent)('exports nested groups, parents, withdrawn requirements and awkward refs validly', () => {
    const c = buildCatalogue({ groups: [{ id: 'Chapter II', title: 'Chapter two' }, { id: '2', title: 'Nested', parent: 'Chapter II' }], publisher: 'Example publisher', description: 'A description.' });
    c.requirements = [
      { ref: 'Art.32', title: 'Security of processing', kind: 'article', group: 'Chapter II', paraphrase: 'Keep it safe.' },
      { ref: 'Art.32(1)', title: 'Measures', kind: 'article', group: 'Chapter II', parent: 'Art.32', paraphrase: 'Take measures.' },
      { ref: '9.4.1', title: 'Digits first', kind: 'requirement', group: '2', paraphrase: 'Starts with a digit.' },
    ];
    const rows = rowsOf(c);
    rows.requirements[2]!.withdrawn_at = '2026-11-25T08:00:00.000Z';
    const validate = catalogValidator();
    const ok = validate(frameworkToOscal(rows));
    expect(schemaErrors(validate)).toEqual([]);
    expect(ok).toBe(true);
  });

  it.runIf(oscalPresent)('reads the official basic catalog example: nested groups, labels as refs, statements as descriptions', () => {
    const conv = oscalToCatalogue(OscalCatalogDocument.parse(example('basic-catalog.json')));
    expect(conv.catalogue.groups.map((g) => [g.id, g.parent])).toEqual([
      ['1', null],
      ['s1.1', '1'],
      ['2', null],
      ['2.1', '2'],
    ]);
    expect(conv.catalogue.requirements.map((r) => r.ref)).toEqual(['1.1.1', '1.1.2', '2.1.1', '2.1.2']);
    expect(conv.catalogue.requirements[0]!.paraphrase).toMatch(/^All information security responsibilities should be defined and allocated\. A value has been assigned to \[a choice from a selection\]\./);
  });

  it.runIf(oscalPresent).each(['ssp-example.json', 'ifa_assessment-results-example.json'])('refuses %s (not a catalog) naming what is wrong', (name) => {
    const r = OscalCatalogDocument.safeParse(example(name));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.') || '(body)')).toEqual(expect.arrayContaining(['catalog', '(body)']));
  });
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!isAppError(e)) throw new Error(`expected a refusal, got ${String(e)}`);
  return e;
}

describe.each(dialects())('OSCAL import and export on %s', (dialect) => {
  let tdb: TestDatabase;
  let booted: Booted;
  const clock = new FixedClock(new Date('2026-11-25T08:00:00.000Z'));
  let ctx: Ctx;
  beforeAll(async () => {
    tdb = await freshDatabase(dialect);
    // The real bundled catalogues: round trips run on whatever content/frameworks holds.
    booted = await boot({ dataDir: tdb.dataDir, databaseUrl: tdb.databaseUrl, clock, log: pino({ level: 'silent' }) });
    ctx = { db: booted.services.db, clock, actor: systemActor('test') };
  });
  afterAll(async () => {
    await booted.close();
    await tdb.drop();
  });

  it('previews without writing, applies in one event, and a repeated import changes nothing', async () => {
    const before = await counts(ctx.db);
    const preview = await importOscal(ctx, buildOscal(), { dryRun: true });
    expect(preview).toMatchObject({ dry_run: true, applied: false, framework: { id: 'acme-security-baseline', exists: false }, summary: { added: 3, groups: 1 } });
    expect(await counts(ctx.db)).toEqual(before);
    const applied = await importOscal(ctx, buildOscal(), { dryRun: false });
    expect(applied).toMatchObject({ applied: true, summary: { added: 3 } });
    expect(await counts(ctx.db)).toEqual({ frameworks: before.frameworks + 1, requirements: before.requirements + 3, events: before.events + 1 });
    const again = await importOscal(ctx, buildOscal(), { dryRun: false });
    expect(again).toMatchObject({ applied: false, summary: { added: 0, changed: 0, unchanged: 3 } });
    expect(await counts(ctx.db)).toEqual({ frameworks: before.frameworks + 1, requirements: before.requirements + 3, events: before.events + 1 });
    const fw = await ctx.db.selectFrom('frameworks').selectAll().where('id', '=', 'acme-security-baseline').executeTakeFirstOrThrow();
    expect(fw).toMatchObject({ origin: 'oscal', version: '2.1', source: 'OSCAL catalog 3f1c9a1e-6d2b-4c8f-9a0e-5b7d2c4e8f10' });
  });

  it('updates an earlier import by ref and reports each change', async () => {
    const doc = buildOscal({ version: '2.2' });
    const controls = (doc.catalog.groups as { controls: { title: string }[] }[])[0]!.controls;
    controls[0]!.title = 'Access control policy';
    controls.splice(1, 1);
    const r = await importOscal(ctx, doc, { dryRun: false });
    expect(r.changed).toEqual([{ ref: 'AC-1', title: 'Access control policy', fields: ['title'] }]);
    expect(r.removed.map((x) => x.ref).sort()).toEqual(['AC-2', 'AC-2(1)']);
  });

  it.runIf(oscalPresent)('imports the official basic catalog example', async () => {
    const r = await importOscal(ctx, example('basic-catalog.json'), { dryRun: false, id: 'nist-basic' });
    expect(r).toMatchObject({ applied: true, framework: { id: 'nist-basic', name: 'Sample Security Catalog *for Demonstration* and Testing', version: '1.1' }, summary: { groups: 4, requirements: 4 } });
  });

  it('round-trips every bundled catalogue: export, import under a new id, the same requirements', async () => {
    const ids = (await ctx.db.selectFrom('frameworks').select('id').where('origin', '=', 'bundled').execute()).map((f) => f.id);
    expect(ids).toContain('iso27001-2022');
    for (const id of ids) {
      const doc = await exportOscal(ctx, id);
      if (oscalPresent) {
        const validate = catalogValidator();
        expect(validate(doc), `${id}: ${schemaErrors(validate).join('; ')}`).toBe(true);
      }
      const r = await importOscal(ctx, doc, { dryRun: false, id: `${id}-copy` });
      expect(r.summary.added, id).toBe(bundled.find((c) => c.id === id)!.requirements.length);
      const shape = (fid: string) =>
        ctx.db
          .selectFrom('requirements')
          .select(['ref', 'title', 'kind', 'group_ref', 'parent_ref', 'paraphrase', 'attributes', 'sort_order'])
          .where('framework_id', '=', fid)
          .orderBy('ref')
          .execute();
      const [orig, copy] = await Promise.all([shape(id), shape(`${id}-copy`)]);
      expect(copy.map(({ sort_order: _s, ...r }) => r), id).toEqual(orig.map(({ sort_order: _s, ...r }) => r));
    }
  });

  it('refuses to import over a bundled catalogue (409), and writes nothing', async () => {
    const before = await counts(ctx.db);
    const e = await refusal(importOscal(ctx, buildOscal(), { dryRun: false, id: 'iso27001-2022' }));
    expect(e.status).toBe(409);
    expect(e.errors).toEqual([{ field: 'id', message: expect.any(String) }]);
    expect(await counts(ctx.db)).toEqual(before);
  });

  const deep = (levels: number) => {
    let g: Record<string, unknown> = { title: 'Leaf', controls: [{ id: 'c1', title: 'C' }] };
    for (let i = 0; i < levels; i++) g = { title: `Level ${i}`, groups: [g] };
    return { catalog: { ...buildOscal().catalog, groups: [g] } };
  };
  const withControl = (patch: Record<string, unknown>) => buildOscal({ controls: [{ id: 'x-1', title: 'X', ...patch }] });
  const withMeta = (patch: Record<string, unknown>) => {
    const d = buildOscal();
    d.catalog.metadata = { ...(d.catalog.metadata as object), ...patch };
    return d;
  };

  it.each([
    ['an array instead of a document', [], '(body)'],
    ['null', null, '(body)'],
    ['a document without a catalog', { 'system-security-plan': {} }, 'catalog'],
    ['an unknown key', withControl({ evil: true }), 'catalog.groups.0.controls.0'],
    ['a __proto__ key', JSON.parse('{"catalog":{"uuid":"3f1c9a1e-6d2b-4c8f-9a0e-5b7d2c4e8f10","__proto__":{"polluted":true},"metadata":{}}}'), 'catalog'],
    ['a control character in a title', withControl({ title: 'Bad\u0000title' }), 'catalog.groups.0.controls.0.title'],
    ['a title that is a number', withControl({ title: 42 }), 'catalog.groups.0.controls.0.title'],
    ['a title of 300 characters', withControl({ title: 'x'.repeat(300) }), 'catalog.groups.0.controls.0.title'],
    ['an SQL-ish control id', withControl({ id: "x'; DROP TABLE requirements;--" }), 'catalog.groups.0.controls.0.id'],
    ['an empty props array', withControl({ props: [] }), 'catalog.groups.0.controls.0.props'],
    ['OSCAL 1.0', withMeta({ 'oscal-version': '1.0.4' }), 'catalog.metadata.oscal-version'],
    ['a version 7 UUID', { catalog: { ...buildOscal().catalog, uuid: '019a0000-0000-7000-8000-000000000000' } }, 'catalog.uuid'],
    ['a date without a time zone', withMeta({ 'last-modified': '2026-10-01T12:00:00' }), 'catalog.metadata.last-modified'],
    ['two controls with one ref', buildOscal({ controls: [{ id: 'dup', title: 'A' }, { id: 'dup', title: 'B' }] }), 'catalog.groups.0.controls.1.id'],
    ['no controls at all', { catalog: { uuid: '3f1c9a1e-6d2b-4c8f-9a0e-5b7d2c4e8f10', metadata: buildOscal().catalog.metadata } }, 'catalog'],
  ])('refuses %s with a 400 naming the JSON path, and writes nothing', async (_what, doc, path) => {
    const before = await counts(ctx.db);
    const e = await refusal(importOscal(ctx, doc, { dryRun: false }));
    expect(e.status).toBe(400);
    expect(e.errors?.map((x) => x.field)).toContain(path);
    expect(await counts(ctx.db)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a group nested 200 deep before the schema walks it', async () => {
    const e = await refusal(importOscal(ctx, deep(200), { dryRun: false }));
    expect(e.status).toBe(400);
    expect(e.errors?.[0]?.field).toMatch(/^catalog\.groups\.0\.groups\.0\.groups\.0\./);
    expect(e.errors?.[0]?.message).toMatch(/Nested more than 40 levels/);
  });

  it('refuses a document with too many values before reading it', async () => {
    const huge = buildOscal();
    (huge.catalog.metadata as Record<string, unknown>).props = Array.from({ length: 150_000 }, (_, i) => ({ name: 'n', value: String(i) }));
    const e = await refusal(importOscal(ctx, huge, { dryRun: true }));
    expect(e.errors?.[0]?.field).toBe('(body)');
  });

  it('keeps a loaded bundled catalogue directory separate from imports', async () => {
    expect(catalogueDir({})).toBeTruthy();
    expect((await ctx.db.selectFrom('frameworks').select('origin').where('id', '=', 'iso27001-2022').executeTakeFirstOrThrow()).origin).toBe('bundled');
  });
});
