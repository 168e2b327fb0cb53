// SoA use cases on every dialect: rows computed from links, edits with audit events, versions that
// freeze every row, approval by a named administrator only once, and diffs between versions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import type { Actor, Ctx } from '../../../src/core/context.js';
import { isAppError } from '../../../src/core/errors.js';
import { createPerson } from '../../../src/isms/people/service.js';
import * as soa from '../../../src/isms/soa/service.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { makeControl, makeIsoFramework, resetSoa, setControlStatus, soaCounts } from './factories.js';

/** The status and message of what `p` throws. */
async function failure(p: Promise<unknown>): Promise<{ status: number; message: string; fields: string[] }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { status: e.status, message: e.message, fields: (e.errors ?? []).map((f) => f.field) };
    throw e;
  }
  throw new Error('expected a failure');
}

describe.each(dialects())('SoA service on %s', (dialect) => {
  let t: TestApp;
  let req: Map<string, string>;
  const actors: Partial<Record<Role, Actor>> = {};
  const as = (role: Role): Ctx => t.ctx(actors[role]!);

  beforeAll(async () => {
    t = await buildTestApp(dialect, { loadContent: false }); // its own small framework, not the bundled catalogues
    for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) {
      const name = role === 'admin' ? 'Aino Approver' : `Test ${role}`;
      const u = await t.makeUser(role, { name, email: `${role}@soa.test` });
      actors[role] = { type: 'user', id: u.id, label: u.email, role };
    }
    await createPerson(t.ctx(), { name: 'Aino Approver', email: 'admin@soa.test', title: 'Head of IT and Platform', status: 'active' });
    req = await makeIsoFramework(t);
  });
  afterAll(async () => t.close());
  beforeEach(async () => resetSoa(t));

  it('lists every Annex A control (never a clause) in identifier order, applicable by default with gaps', async () => {
    const { items, summary, framework } = await soa.currentSoa(as('auditor'));
    expect(items.map((r) => r.control_id)).toEqual(['A.5.1', 'A.5.2', 'A.5.10', 'A.6.3', 'A.7.4', 'A.8.13']);
    expect(framework).toEqual({ id: 'iso27001-2022', name: 'ISO/IEC 27001:2022', version: 'test-1' });
    expect(items[0]).toMatchObject({ applicable: true, justification: null, status: 'not_implemented', implemented_by: [], gaps: ['inclusion_unjustified', 'no_implementing_control'], theme: 'A.5' });
    expect(summary).toMatchObject({ total: 6, applicable: 6, excluded: 0, with_gaps: 6 });
  });

  it('computes each row’s status from the linked controls, with the basis', async () => {
    await makeControl(t, { status: 'implemented', links: [req.get('A.5.1')!, req.get('A.5.2')!], ref: 'CTL-001', title: 'Information security policy' });
    await makeControl(t, { status: 'in_progress', links: [req.get('A.5.2')!], ref: 'CTL-002' });
    await makeControl(t, { status: 'planned', links: [req.get('A.8.13')!], ref: 'CTL-003' });
    const rows = new Map((await soa.currentSoa(as('auditor'))).items.map((r) => [r.control_id, r]));
    expect(rows.get('A.5.1')).toMatchObject({ status: 'implemented', implemented_by: [{ ref: 'CTL-001', title: 'Information security policy', level: 'practice', status: 'implemented' }] });
    expect(rows.get('A.5.2')).toMatchObject({ status: 'partially_implemented', status_basis: { linked: 2, implemented: 1, in_progress: 1 } });
    expect(rows.get('A.8.13')).toMatchObject({ status: 'not_implemented', status_basis: { linked: 1, planned: 1 } });
    expect(rows.get('A.6.3')!.gaps).toContain('no_implementing_control');
  });

  it('filters and sorts within each theme', async () => {
    await soa.updateEntry(as('security_officer'), 'A.7.4', { applicable: false, justification: 'Covered by the data-centre provider' });
    const excluded = await soa.currentSoa(as('auditor'), { applicable: 'false' });
    expect(excluded.items.map((r) => r.control_id)).toEqual(['A.7.4']);
    expect(excluded.summary.total).toBe(6);
    expect((await soa.currentSoa(as('auditor'), { theme: 'A.5' })).items.map((r) => r.control_id)).toEqual(['A.5.1', 'A.5.2', 'A.5.10']);
    expect((await soa.currentSoa(as('auditor'), { gap: 'exclusion_unjustified' })).items).toEqual([]);
    const desc = await soa.currentSoa(as('auditor'), { sort: 'control_id', dir: 'desc' });
    expect(desc.items.map((r) => r.control_id)).toEqual(['A.5.10', 'A.5.2', 'A.5.1', 'A.6.3', 'A.7.4', 'A.8.13']);
  });

  it('records an edit with before and after, and nothing for an edit that changes nothing', async () => {
    const before = await soaCounts(t);
    const { m: lastSeq } = await t.booted.services.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow();
    const row = await soa.updateEntry(as('security_officer'), 'A.7.4', { applicable: false, justification: '  Physical monitoring is the data-centre provider’s duty.  ' });
    expect(row).toMatchObject({ applicable: false, status: 'not_applicable', justification: 'Physical monitoring is the data-centre provider’s duty.', gaps: [] });
    const again = await soa.updateEntry(as('admin'), 'A.7.4', { applicable: false });
    expect(again.updated_at).toBe(row.updated_at);
    const cleared = await soa.updateEntry(as('admin'), 'A.7.4', { justification: '' });
    expect(cleared.gaps).toEqual(['exclusion_unjustified']);
    expect((await soaCounts(t)).events - before.events).toBe(2);
    const events = await t.booted.services.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'soa_entry').where('entity_id', '=', 'A.7.4').where('seq', '>', Number(lastSeq)).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['soa.update', 'soa.update']);
    expect(JSON.parse(events[0]!.after_json!)).toEqual({ control_id: 'A.7.4', applicable: false, justification: 'Physical monitoring is the data-centre provider’s duty.' });
    expect(events[0]!.before_json).toBeNull();
    expect(JSON.parse(events[1]!.before_json!).justification).toBe('Physical monitoring is the data-centre provider’s duty.');
  });

  it('refuses edits by roles without soa.write, to unknown controls and to clauses, changing nothing', async () => {
    const before = await soaCounts(t);
    expect((await failure(soa.updateEntry(as('auditor'), 'A.5.1', { applicable: false }))).status).toBe(403);
    expect((await failure(soa.updateEntry(as('staff'), 'A.5.1', { applicable: false }))).status).toBe(403);
    expect((await failure(soa.updateEntry(as('admin'), 'A.9.9', { applicable: false }))).status).toBe(404);
    expect((await failure(soa.updateEntry(as('admin'), '6.1.3', { applicable: false }))).status).toBe(404);
    const bad = await failure(soa.updateEntry(as('admin'), 'A.5.1', { justification: 'x'.repeat(2001) }));
    expect(bad).toMatchObject({ status: 400, fields: ['justification'] });
    expect(await soaCounts(t)).toEqual(before);
  });

  it('freezes every row in a version: later changes to the SoA or to controls leave it alone', async () => {
    const ctl = await makeControl(t, { status: 'in_progress', links: [req.get('A.8.13')!], ref: 'CTL-010', title: 'Nightly encrypted backups' });
    await soa.updateEntry(as('security_officer'), 'A.8.13', { justification: 'Backups protect payment data.' });
    const v1 = await soa.prepareVersion(as('security_officer'), { note: 'First review' });
    expect(v1).toMatchObject({ number: 1, status: 'draft', note: 'First review', row_count: 6, approval: null });
    expect(v1.content_hash).toMatch(/^[0-9a-f]{64}$/);

    await setControlStatus(t, ctl.id, 'implemented');
    await soa.updateEntry(as('security_officer'), 'A.8.13', { justification: 'Changed later.' });
    const frozen = await soa.getVersion(as('auditor'), 1);
    const row = frozen.rows.find((r) => r.control_id === 'A.8.13')!;
    expect(row).toMatchObject({ justification: 'Backups protect payment data.', status: 'partially_implemented', implemented_by: [{ ref: 'CTL-010', title: 'Nightly encrypted backups', status: 'in_progress' }] });
    expect((await soa.currentSoa(as('auditor'))).items.find((r) => r.control_id === 'A.8.13')!.status).toBe('implemented');
    expect(frozen.content_hash).toBe(v1.content_hash);
  });

  it('supersedes an unapproved draft when a newer version is prepared', async () => {
    await soa.prepareVersion(as('security_officer'));
    const v2 = await soa.prepareVersion(as('admin'), { note: 'Redo' });
    expect(v2.number).toBe(2);
    const list = await soa.listVersions(as('auditor'), { limit: 10, offset: 0 });
    expect(list.items.map((v) => [v.number, v.status, v.superseded_by])).toEqual([
      [2, 'draft', null],
      [1, 'superseded', 2],
    ]);
    const stale = await failure(soa.approveVersion(as('admin'), 1, { acknowledge_gaps: true }));
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/replaced by version 2/);
  });

  it('lets only an administrator approve, needs an acknowledgement for gaps, and records name, role and date', async () => {
    await soa.prepareVersion(as('security_officer'));
    for (const role of ['security_officer', 'auditor', 'staff'] as const) expect((await failure(soa.approveVersion(as(role), 1, { acknowledge_gaps: true }))).status).toBe(403);
    expect((await failure(soa.approveVersion(t.ctx(), 1, { acknowledge_gaps: true }))).message).toMatch(/named person/);
    const gaps = await failure(soa.approveVersion(as('admin'), 1));
    expect(gaps).toMatchObject({ status: 409, fields: ['acknowledge_gaps'] });
    expect((await soaCounts(t)).approved).toBe(0);

    t.clock.advance(60_000);
    const v = await soa.approveVersion(as('admin'), 1, { acknowledge_gaps: true });
    expect(v.status).toBe('approved');
    expect(v.approval).toEqual({
      approved_at: t.clock.now().toISOString(),
      approved_on: '2026-11-25',
      name: 'Aino Approver',
      title: 'Head of IT and Platform',
      role: 'admin',
      gaps_acknowledged: true,
    });
    const events = await t.booted.services.db.selectFrom('audit_events').selectAll().where('action', '=', 'soa.approve').execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.after_json!)).toMatchObject({ number: 1, status: 'approved', content_hash: v.content_hash });
  });

  it('never changes an approved version: a second approval is refused and a new version leaves it approved', async () => {
    await makeControl(t, { status: 'implemented', links: [...req.values()] });
    for (const ref of req.keys()) if (ref.startsWith('A.')) await soa.updateEntry(as('admin'), ref, { justification: `Needed: ${ref}` });
    await soa.prepareVersion(as('admin'));
    const approved = await soa.approveVersion(as('admin'), 1, { title: 'CEO, for the board' });
    expect(approved.approval).toMatchObject({ title: 'CEO, for the board', gaps_acknowledged: false });
    const again = await failure(soa.approveVersion(as('admin'), 1, { acknowledge_gaps: true }));
    expect(again.status).toBe(409);
    expect(again.message).toMatch(/approved on 2026-11-25 by Aino Approver/);
    await soa.prepareVersion(as('admin'));
    const v1 = await soa.getVersion(as('auditor'), 1);
    expect(v1.status).toBe('approved');
    expect(v1.approval).toEqual(approved.approval);
  });

  it('refuses to prepare a version when no catalogue is loaded', async () => {
    await t.booted.services.db.updateTable('requirements').set({ kind: 'withheld' }).where('kind', '=', 'control').execute();
    try {
      expect((await failure(soa.prepareVersion(as('admin')))).status).toBe(409);
      expect((await soa.currentSoa(as('auditor'))).items).toEqual([]);
    } finally {
      await t.booted.services.db.updateTable('requirements').set({ kind: 'control' }).where('kind', '=', 'withheld').execute();
    }
  });

  it('diffs two versions, and a version against the working SoA', async () => {
    const ctl = await makeControl(t, { status: 'implemented', links: [req.get('A.5.1')!], ref: 'CTL-100', title: 'Policy set' });
    await soa.updateEntry(as('admin'), 'A.7.4', { justification: 'Offices have CCTV.' });
    await soa.prepareVersion(as('admin'));
    await soa.updateEntry(as('admin'), 'A.7.4', { applicable: false, justification: 'Data-centre provider monitors.' });
    await makeControl(t, { status: 'implemented', links: [req.get('A.5.1')!], ref: 'CTL-101', title: 'Policy review' });
    await setControlStatus(t, ctl.id, 'in_progress');
    await soa.prepareVersion(as('admin'));
    const d = await soa.diffVersions(as('auditor'), 1, 2);
    expect(d.from).toEqual({ number: 1, status: 'superseded' });
    expect(d.to).toEqual({ number: 2, status: 'draft' });
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.unchanged).toBe(4);
    const byId = new Map(d.changed.map((ch) => [ch.control_id, ch]));
    expect(byId.get('A.5.1')).toMatchObject({ fields: [{ field: 'status', before: 'implemented', after: 'partially_implemented' }], implemented_by: { added: [{ ref: 'CTL-101', title: 'Policy review' }], removed: [] } });
    expect(byId.get('A.7.4')!.fields.map((f) => f.field)).toEqual(['applicable', 'justification', 'status']);
    const current = await soa.diffVersions(as('auditor'), 2, 'current');
    expect(current.to).toEqual({ number: null, status: 'working' });
    expect(current.changed).toEqual([]);
    expect((await failure(soa.diffVersions(as('auditor'), 1, 9))).status).toBe(404);
  });
});
