// Version lifecycle on every dialect: draft → approved → published → superseded, immutability,
// review clocks on the FixedClock, templates, and what readers of published text can see.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/context.js';
import { isAppError } from '../../../src/core/errors.js';
import { updatePerson } from '../../../src/isms/people/service.js';
import {
  approveVersion,
  confirmReview,
  createDraft,
  createPolicy,
  diffVersions,
  getPolicy,
  getVersion,
  listPolicies,
  listVersions,
  policyHistory,
  publishVersion,
  updateDraft,
  updatePolicy,
  versionHtml,
} from '../../../src/isms/policies/service.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildPolicy, counts, makeDraftPolicy, makeOwner, makePublishedPolicy, ORGANISATION } from './factories.js';

/** The status and problem type a call fails with. */
async function failure(p: Promise<unknown>): Promise<{ status: number; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { status: e.status, fields: (e.errors ?? []).map((f) => f.field) };
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe.each(dialects())('policy lifecycle on %s', (dialect) => {
  let t: TestApp;
  let ownerId: string;
  let staff: Actor;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    ownerId = (await makeOwner(t, { name: 'Olli Omistaja' })).id;
    const u = await t.makeUser('staff');
    staff = { type: 'user', id: u.id, label: u.email, role: 'staff' };
  });
  afterAll(async () => t.close());

  it('creates a policy as draft version 1 with a reference, a stored HTML rendering and two audit events', async () => {
    const p = await makeDraftPolicy(t, ownerId, { title: 'Numbered', body: '# Heading\n\n<script>alert(1)</script> text' });
    expect(p.ref).toMatch(/^POL-\d{3}$/);
    expect(p).toMatchObject({ title: 'Numbered', open_version: 1, open_status: 'draft', published_version: null, review_status: 'none', owner: { id: ownerId, name: 'Olli Omistaja' } });
    const v = await getVersion(t.ctx(), p.id, 1);
    expect(v.status).toBe('draft');
    expect(v.body_sha256).toBe(createHash('sha256').update(v.body).digest('hex'));
    const html = await versionHtml(t.ctx(), p.id, 1);
    expect(html).toContain('<h2>Heading</h2>');
    expect(html).toContain('&lt;script&gt;');
    expect((await policyHistory(t.ctx(), p.id)).map((e) => e.action).sort()).toEqual(['policy.create', 'policy.draft']);
    const next = await makeDraftPolicy(t, ownerId);
    expect(Number(next.ref.slice(4))).toBe(Number(p.ref.slice(4)) + 1);
  });

  it('walks draft → approved → published and fixes the text from approval on', async () => {
    const p = await makeDraftPolicy(t, ownerId);
    const edited = await updateDraft(t.ctx(), p.id, 1, { body: '## Purpose\n\nEdited.\n', change_summary: 'First full text' });
    expect(edited.body).toBe('## Purpose\n\nEdited.\n');
    const approved = await approveVersion(t.ctx(), p.id, 1);
    expect(approved).toMatchObject({ status: 'approved', approved_by: 'test' });
    expect(await failure(updateDraft(t.ctx(), p.id, 1, { body: 'changed after approval' }))).toMatchObject({ status: 409 });
    expect(await failure(approveVersion(t.ctx(), p.id, 1))).toMatchObject({ status: 409 });
    expect(await failure(createDraft(t.ctx(), p.id, { body: 'too early' }))).toMatchObject({ status: 409 });
    const published = await publishVersion(t.ctx(), p.id, 1);
    expect(published.status).toBe('published');
    expect((await getVersion(t.ctx(), p.id, 1)).body).toBe('## Purpose\n\nEdited.\n');
    expect(await failure(updateDraft(t.ctx(), p.id, 1, { body: 'changed after publication' }))).toMatchObject({ status: 409 });
    expect(await failure(publishVersion(t.ctx(), p.id, 1))).toMatchObject({ status: 409 });
    const after = await getPolicy(t.ctx(), p.id);
    // The test clock stands at 2026-11-25 (Helsinki): the review clock starts on publication.
    expect(after).toMatchObject({ published_version: 1, open_version: null, last_reviewed: '2026-11-25', next_review: '2027-11-25', review_status: 'scheduled' });
  });

  it('makes edits of a published policy a new draft and supersedes the old version on publication', async () => {
    const p = await makePublishedPolicy(t, ownerId, { body: 'one\ntwo\nthree\n' });
    const draft = await createDraft(t.ctx(), p.id, { body: 'one\n2\nthree\nfour\n', change_summary: 'Clarified step two' });
    expect(draft).toMatchObject({ number: 2, status: 'draft' });
    expect(await failure(createDraft(t.ctx(), p.id, { body: 'another' }))).toMatchObject({ status: 409 });
    expect(await failure(publishVersion(t.ctx(), p.id, 2))).toMatchObject({ status: 409 });
    const diff = await diffVersions(t.ctx(), p.id, 2);
    expect(diff).toMatchObject({ from: 1, to: 2, added: 2, removed: 1, approximate: false });
    await approveVersion(t.ctx(), p.id, 2);
    await publishVersion(t.ctx(), p.id, 2);
    const versions = await listVersions(t.ctx(), p.id);
    expect(versions.map((v) => [v.number, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    expect(versions[1]!.superseded_at).not.toBeNull();
    expect(await failure(updateDraft(t.ctx(), p.id, 1, { body: 'rewrite history' }))).toMatchObject({ status: 409 });
    expect((await getVersion(t.ctx(), p.id, 1)).body).toBe('one\ntwo\nthree\n');
    expect((await policyHistory(t.ctx(), p.id)).map((e) => e.action)).toContain('policy.publish');
  });

  it('refuses to approve an empty draft', async () => {
    const p = await makeDraftPolicy(t, ownerId, { body: '  \n' });
    expect(await failure(approveVersion(t.ctx(), p.id, 1))).toEqual({ status: 409, fields: ['body'] });
    expect((await getVersion(t.ctx(), p.id, 1)).status).toBe('draft');
  });

  it('computes due soon and overdue from the next review date, and a review restarts the clock', async () => {
    const p = await makePublishedPolicy(t, ownerId, { review_interval_months: 6 });
    const ctx = t.ctx();
    const saved = t.clock.now();
    try {
      t.clock.set(new Date('2027-05-01T09:00:00Z'));
      expect((await getPolicy(ctx, p.id)).review_status).toBe('due_soon');
      t.clock.set(new Date('2027-06-01T09:00:00Z'));
      expect((await getPolicy(ctx, p.id)).review_status).toBe('overdue');
      const overdue = await listPolicies(ctx, { review: 'overdue', sort: 'ref', dir: 'asc', limit: 500, offset: 0 });
      expect(overdue.items.map((x) => x.id)).toContain(p.id);
      const reviewed = await confirmReview(ctx, p.id);
      expect(reviewed).toMatchObject({ last_reviewed: '2027-06-01', next_review: '2027-12-01', review_status: 'scheduled' });
      const longer = await updatePolicy(ctx, p.id, { review_interval_months: 12 });
      expect(longer.next_review).toBe('2028-06-01');
    } finally {
      t.clock.set(saved);
    }
    expect(await failure(confirmReview(t.ctx(), (await makeDraftPolicy(t, ownerId)).id))).toMatchObject({ status: 409 });
  });

  it('starts from a template: its title, level, interval and text with the organisation’s name', async () => {
    const p = await createPolicy(t.ctx(), { template: 'cryptography', owner_id: ownerId }, { organisation: ORGANISATION });
    expect(p).toMatchObject({ title: 'Cryptography policy', level: 'practice', review_interval_months: 12, template: 'cryptography' });
    const v = await getVersion(t.ctx(), p.id, 1);
    expect(v.body).toContain(`${ORGANISATION} must use it`);
    expect(v.body).not.toContain('{{organisation}}');
    expect(v.body).toContain('M72B');
    const own = await createPolicy(t.ctx(), { template: 'backup', title: 'Our backups', level: 'practice', owner_id: ownerId, review_interval_months: 6 }, { organisation: ORGANISATION });
    expect(own).toMatchObject({ title: 'Our backups', level: 'practice', review_interval_months: 6 });
  });

  it('names each bad field and writes nothing', async () => {
    const before = await counts(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ template: 'no-such-template', title: undefined }, 'template'],
      [{ title: undefined, level: undefined }, 'title'],
      [{ owner_id: '01900000-0000-7000-8000-000000000000' }, 'owner_id'],
      [{ owner_id: "1' OR '1'='1" }, 'owner_id'],
      [{ body: '*_a'.repeat(1000) + '\n\n' + ('*_a'.repeat(1000) + '\n\n').repeat(32) }, 'body'],
    ];
    for (const [patch, field] of cases) {
      const f = await failure(createPolicy(t.ctx(), { ...buildPolicy(ownerId), ...patch } as never, { organisation: ORGANISATION }));
      expect(f.status, JSON.stringify(patch).slice(0, 80)).toBe(400);
      expect(f.fields).toContain(field);
    }
    expect(await counts(t)).toEqual(before);
  });

  it('refuses an owner who has left', async () => {
    const gone = await makeOwner(t, { status: 'left', end_date: '2026-01-01' });
    expect(await failure(makeDraftPolicy(t, gone.id))).toEqual({ status: 400, fields: ['owner_id'] });
    const p = await makeDraftPolicy(t, ownerId);
    expect(await failure(updatePolicy(t.ctx(), p.id, { owner_id: gone.id }))).toEqual({ status: 400, fields: ['owner_id'] });
    // An owner who leaves later stays named on the policy until someone changes it.
    const leaving = await makeOwner(t);
    const q = await makeDraftPolicy(t, leaving.id);
    await updatePerson(t.ctx(), leaving.id, { status: 'left', end_date: '2026-11-01' });
    expect((await getPolicy(t.ctx(), q.id)).owner?.id).toBe(leaving.id);
  });

  it('shows readers of published text only published policies and versions', async () => {
    const draftOnly = await makeDraftPolicy(t, ownerId, { title: 'Unpublished plan' });
    const published = await makePublishedPolicy(t, ownerId, { title: 'Published rule' });
    await createDraft(t.ctx(), published.id, { body: 'next text' });
    const ctx = t.ctx(staff);
    const { items } = await listPolicies(ctx, { sort: 'ref', dir: 'asc', limit: 500, offset: 0 });
    expect(items.map((p) => p.title)).toContain('Published rule');
    expect(items.map((p) => p.title)).not.toContain('Unpublished plan');
    expect(items.every((p) => p.open_version === null && p.open_status === null)).toBe(true);
    expect(await failure(getPolicy(ctx, draftOnly.id))).toMatchObject({ status: 404 });
    expect(await failure(getVersion(ctx, published.id, 2))).toMatchObject({ status: 404 });
    expect((await listVersions(ctx, published.id)).map((v) => v.number)).toEqual([1]);
    expect(await failure(diffVersions(ctx, published.id, 2))).toMatchObject({ status: 403 });
    expect(await failure(createDraft(ctx, published.id, { body: 'x' }))).toMatchObject({ status: 403 });
  });
});
