// Control rules on every dialect: references, links checked all-or-nothing, the review clock under
// a fixed clock, "no evidence yet", and the lookups other areas use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import {
  controlDetail,
  controlsForAssets,
  controlsForRequirements,
  controlsForRisks,
  controlsOverview,
  createControl,
  createControls,
  listControls,
  recordReview,
  setControlLinks,
  updateControl,
} from '../../../src/isms/controls/service.js';
import { ControlsQuery } from '../../../src/isms/controls/schema.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { makePerson } from '../people/factories.js';
import { buildControl, counts, insertAsset, insertFramework, insertRisk, makeControl } from './factories.js';

const DAY = 86_400_000;

/** The 400 a call throws, with its field errors. */
async function refused(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).status).toBe(400);
  return e as AppError;
}

describe.each(dialects())('controls service on %s', (dialect) => {
  let t: TestApp;
  let reqs: Map<string, string>;
  let other: Map<string, string>;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { loadContent: false }); // its own small framework, not the bundled catalogues
    reqs = await insertFramework(t, 'test-fw');
    other = await insertFramework(t, 'other-fw', ['Art.12', 'Art.13']);
  });
  afterAll(async () => t.close());

  it('numbers controls CTL-001, CTL-002 … and starts the review clock one interval after creation', async () => {
    const a = await makeControl(t, { title: 'First', review_interval_days: 90 });
    const b = await makeControl(t, { title: 'Second' });
    expect(a.ref).toMatch(/^CTL-\d{3}$/);
    expect(Number(b.ref.slice(4))).toBe(Number(a.ref.slice(4)) + 1);
    // The test clock is 2026-11-25 08:00 UTC (10:00 in Helsinki).
    expect(a).toMatchObject({ last_reviewed: null, next_review: '2027-02-23', review_state: 'on_track', review_interval_days: 90 });
  });

  it('says "no evidence yet" for every control, with the basis, and never anything else', async () => {
    const c = await makeControl(t, { status: 'implemented' });
    expect(c.effectiveness).toEqual({ status: 'no_evidence', basis: { evidence_items: 0, latest_evidence_at: null, explanation: expect.stringContaining('No evidence') } });
    const { items } = await listControls(t.ctx(), ControlsQuery.parse({ limit: 500 }));
    expect(new Set(items.map((i) => i.effectiveness.status))).toEqual(new Set(['no_evidence']));
  });

  it('links one control to requirements in several frameworks at once, to risks and to assets', async () => {
    const risk = await insertRisk(t);
    const asset = await insertAsset(t);
    const c = await makeControl(t, { requirement_keys: ['test-fw:R.1', 'other-fw:Art.12', 'test-fw:R.3'], risk_ids: [risk.id], asset_ids: [asset.id] });
    expect(c.requirements.map((r) => r.key)).toEqual(['other-fw:Art.12', 'test-fw:R.1', 'test-fw:R.3']);
    expect(c.risks).toEqual([{ id: risk.id, ref: risk.ref, title: risk.title, status: 'open' }]);
    expect(c.assets.map((a) => a.ref)).toEqual([asset.ref]);
    expect(c.link_counts).toEqual({ requirements: 3, risks: 1, assets: 1 });
    const byReq = await controlsForRequirements(t.ctx(), [reqs.get('R.1')!, other.get('Art.12')!, reqs.get('R.5')!]);
    expect(byReq.get(reqs.get('R.1')!)!.map((x) => x.id)).toContain(c.id);
    expect(byReq.get(other.get('Art.12')!)!.map((x) => x.id)).toContain(c.id);
    expect(byReq.get(reqs.get('R.5')!)).toEqual([]);
    expect((await controlsForRisks(t.ctx(), [risk.id])).get(risk.id)!.map((x) => x.ref)).toEqual([c.ref]);
    expect((await controlsForAssets(t.ctx(), [asset.id])).get(asset.id)!.map((x) => x.ref)).toEqual([c.ref]);
  });

  it('refuses unknown requirement keys, naming each one, and saves nothing', async () => {
    const before = await counts(t);
    const e = await refused(createControl(t.ctx(), buildControl({ requirement_keys: ['test-fw:R.1', 'test-fw:R.99', 'nope', 'dora:Art.12', 'test-fw:R.99'] })));
    expect(e.errors).toEqual([
      { field: 'requirement_keys.1', message: expect.stringContaining('test-fw:R.99'), value: 'test-fw:R.99' },
      { field: 'requirement_keys.2', message: expect.stringContaining('nope'), value: 'nope' },
      { field: 'requirement_keys.3', message: expect.stringContaining('dora:Art.12'), value: 'dora:Art.12' },
    ]);
    expect(e.message).toContain('test-fw:R.99, nope, dora:Art.12');
    expect(await counts(t)).toEqual(before);
  });

  it('refuses unknown risk and asset ids and a departed or unknown owner, all in one answer', async () => {
    const left = await makePerson(t, { status: 'left', end_date: '2026-01-01' });
    const before = await counts(t);
    const e = await refused(
      createControl(
        t.ctx(),
        buildControl({ owner_id: left.id, risk_ids: ['01900000-0000-7000-8000-000000000001'], asset_ids: ['01900000-0000-7000-8000-000000000002', 'x'] }),
      ),
    );
    expect(e.errors!.map((x) => x.field)).toEqual(['owner_id', 'risk_ids.0', 'asset_ids.0', 'asset_ids.1']);
    const e2 = await refused(createControl(t.ctx(), buildControl({ owner_id: '01900000-0000-7000-8000-0000000000ff' })));
    expect(e2.errors).toEqual([{ field: 'owner_id', message: 'No person with this id is in the directory.' }]);
    expect(await counts(t)).toEqual(before);
  });

  it('treats a key given twice as one link, and refuses more than 500 at a time', async () => {
    const c = await makeControl(t, { requirement_keys: ['test-fw:R.2', 'test-fw:R.2', ' test-fw:R.2 '] });
    expect(c.requirements.map((r) => r.key)).toEqual(['test-fw:R.2']);
    const before = await counts(t);
    const many = Array.from({ length: 501 }, () => 'test-fw:R.1');
    const e = await refused(setControlLinks(t.ctx(), c.id, { requirement_keys: many }));
    expect(e.errors).toEqual([{ field: 'requirement_keys', message: 'Link at most 500 at a time.' }]);
    expect(await counts(t)).toEqual(before);
  });

  it('replaces link sets all or nothing, recording before and after; the same set writes nothing', async () => {
    const risk = await insertRisk(t);
    const c = await makeControl(t, { requirement_keys: ['test-fw:R.1'] });
    const failed = await counts(t);
    await refused(setControlLinks(t.ctx(), c.id, { requirement_keys: ['test-fw:R.2'], risk_ids: ['01900000-0000-7000-8000-0000000000aa'] }));
    expect(await counts(t)).toEqual(failed);
    expect((await controlDetail(t.ctx(), c.id)).requirements.map((r) => r.key)).toEqual(['test-fw:R.1']);
    const after = await setControlLinks(t.ctx(), c.id, { requirement_keys: ['test-fw:R.2', 'other-fw:Art.13'], risk_ids: [risk.id] });
    expect(after.requirements.map((r) => r.key)).toEqual(['other-fw:Art.13', 'test-fw:R.2']);
    const events = await t.booted.services.db.selectFrom('audit_events').selectAll().where('entity_id', '=', c.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['control.create', 'control.link_requirements', 'control.link_requirements', 'control.link_risks']);
    expect(JSON.parse(events[2]!.before_json!)).toEqual({ requirements: ['test-fw:R.1'] });
    expect(JSON.parse(events[2]!.after_json!)).toEqual({ requirements: ['other-fw:Art.13', 'test-fw:R.2'] });
    const same = await counts(t);
    await setControlLinks(t.ctx(), c.id, { requirement_keys: ['other-fw:Art.13', 'test-fw:R.2'] });
    expect(await counts(t)).toEqual(same);
    await setControlLinks(t.ctx(), c.id, { requirement_keys: [], risk_ids: [] });
    expect((await controlDetail(t.ctx(), c.id)).link_counts).toEqual({ requirements: 0, risks: 0, assets: 0 });
  });

  it('moves the next review with each recorded review and with a new interval (fixed clock)', async () => {
    const reviewer = await makePerson(t);
    const c = await makeControl(t, { review_interval_days: 30 });
    expect(c.next_review).toBe('2026-12-25');
    const r1 = await recordReview(t.ctx(), c.id, { reviewer_id: reviewer.id, reviewed_on: '2026-10-01', note: 'Checked the settings.\nAll good.' });
    expect(r1).toMatchObject({ last_reviewed: '2026-10-01', next_review: '2026-10-31', review_state: 'overdue' });
    expect(r1.reviews[0]).toMatchObject({ reviewed_on: '2026-10-01', reviewer_id: reviewer.id, reviewer_name: reviewer.name, note: 'Checked the settings.\nAll good.', recorded_by: 'test' });
    // A review recorded late, dated before the latest one, keeps the clock where it is.
    const r2 = await recordReview(t.ctx(), c.id, { reviewer_id: reviewer.id, reviewed_on: '2026-09-01' });
    expect(r2).toMatchObject({ last_reviewed: '2026-10-01', next_review: '2026-10-31' });
    expect(r2.reviews.map((r) => r.reviewed_on)).toEqual(['2026-10-01', '2026-09-01']);
    // Without a date the review is today's, in Helsinki: 2026-11-25.
    const r3 = await recordReview(t.ctx(), c.id, { reviewer_id: reviewer.id });
    expect(r3).toMatchObject({ last_reviewed: '2026-11-25', next_review: '2026-12-25', review_state: 'due_soon' });
    const longer = await updateControl(t.ctx(), c.id, { review_interval_days: 365 });
    expect(longer).toMatchObject({ next_review: '2027-11-25', review_state: 'on_track' });
    t.clock.advance(366 * DAY);
    expect((await controlDetail(t.ctx(), c.id)).review_state).toBe('overdue');
    t.clock.advance(-366 * DAY);
  });

  it('takes "today" in Helsinki: 23:30 UTC on 24 November is already the 25th', async () => {
    const reviewer = await makePerson(t);
    const c = await makeControl(t);
    const saved = t.clock.now();
    t.clock.set(new Date('2026-11-24T23:30:00Z'));
    try {
      expect((await recordReview(t.ctx(), c.id, { reviewer_id: reviewer.id })).last_reviewed).toBe('2026-11-25');
      const e = await refused(recordReview(t.ctx(), c.id, { reviewer_id: reviewer.id, reviewed_on: '2026-11-26' }));
      expect(e.errors).toEqual([{ field: 'reviewed_on', message: 'A review cannot be dated in the future.' }]);
    } finally {
      t.clock.set(saved);
    }
  });

  it('refuses a review by someone not in the directory, or with a malformed date, and writes nothing', async () => {
    const c = await makeControl(t);
    const before = await counts(t);
    await refused(recordReview(t.ctx(), c.id, { reviewer_id: '01900000-0000-7000-8000-0000000000bb' }));
    await refused(recordReview(t.ctx(), c.id, { reviewer_id: (await makePerson(t)).id, reviewed_on: '2026-02-30' }));
    await refused(recordReview(t.ctx(), c.id, { reviewer_id: '' }));
    expect(await counts(t)).toEqual({ ...before });
  });

  it('filters by review clock, framework, requirement key, risk and asset, and counts by level and status', async () => {
    const reviewer = await makePerson(t);
    const risk = await insertRisk(t);
    const asset = await insertAsset(t);
    const late = await makeControl(t, { title: 'Filter late', level: 'principle', review_interval_days: 10 });
    await recordReview(t.ctx(), late.id, { reviewer_id: reviewer.id, reviewed_on: '2026-11-01' });
    const soon = await makeControl(t, { title: 'Filter soon', level: 'practice', review_interval_days: 10, requirement_keys: ['other-fw:Art.13'], risk_ids: [risk.id], asset_ids: [asset.id] });
    const q = (o: Record<string, unknown>) => ControlsQuery.parse({ q: 'filter', limit: 50, ...o });
    const refs = async (o: Record<string, unknown>) => (await listControls(t.ctx(), q(o))).items.map((i) => i.ref);
    expect(await refs({ review: 'overdue' })).toEqual([late.ref]);
    expect(await refs({ review: 'due_soon' })).toEqual([soon.ref]);
    expect(await refs({ framework: 'other-fw' })).toEqual([soon.ref]);
    expect(await refs({ requirement: 'other-fw:Art.13' })).toEqual([soon.ref]);
    expect(await refs({ requirement: 'other-fw:Art.99' })).toEqual([]);
    expect(await refs({ risk: risk.id })).toEqual([soon.ref]);
    expect(await refs({ asset: asset.id })).toEqual([soon.ref]);
    expect(await refs({ sort: 'level', dir: 'desc' })).toEqual([soon.ref, late.ref]);
    const overview = await controlsOverview(t.ctx(), q({ level: 'practice' }));
    expect(overview.total).toBe(1);
    expect(overview.counts.byLevel).toEqual({ principle: 1, practice: 1, instruction: 0, technical: 0 });
    expect(overview.counts.byReview).toMatchObject({ due_soon: 1, overdue: 0 });
    expect(overview.counts.matrix).toEqual(expect.arrayContaining([{ level: 'principle', status: 'planned', n: 1 }]));
  });

  it('adds several controls in one transaction, or none when any item is wrong (named by its position)', async () => {
    const reviewer = await makePerson(t);
    const before = await counts(t);
    const e = await refused(
      createControls(t.ctx(), [
        { control: buildControl({ title: 'Batch one', requirement_keys: ['test-fw:R.1'] }), review: { reviewer_id: reviewer.id, reviewed_on: '2026-10-01' } },
        { control: buildControl({ title: 'Batch two', requirement_keys: ['test-fw:R.77'] }) },
      ]),
    );
    expect(e.errors!.map((x) => x.field)).toEqual(['items.1.requirement_keys.0']);
    expect(await counts(t)).toEqual(before);
    const ids = await createControls(t.ctx(), [
      { control: buildControl({ title: 'Batch one', requirement_keys: ['test-fw:R.1'] }), review: { reviewer_id: reviewer.id, reviewed_on: '2026-10-01' } },
      { control: buildControl({ title: 'Batch two' }) },
    ]);
    expect(ids).toHaveLength(2);
    const one = await controlDetail(t.ctx(), ids[0]!);
    expect(one).toMatchObject({ title: 'Batch one', last_reviewed: '2026-10-01', next_review: '2027-03-30' });
    expect(Number((await controlDetail(t.ctx(), ids[1]!)).ref.slice(4))).toBe(Number(one.ref.slice(4)) + 1);
  });
});
