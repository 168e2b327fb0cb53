// The interested parties API on every dialect: the ladder, unique names, requirements replaced as a
// list, deletes kept in the trail, the list and the CSV with a line per requirement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildParty, counts, HOSTILE, json, ROLES, type Problem } from './factories.js';

interface Party {
  id: string;
  ref: string;
  name: string;
  requirements: { requirement: string; how_addressed: string | null; through_isms: boolean }[];
}

describe.each(dialects())('interested parties API on %s', (dialect) => {
  let t: TestApp;
  const auth: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ROLES) auth[r] = (await t.bearer(r)).authorization;
  });
  afterAll(async () => t.close());

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const create = async (body: unknown) => {
    const res = await t.request('/api/v1/interested-parties', as('admin', json(body)));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as Party;
  };

  it('answers 401 without credentials and 403 to auditors and staff, writing nothing', async () => {
    const before = await counts(t);
    expect((await t.request('/api/v1/interested-parties', json(buildParty()))).status).toBe(401);
    for (const role of ['auditor', 'staff'] as const) expect((await t.request('/api/v1/interested-parties', as(role, json(buildParty())))).status).toBe(403);
    expect(await counts(t)).toEqual(before);
  });

  it.each([
    ['name', { name: '' }],
    ['name', { name: 'x'.repeat(201) }],
    ['category', { category: 'friend' }],
    ['description', { description: 'x'.repeat(4001) }],
    ['requirements.0.requirement', { requirements: [{ requirement: '', through_isms: true }] }],
    ['requirements.0.through_isms', { requirements: [{ requirement: 'Secure', through_isms: 'yes' }] }],
    ['requirements.0.through_isms', { requirements: [{ requirement: 'Secure' }] }],
    ['requirements.1.how_addressed', { requirements: [{ requirement: 'a', through_isms: true }, { requirement: 'b', how_addressed: 'nul\u0000', through_isms: false }] }],
    ['requirements', { requirements: Array.from({ length: 51 }, (_, i) => ({ requirement: `R${i}`, through_isms: true })) }],
    ['requirements.0', { requirements: [{ requirement: 'a', through_isms: true, weight: 3 }] }],
  ])('answers 400 naming %s for %j and writes nothing', async (field, patch) => {
    const before = await counts(t);
    const res = await t.request('/api/v1/interested-parties', as('admin', json({ ...buildParty(), ...patch })));
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors?.map((e) => e.field)).toContain(field);
    expect(await counts(t)).toEqual(before);
  });

  it('adds a party with its requirements in order; the same name in another case is a 409', async () => {
    const party = await create(buildParty({ name: 'Finnish FSA', description: HOSTILE }));
    expect(party).toMatchObject({ ref: expect.stringMatching(/^IP-\d{3}$/), name: 'Finnish FSA', description: HOSTILE });
    expect(party.requirements).toEqual([
      { requirement: 'Secure services.', how_addressed: 'Controls in the ISMS.', through_isms: true },
      { requirement: 'Invoices on time.', how_addressed: null, through_isms: false },
    ]);
    const before = await counts(t);
    const dup = await t.request('/api/v1/interested-parties', as('admin', json(buildParty({ name: '  FINNISH fsa ' }))));
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as Problem).errors).toEqual([{ field: 'name', message: expect.any(String) }]);
    expect(await counts(t)).toEqual(before);
  });

  it('patches: the ladder, requirements replaced as a whole, no event for no change, 409 on a taken name', async () => {
    const party = await create(buildParty());
    const other = await create(buildParty({ name: 'Taken name' }));
    const patch = (body: unknown, role?: Role) => t.request(`/api/v1/interested-parties/${party.id}`, role ? as(role, json(body, 'PATCH')) : json(body, 'PATCH'));
    expect((await patch({ name: 'x' })).status).toBe(401);
    expect((await patch({ requirements: [{ requirement: 'x' }] }, 'admin')).status).toBe(400);
    expect((await patch({ name: 'x' }, 'staff')).status).toBe(403);
    expect((await patch({ name: 'taken NAME' }, 'admin')).status).toBe(409);
    const res = await patch({ requirements: [{ requirement: 'Only this one', through_isms: false }] }, 'security_officer');
    expect(res.status).toBe(200);
    expect(((await res.json()) as Party).requirements).toEqual([{ requirement: 'Only this one', how_addressed: null, through_isms: false }]);
    const before = await counts(t);
    expect((await patch({ name: party.name, requirements: [{ requirement: 'Only this one', through_isms: false }] }, 'admin')).status).toBe(200);
    expect(await counts(t)).toEqual(before);
    const events = (await (await t.request(`/api/v1/audit-events?entity_type=interested_party&entity_id=${party.id}`, as('auditor'))).json()) as {
      items: { action: string; before: Party; after: Party }[];
    };
    expect(events.items[0]!.action).toBe('interested_party.update');
    expect(events.items[0]!.before.requirements).toHaveLength(2);
    expect(events.items[0]!.after.requirements).toHaveLength(1);
    expect(other.id).not.toBe(party.id);
  });

  it('deletes with its requirements; the audit event keeps them', async () => {
    const party = await create(buildParty({ name: 'Gone soon' }));
    const before = await counts(t);
    expect((await t.request(`/api/v1/interested-parties/${party.id}`, as('admin', { method: 'DELETE' }))).status).toBe(204);
    const after = await counts(t);
    expect(after.interested_parties).toBe(before.interested_parties! - 1);
    expect(after.party_requirements).toBe(before.party_requirements! - 2);
    const events = (await (await t.request(`/api/v1/audit-events?entity_type=interested_party&entity_id=${party.id}`, as('auditor'))).json()) as {
      items: { action: string; before: Party }[];
    };
    expect(events.items[0]).toMatchObject({ action: 'interested_party.delete', before: { name: 'Gone soon', requirements: [{ requirement: 'Secure services.' }, { requirement: 'Invoices on time.' }] } });
  });

  it('lists with filters and exports one CSV line per requirement', async () => {
    await create(buildParty({ name: 'CSV regulator', category: 'regulator', requirements: [{ requirement: 'Report incidents', how_addressed: '@SUM(A1)', through_isms: true }] }));
    await create(buildParty({ name: 'CSV silent', category: 'regulator', requirements: [] }));
    const res = await t.request('/api/v1/interested-parties?category=regulator&sort=name', as('auditor'));
    const body = (await res.json()) as { items: Party[]; total: number };
    expect(body.items.map((p) => p.name)).toEqual(['CSV regulator', 'CSV silent']);
    expect((await t.request('/api/v1/interested-parties?q=report%20INCIDENTS', as('auditor')).then((r) => r.json())) as { total: number }).toMatchObject({ total: 1 });
    for (const qs of ['category=friend', 'sort=secret', 'limit=9999']) expect((await t.request(`/api/v1/interested-parties?${qs}`, as('auditor'))).status, qs).toBe(400);
    const csv = await (await t.request('/api/v1/interested-parties/export.csv?category=regulator&sort=name', as('auditor'))).text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('ref,party,category,description,requirement,how_addressed,through_isms');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("Report incidents,'@SUM(A1),yes");
    expect(lines[2]).toMatch(/,CSV silent,regulator,Who they are\.,,,$/);
  });
});
