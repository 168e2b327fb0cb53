// The dashboard: real counts for oversight roles, own tasks for staff, charts with text alternatives.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';
import { buildEvent, buildPerson, cspViolations, getPage, statValue } from './fixtures.js';
import { makePerson } from '../isms/people/factories.js';
import { makePublishedPolicy } from '../isms/policies/factories.js';
import { makeRisk } from '../isms/risks/factories.js';
import { makeControl } from '../isms/controls/factories.js';
import { acknowledgePolicy, startCampaign } from '../../src/isms/policies/campaigns.js';
import { currentSoa } from '../../src/isms/soa/service.js';

const count = (html: string, label: string) => Number((statValue(html, label) ?? 'NaN').replace(/\D/g, ''));

describe.each(dialects())('dashboard on %s', (dialect) => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  beforeEach(async () => {
    // Sessions idle out as tests move the clock; fresh ones each time.
    for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) cookies[role] = (await t.session(role)).cookie;
  });
  afterAll(async () => t.close());

  it('sends an anonymous reader to sign in', async () => {
    const res = await getPage(t, '/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2F');
  });

  it('renders for every role, in the layout, without inline script or style', async () => {
    for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) {
      const res = await getPage(t, '/', cookies[role]);
      expect(res.status, role).toBe(200);
      expect(res.html).toContain('<a href="/" aria-current="page">');
      expect(cspViolations(res.html)).toEqual([]);
    }
  });

  it('shows staff their tasks and account only — no organisation figures', async () => {
    const res = await getPage(t, '/', cookies.staff);
    expect(res.html).toContain('Your tasks');
    expect(res.html).toContain('training');
    expect(res.html).toContain('access reviews');
    expect(res.html).toContain('Nothing needs you right now.');
    expect(res.html).toContain('to read and acknowledge');
    expect(res.html).toContain('Two-step sign-in');
    expect(res.html).not.toContain('stat-value');
    expect(res.html).not.toContain('/audit');
    expect(res.html).not.toContain('Headcount');
    expect(res.html).not.toContain('Risks not closed');
  });

  it('lists the policies a person has been asked to acknowledge until they have, on every role’s dashboard', async () => {
    const staff = await t.session('staff');
    const person = await makePerson(t, { name: 'Pia Pending', email: staff.email });
    const owner = await makePerson(t);
    const policy = await makePublishedPolicy(t, owner.id, { title: 'Clean <desk> policy' });
    await startCampaign(t.ctx(), policy.id, { audience: 'people', person_ids: [person.id], due_date: '2026-12-09' });
    const asked = await getPage(t, '/', staff.cookie);
    expect(asked.html).toContain('Waiting for your acknowledgement (1)');
    expect(asked.html).toContain(`<a href="/policies/${policy.id}">Clean &lt;desk&gt; policy</a>`);
    expect(asked.html).toContain('9 Dec 2026');
    expect(asked.html).not.toContain('Nothing needs you right now.');
    // An oversight role sees its own list above the organisation's figures.
    const auditor = await t.session('auditor');
    const auditorPerson = await makePerson(t, { email: auditor.email });
    await startCampaign(t.ctx(), policy.id, { audience: 'people', person_ids: [auditorPerson.id], due_date: '2026-12-09' });
    const oversight = await getPage(t, '/', auditor.cookie);
    expect(oversight.html).toContain('Waiting for your acknowledgement (1)');
    expect(oversight.html).toContain('Risks not closed');

    await acknowledgePolicy(t.ctx({ type: 'user', id: staff.userId, label: staff.email, role: 'staff' }), policy.id);
    const done = await getPage(t, '/', staff.cookie);
    expect(done.html).not.toContain('Waiting for your acknowledgement');
    expect(done.html).toContain('Nothing needs you right now.');
  });

  it('shows the risk register by band, the controls implemented and the SoA’s coverage to oversight roles', async () => {
    const before = await getPage(t, '/', cookies.security_officer);
    const risks = count(before.html, 'Risks not closed');
    const implemented = count(before.html, 'Controls implemented');
    const soa = (await currentSoa(t.ctx())).summary;
    expect(before.html).toContain(`${soa.implemented} of ${soa.applicable} applicable Annex A controls implemented`);

    const owner = await makePerson(t);
    await makeRisk(t, owner, { likelihood: 5, impact: 5, residual_likelihood: 5, residual_impact: 5 });
    await makeControl(t, { status: 'implemented', requirement_keys: ['iso27001-2022:A.7.14'] });
    await makeControl(t, { status: 'not_applicable' });
    const after = await getPage(t, '/', cookies.security_officer);
    expect(count(after.html, 'Risks not closed')).toBe(risks + 1);
    expect(after.html).toMatch(/<a href="\/risks\?band=critical&amp;status=active"><span class="pill pill--bad">Critical<\/span> [1-9]\d*<\/a>/);
    expect(count(after.html, 'Controls implemented')).toBe(implemented + 1);
    const soaAfter = (await currentSoa(t.ctx())).summary;
    expect(soaAfter.implemented).toBe(soa.implemented + 1);
    expect(after.html).toContain(`${soaAfter.implemented} of ${soaAfter.applicable} applicable Annex A controls implemented`);
    expect(after.html).toContain('href="/soa"');
    // Rows without an implementing control are gaps, and the figure links to exactly those rows.
    expect(soaAfter.with_gaps).toBeGreaterThan(0);
    expect(after.html).toContain(`<a class="stat-warn" href="/soa?gap=any">${soaAfter.with_gaps} with gaps</a>`);
    expect(after.html).toContain('<div class="stats" role="group" aria-label="The management system">');
    expect(cspViolations(after.html)).toEqual([]);
  });

  it('counts user accounts that can sign in, and how many use two-step sign-in', async () => {
    const before = await getPage(t, '/', cookies.auditor);
    const accounts = count(before.html, 'User accounts');
    expect(accounts).toBeGreaterThanOrEqual(4);
    const u = await t.makeUser('staff');
    await t.booted.services.db.updateTable('users').set({ mfa_enabled_at: t.clock.now().toISOString() }).where('id', '=', u.id).execute();
    const gone = await t.makeUser('staff');
    await t.booted.services.db.updateTable('users').set({ disabled_at: t.clock.now().toISOString() }).where('id', '=', gone.id).execute();
    const after = await getPage(t, '/', cookies.auditor);
    expect(count(after.html, 'User accounts')).toBe(accounts + 1);
    const withMfa = (await t.booted.services.db.selectFrom('users').select('id').where('mfa_enabled_at', 'is not', null).where('disabled_at', 'is', null).execute()).length;
    expect(after.html).toContain(`${withMfa} of ${accounts + 1} use two-step sign-in`);
  });

  it('counts changes of the last seven days in the organisation’s time zone, and lists the latest', async () => {
    const before = count((await getPage(t, '/', cookies.auditor)).html, 'Recorded changes');
    // "Today" is 2026-11-25 in Helsinki; the window starts 2026-11-19 00:00 Helsinki = 2026-11-18T22:00Z.
    await buildEvent(t, { at: '2026-11-18T21:59:59.000Z', action: 'thing.too_old' });
    await buildEvent(t, { at: '2026-11-18T22:00:00.000Z', action: 'thing.first_day' });
    await buildEvent(t, { at: '2026-11-22T12:00:00.000Z', action: 'thing.midweek' });
    await buildEvent(t, { action: 'thing.latest', entityType: 'widget' });
    const res = await getPage(t, '/', cookies.auditor);
    expect(count(res.html, 'Recorded changes')).toBe(before + 3);
    expect(res.html).toContain('href="/audit?from=2026-11-19"');
    expect(res.html).toContain('<code>thing.latest</code>');
    expect(res.html).toMatch(/<desc id="activity-d">\d+ changes recorded over the last 7 days/);
    expect(res.html).toContain('<caption>Changes per day</caption>');
  });

  it('escapes hostile actor names and actions in the latest changes', async () => {
    await buildEvent(t, { actor: { type: 'system', id: null, label: '<img src=x onerror=alert(1)>' }, action: 'x.<script>' });
    const res = await getPage(t, '/', cookies.auditor);
    expect(res.status).toBe(200);
    expect(res.html).not.toContain('<img src=x');
    expect(res.html).not.toContain('x.<script>');
    expect(res.html).toContain('by &lt;img src=x onerror=alert(1)&gt;');
  });

  it('counts people by status and draws headcount by department', async () => {
    const before = await getPage(t, '/', cookies.auditor);
    const active = count(before.html, 'Active people');
    await buildPerson(t, { department: 'Risk <Ops>' });
    await buildPerson(t, { department: 'Risk <Ops>' });
    await buildPerson(t, { department: 'Risk <Ops>', status: 'leaving' });
    await buildPerson(t, { department: 'Risk <Ops>', status: 'left' });
    const res = await getPage(t, '/', cookies.auditor);
    expect(count(res.html, 'Active people')).toBe(active + 2);
    expect(res.html).toMatch(/\d+ leaving · \d+ left/);
    expect(res.html).toContain('<th scope="row">Risk &lt;Ops&gt;</th><td>3</td>');
    expect(res.html).toContain('<title id="departments-t">Headcount by department</title>');
    expect(res.html).not.toContain('Risk <Ops>');
  });

  it('keeps the page up and says so when one panel cannot be read', async () => {
    // A broken people table (as after a failed restore) must not take the whole dashboard down.
    const broken = await buildTestApp(dialect);
    try {
      const cookie = (await broken.session('auditor')).cookie;
      await sql`alter table people rename to people_gone`.execute(broken.booted.services.db);
      const res = await getPage(broken, '/', cookie);
      expect(res.status).toBe(200);
      expect(res.html).toContain('These figures could not be read just now');
      expect(count(res.html, 'User accounts')).toBeGreaterThan(0);
      await sql`alter table controls rename to controls_gone`.execute(broken.booted.services.db);
      const noControls = await getPage(broken, '/', cookie);
      expect(noControls.status).toBe(200);
      expect(statValue(noControls.html, 'Controls implemented')).toBe('—');
      expect(count(noControls.html, 'Risks not closed')).toBeGreaterThanOrEqual(0);
    } finally {
      await broken.close();
    }
  });
});
