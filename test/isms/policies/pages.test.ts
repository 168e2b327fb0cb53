// Policy pages on every dialect: who may open what, staff and officer views, forms with CSRF and
// errors kept, the draft editor's preview, acknowledging, campaigns and reminders, Finnish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { createSession } from '../../../src/auth/sessions.js';
import { findUserByEmail } from '../../../src/auth/users-repo.js';
import { startCampaign } from '../../../src/isms/policies/campaigns.js';
import { createDraft } from '../../../src/isms/policies/service.js';
import type { PolicyOut } from '../../../src/isms/policies/schema.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { counts, makeDraftPolicy, makeOwner, makePublishedPolicy } from './factories.js';

type Session = { cookie: string; csrf: string };
type Who = Role | 'reader';

describe.each(dialects())('policy pages on %s', (dialect) => {
  let t: TestApp;
  const s: Partial<Record<Who, Session>> = {};
  let ownerId: string;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) s[r] = await t.session(r);
    // A staff member who is in the directory, so they can acknowledge.
    const email = 'riikka.reader@pages.test';
    await makeOwner(t, { name: 'Riikka Reader', email, department: 'Support' });
    await t.makeUser('staff', { email });
    const user = (await findUserByEmail(t.booted.services.db, email))!;
    const { cookie, session } = await createSession(t.booted.services.db, user, { now: t.clock.now(), limits: t.booted.services.limits, mfaPassed: true, ip: null, userAgent: 'test' });
    s.reader = { cookie: `kilpi_session=${cookie}`, csrf: session.csrf_token };
    ownerId = (await makeOwner(t, { name: 'Page Owner', department: 'Security' })).id;
  });
  afterAll(async () => t.close());

  const get = (path: string, who?: Who, extra: Record<string, string> = {}) => t.request(path, { headers: { ...(who ? { cookie: s[who]!.cookie } : {}), ...extra } });
  const html = async (path: string, who: Who, status = 200) => {
    const res = await get(path, who);
    expect(res.status, `${who} ${path}`).toBe(status);
    return res.text();
  };
  const post = (path: string, who: Who, fields: Record<string, string | string[]>, withCsrf = true) => {
    const body = new URLSearchParams(withCsrf ? { _csrf: s[who]!.csrf } : {});
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return t.request(path, { method: 'POST', headers: { cookie: s[who]!.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  };
  const expectCspSafe = (page: string) => {
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page).not.toMatch(/\sstyle=/);
  };

  it('teaches what belongs here when there are no policies, with actions only for writers', async () => {
    const admin = await html('/policies', 'admin');
    expect(admin).toContain('No policies yet');
    expect(admin).toContain('href="/policies/new"');
    const staff = await html('/policies', 'staff');
    expect(staff).toContain('No published policies yet');
    expect(staff).not.toContain('href="/policies/new"');
  });

  it('opens each page for the roles that may, 403 or 404 for the others, and sends anonymous visitors to sign in', async () => {
    const p = await makePublishedPolicy(t, ownerId, { title: 'Routing rule' });
    await createDraft(t.ctx(), p.id, { body: 'v2 text' });
    const draftOnly = await makeDraftPolicy(t, ownerId, { title: 'Secret draft' });
    const c = await startCampaign(t.ctx(), p.id, { audience: 'all', due_date: '2026-12-31' });
    const everyone: Who[] = ['admin', 'security_officer', 'auditor', 'staff'];
    const pages: [string, Partial<Record<Who, number>>][] = [
      ['/policies', { admin: 200, security_officer: 200, auditor: 200, staff: 200 }],
      ['/policies/new', { admin: 200, security_officer: 200, auditor: 403, staff: 403 }],
      [`/policies/${p.id}`, { admin: 200, security_officer: 200, auditor: 200, staff: 200 }],
      [`/policies/${draftOnly.id}`, { admin: 200, security_officer: 200, auditor: 200, staff: 404 }],
      [`/policies/${p.id}/edit`, { admin: 200, security_officer: 200, auditor: 403, staff: 403 }],
      [`/policies/${p.id}/draft`, { admin: 200, security_officer: 200, auditor: 403, staff: 403 }],
      [`/policies/${p.id}/diff`, { admin: 200, security_officer: 200, auditor: 200, staff: 403 }],
      [`/policies/${p.id}/versions/1`, { admin: 200, security_officer: 200, auditor: 200, staff: 200 }],
      [`/policies/${p.id}/versions/2`, { admin: 200, security_officer: 200, auditor: 200, staff: 404 }],
      [`/policies/${p.id}/campaigns/new`, { admin: 200, security_officer: 200, auditor: 403, staff: 403 }],
      [`/policies/${p.id}/campaigns/${c.id}`, { admin: 200, security_officer: 200, auditor: 200, staff: 403 }],
    ];
    for (const [path, expected] of pages) {
      for (const who of everyone) {
        const res = await get(path, who);
        expect(res.status, `${who} ${path}`).toBe(expected[who]);
        if (res.status === 200) expectCspSafe(await res.text());
      }
      const anon = await get(path);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    for (const bad of ['/policies/no-such', '/policies/%00', `/policies/${p.id}/versions/99`, `/policies/${p.id}/versions/x`, `/policies/${p.id}/campaigns/nope`]) {
      expect((await get(bad, 'auditor')).status, bad).toBe(404);
    }
  });

  it('shows officers the versions, campaigns and history, and staff only the published text', async () => {
    const p = await makePublishedPolicy(t, ownerId, { title: 'Two views', body: '## Rule\n\nPublished words.\n' });
    await createDraft(t.ctx(), p.id, { body: '## Rule\n\nDraft words.\n', change_summary: 'Sharper' });
    const officer = await html(`/policies/${p.id}`, 'security_officer');
    expect(officer).toContain('Published words.');
    expect(officer).toContain('Versions');
    expect(officer).toContain('Sharper');
    expect(officer).toContain('Version 2 is being drafted.');
    expect(officer).toContain(`href="/policies/${p.id}/draft"`);
    expect(officer).toContain(`href="/policies/${p.id}/campaigns/new"`);
    expect(officer).toContain('Version 1 published');
    expect(officer).not.toContain(`/versions/1/approve`);
    const staff = await html(`/policies/${p.id}`, 'staff');
    expect(staff).toContain('Published words.');
    expect(staff).not.toContain('Draft words.');
    expect(staff).not.toContain('Sharper');
    expect(staff).not.toContain('History');
    expect(staff).not.toContain(`/policies/${p.id}/draft`);
    // A staff account that is not in the directory is told why it cannot acknowledge.
    expect(staff).toContain('not in the people directory');
    expect(staff).not.toContain(`action="/policies/${p.id}/acknowledge"`);
    // Only administrators see approve on a draft.
    expect(await html(`/policies/${p.id}/versions/2`, 'admin')).toContain(`action="/policies/${p.id}/versions/2/approve"`);
    expect(await html(`/policies/${p.id}/versions/2`, 'security_officer')).not.toContain('/approve');
    expect(await html(`/policies/${p.id}/versions/2`, 'security_officer')).toContain('An administrator approves it');
  });

  it('creates a policy from a template through the form, keeping errors beside their fields', async () => {
    const before = await counts(t);
    expect((await post('/policies/new', 'admin', { template: 'backup', owner_id: ownerId }, false)).status).toBe(403);
    expect((await post('/policies/new', 'auditor', { template: 'backup', owner_id: ownerId })).status).toBe(403);
    const bad = await post('/policies/new', 'admin', { template: '', title: '<b>x</b>'.repeat(40), level: '', owner_id: '', review_interval_months: '99' });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain('class="alert alert--error"');
    for (const f of ['title', 'owner_id', 'review_interval_months']) expect(page, f).toContain(`href="#f-${f}"`);
    // Rules that combine fields come after each field is valid: no template and no level.
    const noLevel = await post('/policies/new', 'admin', { template: '', title: 'Mine', level: '', owner_id: ownerId, review_interval_months: '' });
    expect(noLevel.status).toBe(400);
    expect(await noLevel.text()).toContain('href="#f-level"');
    expect(page).not.toContain('<b>x</b>');
    expect(await counts(t)).toEqual(before);
    const ok = await post('/policies/new', 'security_officer', { template: 'supplier-security', title: '', level: '', owner_id: ownerId, review_interval_months: '' });
    expect(ok.status).toBe(303);
    const location = ok.headers.get('location')!;
    expect(location).toMatch(/^\/policies\/[0-9a-f-]{36}\?done=created$/);
    const detail = await html(location, 'auditor');
    expect(detail).toContain('Supplier security policy');
    expect(detail).toContain('Test');
  });

  it('edits a draft with a preview that is sanitised, and saves it', async () => {
    const p = await makeDraftPolicy(t, ownerId, { body: 'Start\n' });
    const editor = await html(`/policies/${p.id}/draft`, 'admin');
    expect(editor).toContain('>\nStart\n</textarea>');
    const body = '## Heading\n\nIntro <script>alert(1)</script> **bold** [x](javascript:alert(1))';
    const preview = await post(`/policies/${p.id}/draft`, 'admin', { body, change_summary: 'Try', intent: 'preview' });
    expect(preview.status).toBe(200);
    const shown = await preview.text();
    expect(shown).toContain('<h3>Heading</h3>');
    expect(shown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shown).not.toContain('<script>alert(1)');
    expect(shown).not.toContain('href="javascript');
    const bad = await post(`/policies/${p.id}/draft`, 'admin', { body: 'bell \u0007 here', change_summary: '', intent: 'save' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="f-body-err"');
    const saved = await post(`/policies/${p.id}/draft`, 'admin', { body, change_summary: 'Real text', intent: 'save' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/policies/${p.id}/versions/1?done=saved`);
    expect(await html(`/policies/${p.id}/versions/1`, 'auditor')).toContain('<strong>bold</strong>');
  });

  it('approves and publishes from the version page, then lets a reader acknowledge once', async () => {
    const p = await makeDraftPolicy(t, ownerId, { title: 'Acknowledge me' });
    expect((await post(`/policies/${p.id}/versions/1/approve`, 'security_officer', {})).status).toBe(403);
    const approved = await post(`/policies/${p.id}/versions/1/approve`, 'admin', {});
    expect(approved.headers.get('location')).toBe(`/policies/${p.id}/versions/1?done=approved`);
    expect(await html(`/policies/${p.id}/versions/1?done=approved`, 'admin')).toContain('The version is approved');
    const published = await post(`/policies/${p.id}/versions/1/publish`, 'admin', {});
    expect(published.headers.get('location')).toBe(`/policies/${p.id}?done=published`);
    await startCampaign(t.ctx(), p.id, { audience: 'department', department: 'Support', due_date: '2026-12-05' });
    const list = await html('/policies', 'reader');
    // An earlier test asked everyone to acknowledge another policy, so two wait.
    expect(list).toContain('Waiting for your acknowledgement (2)');
    expect(list).toContain('Acknowledge me');
    const page = await html(`/policies/${p.id}`, 'reader');
    expect(page).toContain(`action="/policies/${p.id}/acknowledge"`);
    expect(page).toContain('in 10 days');
    expect((await post(`/policies/${p.id}/acknowledge`, 'auditor', {})).status).toBe(403);
    const ack = await post(`/policies/${p.id}/acknowledge`, 'reader', {});
    expect(ack.headers.get('location')).toBe(`/policies/${p.id}?done=acknowledged`);
    const after = await html(`/policies/${p.id}?done=acknowledged`, 'reader');
    expect(after).toContain('Thank you: your acknowledgement is recorded.');
    expect(after).toContain('You acknowledged version 1');
    expect(await html('/policies', 'reader')).toContain('Waiting for your acknowledgement (1)');
  });

  it('starts a campaign from the form and records a reminder, saying mail is not configured', async () => {
    const p: PolicyOut = await makePublishedPolicy(t, ownerId, { title: 'Remind me' });
    const form = await html(`/policies/${p.id}/campaigns/new`, 'security_officer');
    expect(form).toContain('Support (1)');
    const bad = await post(`/policies/${p.id}/campaigns/new`, 'security_officer', { audience: 'people', department: '', due_date: '2020-01-01' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('href="#f-due_date"');
    const nobody = await post(`/policies/${p.id}/campaigns/new`, 'security_officer', { audience: 'people', department: '', due_date: '2026-12-31' });
    expect(nobody.status).toBe(400);
    const nobodyPage = await nobody.text();
    expect(nobodyPage).toContain('href="#f-person_ids"');
    expect(nobodyPage).toMatch(/<input type="radio" name="audience" value="people" checked/);
    const started = await post(`/policies/${p.id}/campaigns/new`, 'security_officer', { audience: 'department', department: 'Security', due_date: '2026-12-31' });
    expect(started.status).toBe(303);
    const campaignPath = started.headers.get('location')!.replace(/\?.*$/, '');
    const page = await html(`${campaignPath}?done=campaign`, 'security_officer');
    expect(page).toContain('The campaign has started.');
    expect(page).toContain('Mail is not configured.');
    expect(page).toContain('0 of 1 acknowledged');
    expect(page).toContain('Page Owner');
    expect(await html(campaignPath, 'auditor')).not.toContain('/remind"');
    const reminded = await post(`${campaignPath}/remind`, 'security_officer', {});
    expect(reminded.headers.get('location')).toBe(`${campaignPath}?done=not_configured`);
    const after = await html(`${campaignPath}?done=not_configured`, 'security_officer');
    expect(after).toContain('nobody was emailed');
    expect(after).toContain('Recorded for 1 people; not emailed');
    expect(after).toContain('the next one can be sent from');
    const again = await post(`${campaignPath}/remind`, 'admin', {});
    expect(again.status).toBe(429);
    expect(await again.text()).toContain('went out less than a day ago');
    expect(await html(`${campaignPath}?state=acknowledged`, 'auditor')).toContain('No one in this state.');
    expect((await get(`${campaignPath}?state=%00&page=-4`, 'auditor')).status).toBe(200);
  });

  it('filters the list from the URL, ignoring hand-edited nonsense, and exports what it shows', async () => {
    await makePublishedPolicy(t, ownerId, { title: '<script>alert("x")</script> filter rule', level: 'instruction' });
    const page = await html('/policies?level=instruction&q=filter&sort=title&dir=desc', 'auditor');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; filter rule');
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('href="/policies/export.csv?q=filter&amp;level=instruction&amp;sort=title&amp;dir=desc"');
    for (const odd of ['q=%00', 'level=law', 'status=%00', 'review=never', 'owner_id=%00', 'page=-1', 'sort=body', 'per_page=99999']) {
      expect((await get(`/policies?${odd}`, 'auditor')).status, odd).toBe(200);
    }
    expect(await html('/policies?q=nothing-matches-this', 'auditor')).toContain('No policies match these filters');
    const csv = await get('/policies/export.csv?q=filter', 'staff');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('filter rule');
    // Staff do not get the status and owner filters, which would reveal drafts.
    const staff = await html('/policies', 'staff');
    expect(staff).not.toContain('id="f-status"');
    expect(staff).not.toContain('id="f-owner_id"');
  });

  it('speaks Finnish when asked', async () => {
    const page = await (await get('/policies', 'auditor', { 'accept-language': 'fi-FI,fi;q=0.9' })).text();
    expect(page).toContain('Politiikat ja ohjeet');
    expect(page).toContain('Seuraava katselmointi');
  });
});
