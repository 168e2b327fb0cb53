// Acknowledgement campaigns on every dialect: who is asked, each person's computed state on the
// FixedClock, the caller's own list, and reminders through a real SMTP server (and without one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { createToken } from '../../../src/auth/tokens.js';
import { createMailer } from '../../../src/mail/index.js';
import { updatePerson } from '../../../src/isms/people/service.js';
import { approveVersion, createDraft, publishVersion } from '../../../src/isms/policies/service.js';
import type { CampaignDetailOut, CampaignOut, ReminderOut } from '../../../src/isms/policies/schema.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { startSmtpSink, type SmtpSink } from '../../mail/smtp-sink.js';
import { counts, json, makeDraftPolicy, makeOwner, makePublishedPolicy } from './factories.js';

interface Problem {
  errors?: { field: string; message: string }[];
}

const DAY = 86_400_000;

describe.each(dialects())('acknowledgement campaigns on %s', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  const auth: Partial<Record<Role, string>> = {};
  /** Bearer headers of staff users who are people in the directory, by name. */
  const readers = new Map<string, { auth: string; personId: string; email: string }>();
  let ownerId: string;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    sink = await startSmtpSink(['bounce@campaign.test']);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) auth[r] = (await t.bearer(r)).authorization;
    ownerId = (await makeOwner(t, { name: 'Campaign Owner', department: 'Security' })).id;
    for (const name of ['Aino Ack', 'Bertta Busy', 'Cecilia Careful']) {
      const email = `${name.split(' ')[0]!.toLowerCase()}@campaign.test`;
      const person = await makeOwner(t, { name, email, department: 'Payments' });
      const u = await t.makeUser('staff', { email });
      const { token } = await createToken(t.ctx(), { id: u.id, email }, { name: 'test', expires_in: '30d' });
      readers.set(name, { auth: `Bearer ${token}`, personId: person.id, email });
    }
  }, 60_000);
  afterAll(async () => {
    await sink.close();
    await t.close();
  });

  const as = (role: Role, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: auth[role]! } });
  const asReader = (name: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: readers.get(name)!.auth } });
  const campaign = async (policyId: string, id: string, role: Role = 'auditor') => (await (await t.request(`/api/v1/policies/${policyId}/campaigns/${id}`, as(role))).json()) as CampaignDetailOut;
  const stateOf = (c: CampaignDetailOut, name: string) => c.members.find((m) => m.name === name)?.state;
  const start = (policyId: string, body: unknown, role: Role = 'security_officer') => t.request(`/api/v1/policies/${policyId}/campaigns`, as(role, json(body)));
  const remind = (policyId: string, id: string, role: Role = 'security_officer') => t.request(`/api/v1/policies/${policyId}/campaigns/${id}/remind`, as(role, { method: 'POST' }));

  it('climbs the ladder when starting a campaign, naming each bad field and writing nothing', async () => {
    const p = await makePublishedPolicy(t, ownerId);
    const left = await makeOwner(t, { status: 'left', end_date: '2026-01-01' });
    expect((await t.request(`/api/v1/policies/${p.id}/campaigns`, json({ audience: 'all', due_date: '2026-12-31' }))).status).toBe(401);
    const unpublished = await makeDraftPolicy(t, ownerId);
    const before = await counts(t);
    const cases: [Record<string, unknown>, string][] = [
      [{ audience: 'everyone', due_date: '2026-12-31' }, 'audience'],
      [{ audience: 'all', due_date: '31.12.2026' }, 'due_date'],
      [{ audience: 'all', due_date: '2026-02-30' }, 'due_date'],
      [{ audience: 'all', due_date: '2026-11-24' }, 'due_date'], // the test clock is 2026-11-25
      [{ audience: 'department', due_date: '2026-12-31' }, 'department'],
      [{ audience: 'department', department: 'No such team', due_date: '2026-12-31' }, 'department'],
      [{ audience: 'department', department: 'Pay\u0000ments', due_date: '2026-12-31' }, 'department'],
      [{ audience: 'people', person_ids: [], due_date: '2026-12-31' }, 'person_ids'],
      [{ audience: 'people', person_ids: ['01900000-0000-7000-8000-000000000000'], due_date: '2026-12-31' }, 'person_ids.0'],
      [{ audience: 'people', person_ids: [ownerId, "' OR 1=1 --"], due_date: '2026-12-31' }, 'person_ids.1'],
      [{ audience: 'people', person_ids: [left.id], due_date: '2026-12-31' }, 'person_ids.0'],
      [{ audience: 'people', person_ids: Array(5001).fill(ownerId), due_date: '2026-12-31' }, 'person_ids'],
      [{ audience: 'all', due_date: '2026-12-31', version: 0 }, 'version'],
      [{ audience: 'all', due_date: '2026-12-31', colour: 'red' }, '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await start(p.id, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect((((await res.json()) as Problem).errors ?? []).map((e) => e.field), JSON.stringify(body).slice(0, 80)).toContain(field);
    }
    for (const role of ['auditor', 'staff'] as const) expect((await start(p.id, { audience: 'all', due_date: '2026-12-31' }, role)).status).toBe(403);
    expect((await start(unpublished.id, { audience: 'all', due_date: '2026-12-31' })).status).toBe(409);
    expect((await start(p.id, { audience: 'all', due_date: '2026-12-31', version: 2 })).status).toBe(409);
    expect(await counts(t)).toEqual(before);
  });

  it('asks everyone still here, a department or chosen people, and computes each person’s state', async () => {
    const p = await makePublishedPolicy(t, ownerId, { title: 'Clean desk instruction' });
    const res = await start(p.id, { audience: 'department', department: 'Payments', due_date: '2026-12-09' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as CampaignOut;
    expect(res.headers.get('location')).toBe(`/api/v1/policies/${p.id}/campaigns/${created.id}`);
    expect(created).toMatchObject({ version: 1, audience: 'department', department: 'Payments', status: 'open', counts: { members: 3, required: 3, acknowledged: 0, pending: 3 } });

    // Aino acknowledges from her own account; Bertta leaves; Cecilia waits.
    expect((await t.request(`/api/v1/policies/${p.id}/acknowledge`, asReader('Aino Ack', { method: 'POST' }))).status).toBe(200);
    await updatePerson(t.ctx(), readers.get('Bertta Busy')!.personId, { status: 'left', end_date: '2026-11-25' });
    const pending = (await (await t.request('/api/v1/me/acknowledgements', asReader('Cecilia Careful'))).json()) as { items: { policy_id: string; due_date: string; overdue: boolean }[] };
    expect(pending.items).toContainEqual(expect.objectContaining({ policy_id: p.id, due_date: '2026-12-09', overdue: false }));
    const mine = (await (await t.request('/api/v1/me/acknowledgements', asReader('Aino Ack'))).json()) as { items: { policy_id: string }[] };
    expect(mine.items.map((i) => i.policy_id)).not.toContain(p.id);

    let c = await campaign(p.id, created.id);
    expect(stateOf(c, 'Aino Ack')).toBe('acknowledged');
    expect(c.members.find((m) => m.name === 'Aino Ack')!.acknowledged_at).toBe('2026-11-25T08:00:00.000Z');
    expect(stateOf(c, 'Bertta Busy')).toBe('left');
    expect(stateOf(c, 'Cecilia Careful')).toBe('pending');
    expect(c.counts).toEqual({ members: 3, required: 2, acknowledged: 1, pending: 1, overdue: 0, left: 1 });
    expect((await t.request(`/api/v1/policies/${p.id}/campaigns/${created.id}`, as('staff'))).status).toBe(403);

    // Past the due date Cecilia is overdue, and so is the campaign.
    const saved = t.clock.now();
    try {
      t.clock.set(new Date('2026-12-10T09:00:00Z'));
      c = await campaign(p.id, created.id);
      expect(stateOf(c, 'Cecilia Careful')).toBe('overdue');
      expect(c.status).toBe('overdue');
      const late = (await (await t.request('/api/v1/me/acknowledgements', asReader('Cecilia Careful'))).json()) as { items: { policy_id: string; overdue: boolean }[] };
      expect(late.items.find((i) => i.policy_id === p.id)?.overdue).toBe(true);
      expect((await t.request(`/api/v1/policies/${p.id}/acknowledge`, asReader('Cecilia Careful', { method: 'POST' }))).status).toBe(200);
      c = await campaign(p.id, created.id);
      expect(c.status).toBe('complete');
      expect(c.counts.acknowledged).toBe(2);
    } finally {
      t.clock.set(saved);
    }

    // A new published version supersedes the campaign; acknowledging v1 does not count for v2.
    await createDraft(t.ctx(), p.id, { body: 'Version two' });
    await approveVersion(t.ctx(), p.id, 2);
    await publishVersion(t.ctx(), p.id, 2);
    expect((await campaign(p.id, created.id)).status).toBe('superseded');
    expect((await remind(p.id, created.id)).status).toBe(409);
    const chosen = (await (await start(p.id, { audience: 'people', person_ids: [readers.get('Aino Ack')!.personId], due_date: '2026-12-31' })).json()) as CampaignOut;
    expect(chosen).toMatchObject({ version: 2, audience: 'people', counts: { members: 1, acknowledged: 0 } });
    const all = (await (await start(p.id, { audience: 'all', due_date: '2026-12-31' })).json()) as CampaignOut;
    expect(all.counts.members).toBeGreaterThanOrEqual(3);
    expect((await campaign(p.id, all.id)).members.map((m) => m.name)).not.toContain('Bertta Busy');
    const listed = (await (await t.request(`/api/v1/policies/${p.id}/campaigns`, as('auditor'))).json()) as { items: CampaignOut[] };
    expect(listed.items.map((x) => x.id)).toEqual([all.id, chosen.id, created.id]);
  });

  it('records a reminder without mail configured, says so, and allows one a day', async () => {
    t.booted.services.mail = null;
    const p = await makePublishedPolicy(t, ownerId);
    const c = (await (await start(p.id, { audience: 'department', department: 'Payments', due_date: '2026-12-31' })).json()) as CampaignOut;
    expect((await remind(p.id, c.id, 'auditor')).status).toBe(403);
    expect((await remind(p.id, c.id, 'staff')).status).toBe(403);
    const first = await remind(p.id, c.id);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: 'not_configured', recipients: 2, delivered: 0 });
    expect(sink.received.filter((m) => m.subject.includes(p.ref))).toHaveLength(0);
    const before = await counts(t);
    const again = await remind(p.id, c.id, 'admin');
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBe(86_400);
    expect(await counts(t)).toEqual(before);
    const saved = t.clock.now();
    try {
      t.clock.advance(DAY - 1000);
      expect((await remind(p.id, c.id)).status).toBe(429);
      t.clock.advance(1000);
      expect((await remind(p.id, c.id)).status).toBe(200);
    } finally {
      t.clock.set(saved);
    }
    const events = (await (await t.request(`/api/v1/audit-events?entity_type=policy&entity_id=${p.id}&action=policy.remind`, as('auditor'))).json()) as { items: { after: { mail: string; recipients: number } }[] };
    expect(events.items).toHaveLength(2);
    expect(events.items[0]!.after).toMatchObject({ mail: 'not_configured', recipients: 2 });
  });

  it('emails everyone still pending through a real SMTP server, and nobody who has acknowledged or left', async () => {
    t.booted.services.mail = createMailer({ smtpUrl: sink.url, from: 'Kilpi <kilpi@campaign.test>' });
    try {
      const p = await makePublishedPolicy(t, ownerId, { title: 'Tietoturvapolitiikka' });
      const bounce = await makeOwner(t, { name: 'Bounce Person', email: 'bounce@campaign.test', department: 'Mailroom' });
      const people = [...readers.values()].map((r) => r.personId);
      const c = (await (await start(p.id, { audience: 'people', person_ids: [...people.filter((id) => id !== readers.get('Bertta Busy')!.personId), ownerId], due_date: '2026-12-11' })).json()) as CampaignOut;
      await t.request(`/api/v1/policies/${p.id}/acknowledge`, asReader('Aino Ack', { method: 'POST' }));
      const r = (await (await remind(p.id, c.id)).json()) as ReminderOut;
      expect(r).toMatchObject({ outcome: 'sent', recipients: 2, delivered: 2, failed: 0 });
      const mails = sink.received.filter((m) => m.subject.includes(p.ref));
      const to = mails.map((m) => m.to[0]!);
      expect(to).toHaveLength(2);
      expect(to).toContain('cecilia@campaign.test');
      expect(to.find((x) => x !== 'cecilia@campaign.test')).toMatch(/@example\.test$/); // the owner, asked too
      const cecilia = mails.find((m) => m.to[0] === 'cecilia@campaign.test')!;
      expect(cecilia.from).toBe('kilpi@campaign.test');
      expect(cecilia.subject).toBe(`Muistutus / Reminder: Tietoturvapolitiikka (${p.ref})`);
      expect(cecilia.text).toContain('Hei Cecilia Careful,');
      expect(cecilia.text).toContain('viimeistään 11.12.2026');
      expect(cecilia.text).toContain('by 11 December 2026');
      expect(cecilia.text).toContain(`https://kilpi.test/policies/${p.id}`);

      // A server that refuses one recipient: the others still get theirs, and the outcome says so.
      const c2 = (await (await start(p.id, { audience: 'people', person_ids: [readers.get('Cecilia Careful')!.personId, bounce.id], due_date: '2026-12-11' })).json()) as CampaignOut;
      const r2 = (await (await remind(p.id, c2.id)).json()) as ReminderOut;
      expect(r2).toMatchObject({ outcome: 'partly_failed', recipients: 2, delivered: 1, failed: 1 });
      const detail = await campaign(p.id, c2.id);
      expect(detail.reminders[0]).toMatchObject({ outcome: 'partly_failed', delivered: 1, failed: 1 });
      expect(detail.next_reminder_from).toBe(new Date(t.clock.now().getTime() + DAY).toISOString());
      const results = (await (await t.request(`/api/v1/audit-events?entity_type=policy&entity_id=${p.id}&action=policy.remind_result`, as('auditor'))).json()) as { items: { after: { outcome: string } }[] };
      expect(results.items.map((e) => e.after.outcome).sort()).toEqual(['partly_failed', 'sent']);
    } finally {
      t.booted.services.mail = null;
    }
  });

  it('answers 409 when everyone has acknowledged, and 404 for an unknown campaign', async () => {
    const p = await makePublishedPolicy(t, ownerId);
    const c = (await (await start(p.id, { audience: 'people', person_ids: [readers.get('Aino Ack')!.personId], due_date: '2026-12-31' })).json()) as CampaignOut;
    await t.request(`/api/v1/policies/${p.id}/acknowledge`, asReader('Aino Ack', { method: 'POST' }));
    expect((await remind(p.id, c.id)).status).toBe(409);
    expect((await t.request(`/api/v1/policies/${p.id}/campaigns/01900000-0000-7000-8000-000000000000`, as('auditor'))).status).toBe(404);
    expect((await t.request(`/api/v1/policies/${p.id}/campaigns/%00`, as('auditor'))).status).toBe(404);
    const other = await makePublishedPolicy(t, ownerId);
    expect((await t.request(`/api/v1/policies/${other.id}/campaigns/${c.id}`, as('auditor'))).status).toBe(404);
  });
});
