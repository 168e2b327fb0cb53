// Scope pages on every dialect: empty states that teach, who may open what, forms with CSRF that
// keep what was typed and put errors on the right field, escaping, Finnish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { createContextIssue } from '../../../src/isms/scope/context-service.js';
import { createObjective } from '../../../src/isms/scope/objectives-service.js';
import { createParty } from '../../../src/isms/scope/parties-service.js';
import { getScope, saveScope } from '../../../src/isms/scope/service.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { buildIssue, buildObjective, buildParty, buildScope, counts, makeOwner, makeRisk, ROLES } from './factories.js';

type Session = { cookie: string; csrf: string };

describe.each(dialects())('scope pages on %s', (dialect) => {
  let t: TestApp;
  const s: Partial<Record<Role, Session>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect);
    for (const r of ROLES) s[r] = await t.session(r);
  });
  afterAll(async () => t.close());

  const get = (path: string, role?: Role, extra: Record<string, string> = {}) => t.request(path, { headers: { ...(role ? { cookie: s[role]!.cookie } : {}), ...extra } });
  const html = async (path: string, role: Role = 'auditor', extra: Record<string, string> = {}) => {
    const res = await get(path, role, extra);
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const post = (path: string, role: Role, fields: Record<string, string>, withCsrf = true) => {
    const body = new URLSearchParams({ ...(withCsrf ? { _csrf: s[role]!.csrf } : {}), ...fields });
    return t.request(path, { method: 'POST', headers: { cookie: s[role]!.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  };
  const expectCspSafe = (page: string) => {
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(page).not.toMatch(/\sstyle=/);
  };

  it('teaches what belongs in each empty page, with actions only for roles that may take them', async () => {
    const admin = await html('/scope', 'admin');
    expect(admin).toContain('The scope has not been written yet');
    expect(admin).toContain('href="/scope/edit"');
    const auditor = await html('/scope');
    expect(auditor).toContain('The security officer or an administrator can fill this in.');
    expect(auditor).not.toContain('href="/scope/edit"');
    for (const [path, title, add] of [
      ['/scope/context', 'No issues recorded yet', '/scope/context/new'],
      ['/scope/parties', 'No interested parties recorded yet', '/scope/parties/new'],
      ['/scope/objectives', 'No objectives set yet', '/scope/objectives/new'],
    ] as const) {
      expect(await html(path, 'security_officer')).toContain(`href="${add}"`);
      const read = await html(path);
      expect(read).toContain(title);
      expect(read).not.toContain(`href="${add}"`);
    }
  });

  it('opens each page for permitted roles, 403 for the others, and sends anonymous visitors to sign in', async () => {
    const owner = await makeOwner(t);
    const issue = await createContextIssue(t.ctx(), buildIssue());
    const party = await createParty(t.ctx(), buildParty());
    const objective = await createObjective(t.ctx(), buildObjective(owner));
    const readers: Role[] = ['admin', 'security_officer', 'auditor'];
    const writers: Role[] = ['admin', 'security_officer'];
    const pages: [string, Role[]][] = [
      ['/scope', readers],
      ['/scope/edit', writers],
      ['/scope/context', readers],
      ['/scope/context/export.csv', readers],
      ['/scope/context/new', writers],
      [`/scope/context/${issue.id}`, readers],
      [`/scope/context/${issue.id}/edit`, writers],
      ['/scope/parties', readers],
      ['/scope/parties/new', writers],
      [`/scope/parties/${party.id}`, readers],
      [`/scope/parties/${party.id}/edit`, writers],
      ['/scope/objectives', readers],
      ['/scope/objectives/new', writers],
      [`/scope/objectives/${objective.id}`, readers],
      [`/scope/objectives/${objective.id}/edit`, writers],
    ];
    for (const [path, allowed] of pages) {
      for (const role of ROLES) {
        const res = await get(path, role);
        expect(res.status, `${role} ${path}`).toBe(allowed.includes(role) ? 200 : 403);
        if (res.status === 200 && !path.endsWith('.csv')) expectCspSafe(await res.text());
      }
      const anon = await get(path);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    for (const path of ['/scope/context/nope', '/scope/parties/%00', `/scope/objectives/${'9'.repeat(36)}`]) expect((await get(path, 'auditor')).status, path).toBe(404);
    // Readers see no buttons that would end in a 403.
    const detail = await html(`/scope/objectives/${objective.id}`);
    expect(detail).not.toContain('/measurements"');
    expect(detail).not.toContain('/edit"');
    expect(await html(`/scope/objectives/${objective.id}`, 'admin')).toContain(`action="/scope/objectives/${objective.id}/measurements"`);
  });

  it('saves the scope form, refusing a post without the CSRF token', async () => {
    const before = await counts(t);
    expect((await post('/scope/edit', 'admin', { statement: 'No token.' }, false)).status).toBe(403);
    expect(await counts(t)).toEqual(before);
    const res = await post('/scope/edit', 'security_officer', {
      statement: 'Covers the gateway.',
      org_units: 'Engineering\r\n\r\n  Security  \r\n',
      locations: 'Helsinki',
      services: '',
      systems: '',
      'exclusions.0.item': 'Data centres',
      'exclusions.0.justification': 'Run by the provider.',
      'exclusions.1.item': '',
      'exclusions.1.justification': '',
      'interfaces.0.party': 'AWS',
      'interfaces.0.kind': 'dependency',
      'interfaces.0.description': 'Hosting.',
      last_reviewed: '2026-06-01',
      next_review: '2027-06-01',
      expected_version: '0',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/scope?saved=1');
    expect(await getScope(t.ctx())).toMatchObject({ version: 1, org_units: ['Engineering', 'Security'], exclusions: [{ item: 'Data centres' }], interfaces: [{ party: 'AWS', kind: 'dependency' }] });
    const page = await html('/scope?saved=1');
    expect(page).toContain('Scope saved as version 1.');
    expect(page).toContain('Scope statement written');
  });

  it('keeps a bad scope form with each error on its field, line numbers for list entries', async () => {
    const before = await counts(t);
    const res = await post('/scope/edit', 'admin', {
      statement: '<script>alert(1)</script>',
      org_units: `Engineering\n\n${'x'.repeat(201)}`,
      'exclusions.0.item': 'Offices',
      'exclusions.0.justification': '',
      'exclusions.3.item': 'Offices',
      'exclusions.3.justification': 'Twice',
      next_review: '2020-01-01',
      last_reviewed: '2026-01-01',
      expected_version: '1',
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('Organisational units: Line 3: Use at most 200 characters.');
    expect(page).toMatch(/id="f-exclusions\.0\.justification"[^>]*aria-invalid="true"/);
    expect(page).toContain('Exclusion 2, what is excluded: This entry appears more than once.');
    expect(page).toContain('Next review: The next review must come after the last review.');
    expect(await counts(t)).toEqual(before);
  });

  it('warns about a newer version and keeps what was typed', async () => {
    await saveScope(t.ctx(), buildScope({ statement: 'Saved elsewhere meanwhile.' }));
    const res = await post('/scope/edit', 'admin', { statement: 'My careful edit.', expected_version: '1' });
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(page).toContain('Someone else saved a newer version');
    expect(page).toContain('My careful edit.');
    expect(page).toContain('name="expected_version" value="2"');
  });

  it('adds an issue linked to risks typed as references, and names unknown references', async () => {
    await makeRisk(t, 'R-101');
    await makeRisk(t, 'R-102');
    const bad = await post('/scope/context/new', 'admin', { title: '', kind: 'external', category: 'threat', description: 'x', effect: '', risks: 'R-101, R-999' });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('No risk with this reference is in the register. (R-999)');
    expect(badPage).toContain('Title: Fill in this field.');
    const ok = await post('/scope/context/new', 'admin', { title: '<b>Bold</b> issue', kind: 'external', category: 'threat', description: 'x', effect: '', risks: 'r-101;R-102' });
    expect(ok.status).toBe(303);
    const detail = await html(ok.headers.get('location')!);
    expect(detail).toContain('&lt;b&gt;Bold&lt;/b&gt; issue');
    expect(detail).toContain('R-101');
    expect(detail).toContain('R-102');
    expect(detail).toContain('Issue added');
    const list = await html('/scope/context?q=bold');
    expect(list).toContain('&lt;b&gt;Bold&lt;/b&gt; issue');
  });

  it('deletes an issue from its page for writers only', async () => {
    const issue = await createContextIssue(t.ctx(), buildIssue({ title: 'Delete me' }));
    expect((await post(`/scope/context/${issue.id}/delete`, 'auditor', {})).status).toBe(403);
    const res = await post(`/scope/context/${issue.id}/delete`, 'security_officer', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/scope/context');
    expect((await get(`/scope/context/${issue.id}`, 'auditor')).status).toBe(404);
  });

  it('adds a party with requirement rows, ignoring blank rows and naming a bad row', async () => {
    const bad = await post('/scope/parties/new', 'admin', {
      name: 'Row party',
      category: 'regulator',
      'requirements.0.requirement': 'First',
      'requirements.0.through_isms': 'maybe',
      'requirements.1.requirement': '',
      'requirements.1.how_addressed': '',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Requirement 1, addressed through the isms?:');
    const ok = await post('/scope/parties/new', 'admin', {
      name: 'Row party',
      category: 'regulator',
      description: '',
      'requirements.0.requirement': 'First',
      'requirements.0.through_isms': 'yes',
      'requirements.2.requirement': 'Third',
      'requirements.2.how_addressed': 'By HR',
      'requirements.2.through_isms': 'no',
      'requirements.5.requirement': '',
    });
    expect(ok.status).toBe(303);
    const page = await html(ok.headers.get('location')!);
    expect(page).toContain('Requirements (2)');
    expect(page).toContain('Outside the ISMS');
    const dup = await post('/scope/parties/new', 'admin', { name: 'ROW PARTY', category: 'regulator' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('An interested party with this name already exists.');
  });

  it('sets an objective from the form, records a measurement with a decimal comma, and keeps bad input', async () => {
    const owner = await makeOwner(t, 'Form Owner');
    const bad = await post('/scope/objectives/new', 'admin', { title: 'Form objective', metric: 'm', unit: '%', target: 'lots', direction: 'higher', owner_id: '', due_date: '2027-01-01' });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('Target: Enter a number, e.g. 95 or 2.5.');
    expect(badPage).toContain('Owner: Choose an owner from the people directory.');
    expect(badPage).toContain('value="Form objective"');
    const ok = await post('/scope/objectives/new', 'admin', { title: 'Form objective', metric: 'm', unit: '%', target: '97,5', direction: 'higher', owner_id: owner, due_date: '2027-06-30', current_value: '' });
    expect(ok.status).toBe(303);
    const path = ok.headers.get('location')!;
    expect(await html(path)).toContain('No measurement is recorded yet.');
    const refused = await post(`${path}/measurements`, 'admin', { value: 'abc', measured_on: '', note: '' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Value: Enter a number, e.g. 95 or 2.5.');
    const measured = await post(`${path}/measurements`, 'security_officer', { value: '98,25', measured_on: '', note: 'LMS' });
    expect(measured.status).toBe(303);
    expect(measured.headers.get('location')).toBe(`${path}?recorded=1`);
    const page = await html(`${path}?recorded=1`);
    expect(page).toContain('Measurement recorded.');
    expect(page).toContain('98.25% meets the target of at least 97.5%.');
    expect(page).toContain('<svg class="chart-svg trend"');
    expect(await post(`${path}/measurements`, 'auditor', { value: '1' }).then((r) => r.status)).toBe(403);
  });

  it('lists with filters kept in links and CSV, never failing on hand-edited parameters', async () => {
    const page = await html('/scope/objectives?status=met&sort=due_date&dir=desc');
    expect(page).toContain('href="/scope/objectives/export.csv?status=met&amp;sort=due_date&amp;dir=desc"');
    expect(page).toMatch(/<option value="met" selected/);
    for (const odd of ['q=%00', 'status=great', 'kind=both', 'category=%00', 'page=-1', 'sort=password', 'per_page=1000000', 'owner_id=%00']) {
      for (const list of ['/scope/context', '/scope/parties', '/scope/objectives']) expect((await get(`${list}?${odd}`, 'auditor')).status, `${list}?${odd}`).toBe(200);
    }
    const csv = await get('/scope/objectives/export.csv?q=form', 'auditor');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('Form objective');
  });

  it('speaks Finnish', async () => {
    const page = await html('/scope/objectives', 'auditor', { 'accept-language': 'fi-FI,fi;q=0.9' });
    expect(page).toContain('Tietoturvatavoitteet');
    expect(page).toContain('Saavutettu');
    expect(await html('/scope', 'auditor', { 'accept-language': 'fi' })).toContain('Soveltamisalan kuvaus');
  });
});
