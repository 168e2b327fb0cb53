// The SoA demo on every dialect: nothing without Annex A; with it, every control decided and
// justified, version 1 approved by Jussi Heinonen weeks ago, a draft version 2 that differs; idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/auth/users-service.js';
import { demoEmail } from '../../../src/demo/seed.js';
import { createPerson } from '../../../src/isms/people/service.js';
import { DECISIONS } from '../../../src/isms/soa/demo-justifications.js';
import { seedSoa } from '../../../src/isms/soa/demo.js';
import * as soa from '../../../src/isms/soa/service.js';
import { zonedDate } from '../../../src/web/dates.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { ANNEX_A_TITLES } from './annex-a.js';
import { ISO, makeControl, makeIsoFramework, soaCounts } from './factories.js';

describe.each(dialects())('SoA demo on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const [name, title, role] of [
      ['Jussi Heinonen', 'Head of IT and Platform', 'admin'],
      ['Juha Korhonen', 'Chief Information Security Officer', 'security_officer'],
    ] as const) {
      await createPerson(t.ctx(), { name, email: demoEmail(name), title, status: 'active' });
      await createUser(t.ctx(), { name, email: demoEmail(name), role, password: 'demo password 2026!' });
    }
    // Wherever a catalogue comes from (a frameworks loader at boot, say), this test starts without one.
    await t.booted.services.db.deleteFrom('frameworks').where('id', '=', ISO).execute();
  });
  afterAll(async () => t.close());

  it('does nothing while Annex A is not loaded', async () => {
    const before = await soaCounts(t);
    expect(await seedSoa(t.ctx())).toEqual({ soa_controls: 0, soa_versions: 0 });
    expect(await soaCounts(t)).toEqual(before);
  });

  it('decides and justifies every Annex A control, approves version 1 weeks ago and drafts version 2', async () => {
    expect(ANNEX_A_TITLES.map(([ref]) => ref)).toEqual(Object.keys(DECISIONS));
    const all = ANNEX_A_TITLES;
    const req = await makeIsoFramework(t, all);
    await makeControl(t, { status: 'implemented', links: [req.get('A.5.1')!, req.get('A.8.13')!], ref: 'CTL-001', title: 'Information security policy' });
    expect(await seedSoa(t.ctx())).toEqual({ soa_controls: 93, soa_versions: 2 });

    const current = await soa.currentSoa(t.ctx());
    expect(current.items).toHaveLength(93);
    expect(current.items.every((r) => (r.justification ?? '').length > 20)).toBe(true);
    expect(current.items.filter((r) => !r.applicable).map((r) => r.control_id)).toEqual(['A.7.6', 'A.7.11', 'A.7.12']);
    expect(current.summary.gaps.exclusion_unjustified + current.summary.gaps.inclusion_unjustified).toBe(0);

    const [v2, v1] = (await soa.listVersions(t.ctx(), { limit: 10, offset: 0 })).items;
    expect(v1).toMatchObject({ number: 1, status: 'approved', prepared_by: demoEmail('Juha Korhonen') });
    expect(v1!.approval).toMatchObject({ name: 'Jussi Heinonen', title: 'Head of IT and Platform', role: 'admin', approved_on: zonedDate(new Date(t.clock.now().getTime() - 42 * 86_400_000), 'Europe/Helsinki') });
    expect(v2).toMatchObject({ number: 2, status: 'draft', approval: null });

    const d = await soa.diffVersions(t.ctx(), 1, 2);
    expect(d.changed.map((c) => c.control_id)).toEqual(['A.5.7', 'A.5.23', 'A.7.11', 'A.8.30']);
    expect(d.changed.find((c) => c.control_id === 'A.8.30')!.fields.map((f) => f.field)).toEqual(['applicable', 'justification', 'status']);
  });

  it('changes nothing when run again', async () => {
    const before = await soaCounts(t);
    t.clock.advance(3 * 86_400_000);
    expect(await seedSoa(t.ctx())).toEqual({ soa_controls: 93, soa_versions: 2 });
    expect(await soaCounts(t)).toEqual(before);
  });
});
