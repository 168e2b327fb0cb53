// The policies demo for Esimerkki Payments Oy on every dialect: eight published template policies
// approved by the admin, one new draft, a two-thirds campaign, an overdue one, and idempotence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type DemoResult } from '../../../src/demo/seed.js';
import { campaignDetail, listCampaigns, myPending, recordAcknowledgementsFor } from '../../../src/isms/policies/campaigns.js';
import { personByEmail } from '../../../src/isms/people/service.js';
import { listPolicies, listVersions } from '../../../src/isms/policies/service.js';
import { findUserByEmail } from '../../../src/auth/users-repo.js';
import { demoEmail } from '../../../src/demo/seed.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts } from './factories.js';

describe.each(dialects())('policies demo on %s', (dialect) => {
  let t: TestApp;
  let first: DemoResult;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    first = await seedDemo({ ...t.ctx(), actor: null });
  }, 120_000);
  afterAll(async () => t.close());

  const all = async () => (await listPolicies(t.ctx(), { sort: 'ref', dir: 'asc', limit: 500, offset: 0 })).items;

  it('publishes the eight template policies, approved by the admin, owned by the right people', async () => {
    expect(first.isms.policies).toBe(8);
    const policies = await all();
    expect(policies.map((p) => p.title)).toEqual([
      'Information security policy',
      'Access control policy',
      'Cryptography policy',
      'Backup and restore instruction',
      'Incident response policy',
      'Change management policy',
      'Supplier security policy',
      'Acceptable use policy',
    ]);
    expect(policies.every((p) => p.published_version !== null)).toBe(true);
    expect(Object.fromEntries(policies.map((p) => [p.template, p.owner?.name]))).toMatchObject({ 'information-security': 'Juha Korhonen', backup: 'Matti Kinnunen', 'supplier-security': 'Satu Savolainen' });
    for (const p of policies) {
      const published = (await listVersions(t.ctx(), p.id)).find((v) => v.status === 'published')!;
      expect(published.approved_by, p.title).toBe('Jussi Heinonen');
      expect(published.published_by, p.title).toBe('Jussi Heinonen');
      expect(published.created_by, p.title).toBe('Juha Korhonen');
    }
    expect(new Set(policies.map((p) => p.level))).toEqual(new Set(['principle', 'practice', 'instruction']));
  });

  it('has a review due soon, one overdue, a new draft in progress and a superseded first version', async () => {
    const policies = await all();
    const by = (template: string) => policies.find((p) => p.template === template)!;
    expect(by('cryptography').review_status).toBe('due_soon');
    expect(by('backup').review_status).toBe('overdue');
    expect(by('access-control')).toMatchObject({ published_version: 1, open_version: 2, open_status: 'draft' });
    const isp = await listVersions(t.ctx(), by('information-security').id);
    expect(isp.map((v) => `${v.number}:${v.status}`)).toEqual(['2:published', '1:superseded']);
  });

  it('runs a campaign for the information security policy, about two thirds done, and an overdue one', async () => {
    const policies = await all();
    const isp = policies.find((p) => p.template === 'information-security')!;
    const [open] = await listCampaigns(t.ctx(), isp.id);
    expect(open).toMatchObject({ version: 2, audience: 'all', status: 'open' });
    expect(open!.due_date > '2026-11-25').toBe(true);
    const share = open!.counts.acknowledged / open!.counts.required;
    expect(share).toBeGreaterThan(0.55);
    expect(share).toBeLessThan(0.75);
    const detail = await campaignDetail(t.ctx(), isp.id, open!.id);
    expect(detail.members.find((m) => m.email === demoEmail('Heidi Ahonen'))?.state).toBe('pending');
    const aup = policies.find((p) => p.template === 'acceptable-use')!;
    const [late] = await listCampaigns(t.ctx(), aup.id);
    expect(late).toMatchObject({ audience: 'department', department: 'Engineering', status: 'overdue' });
    expect(late!.counts.overdue).toBeGreaterThan(0);
    expect(late!.counts.acknowledged).toBeGreaterThan(0);
    // The demo staff sign-in sees the information security policy waiting for her.
    const heidi = (await findUserByEmail(t.booted.services.db, demoEmail('Heidi Ahonen')))!;
    const pending = await myPending(t.ctx({ type: 'user', id: heidi.id, label: heidi.email, role: 'staff' }));
    expect(pending.items.map((i) => i.title)).toEqual(['Information security policy']);
  });

  it('lets only the system record acknowledgements for someone else', async () => {
    const isp = (await all()).find((p) => p.template === 'information-security')!;
    const admin = (await findUserByEmail(t.booted.services.db, demoEmail('Jussi Heinonen')))!;
    const heidi = (await personByEmail(t.ctx(), demoEmail('Heidi Ahonen')))!;
    await expect(recordAcknowledgementsFor(t.ctx({ type: 'user', id: admin.id, label: admin.email, role: 'admin' }), isp.id, [{ personId: heidi.id, at: '2026-11-20T08:00:00.000Z' }])).rejects.toMatchObject({ status: 403 });
  });

  it('changes nothing when run again', async () => {
    const before = await counts(t);
    const again = await seedDemo({ ...t.ctx(), actor: null });
    expect(again.isms.policies).toBe(8);
    expect(await counts(t)).toEqual(before);
  });
});
