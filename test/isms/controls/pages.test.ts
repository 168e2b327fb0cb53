// Controls pages on every dialect: who may open them, the list with counts and chart, the form's
// link pickers, the detail with "no evidence yet", reviews and history, hostile text escaped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { dialects } from '../../helpers/db.js';
import { makePerson } from '../people/factories.js';
import { counts, insertAsset, insertFramework, insertRisk, makeControl } from './factories.js';

type Session = { cookie: string; csrf: string };

describe.each(dialects())('controls pages on %s', (dialect) => {
  let t: TestApp;
  const s: Partial<Record<Role, Session>> = {};
  beforeAll(async () => {
    t = await buildTestApp(dialect, { loadContent: false }); // its own small framework, not the bundled catalogues
    for (const r of ['admin', 'security_officer', 'auditor', 'staff'] as const) s[r] = await t.session(r);
  });
  afterAll(async () => t.close());

  const get = (path: string, role?: Role, extra: Record<string, string> = {}) => t.request(path, { headers: { ...(role ? { cookie: s[role]!.cookie } : {}), ...extra } });
  const postForm = (path: string, role: Role, fields: Record<string, string>, withCsrf = true) => {
    const body = new URLSearchParams({ ...(withCsrf ? { _csrf: s[role]!.csrf } : {}), ...fields });
    return t.request(path, { method: 'POST', headers: { cookie: s[role]!.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  };
  /** Pages must work under the CSP: no inline script, no style attributes. */
  const expectCspSafe = (html: string) => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
  };

  it('teaches what belongs in an empty list, with the add action only for roles that may use it', async () => {
    const admin = await (await get('/controls', 'admin')).text();
    expect(admin).toContain('No controls yet');
    expect(admin).toContain('href="/controls/new"');
    const auditor = await (await get('/controls', 'auditor')).text();
    expect(auditor).toContain('No controls yet');
    expect(auditor).not.toContain('href="/controls/new"');
    expect(auditor).toContain('An administrator or the security officer can add controls.');
  });

  it('opens each page for permitted roles, 403 for the others, and sends anonymous visitors to sign in', async () => {
    const c = await makeControl(t, { title: 'Page control' });
    const pages: [string, Role[]][] = [
      ['/controls', ['admin', 'security_officer', 'auditor']],
      [`/controls/${c.id}`, ['admin', 'security_officer', 'auditor']],
      ['/controls/export.csv', ['admin', 'security_officer', 'auditor']],
      ['/controls/new', ['admin', 'security_officer']],
      [`/controls/${c.id}/edit`, ['admin', 'security_officer']],
    ];
    for (const [path, allowed] of pages) {
      for (const role of ['admin', 'security_officer', 'auditor', 'staff'] as const) {
        const res = await get(path, role);
        expect(res.status, `${role} ${path}`).toBe(allowed.includes(role) ? 200 : 403);
        if (res.status === 200 && !path.endsWith('.csv')) expectCspSafe(await res.text());
      }
      const anon = await get(path);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')).toMatch(/^\/login\?next=/);
    }
    expect((await get('/controls/no-such-control', 'auditor')).status).toBe(404);
    expect((await get('/controls/%00', 'auditor')).status).toBe(404);
    expect((await get(`/controls/${'9'.repeat(80)}`, 'auditor')).status).toBe(404);
  });

  it('lists controls with pills, level counts, the level × status chart and filters kept in links', async () => {
    await makeControl(t, { title: '<script>alert("x")</script> Hostile', level: 'principle', status: 'implemented', description: 'portal' });
    await makeControl(t, { title: 'Portal hardening', level: 'technical', status: 'in_progress', description: 'Merchant portal' });
    const html = await (await get('/controls?q=portal&level=technical&sort=title&dir=desc', 'auditor')).text();
    expect(html).toContain('Portal hardening');
    expect(html).not.toContain('Hostile');
    expect(html).toContain('In progress');
    expect(html).toContain('No evidence yet');
    expect(html).toMatch(/<option value="technical" selected="">Technical solution \(1\)<\/option>/);
    expect(html).toMatch(/<option value="principle">Principle \(policy\) \(1\)<\/option>/);
    expect(html).toContain('<svg class="chart-svg"');
    expect(html).toContain('Controls by level and implementation');
    expect(html).toContain('href="/controls/export.csv?q=portal&amp;level=technical&amp;sort=title&amp;dir=desc"');
    const all = await (await get('/controls?q=hostile', 'auditor')).text();
    expect(all).not.toContain('<script>alert');
    expect(all).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Hostile');
    for (const odd of ['q=%00', 'level=gone', 'status=%00x', 'review=later', 'owner=%00', 'requirement=%00', 'risk=x%00', 'page=-1', 'sort=password', 'per_page=1000000', `q=${'x'.repeat(5000)}`, "requirement=' OR 1=1 --"]) {
      expect((await get(`/controls?${odd}`, 'auditor')).status, odd).toBe(200);
    }
    expect(await (await get('/controls?q=nobody-matches-this', 'auditor')).text()).toContain('No control matches these filters');
    const csv = await get('/controls/export.csv?q=portal', 'auditor');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('ref,title,level,status,owner,review_interval_days,last_reviewed,next_review,review_state,effectiveness,requirement_keys,risk_refs,asset_refs,description');
    expect(text).toContain('Portal hardening,technical,in_progress');
  });

  it('speaks Finnish when asked', async () => {
    const html = await (await get('/controls', 'auditor', { 'accept-language': 'fi-FI,fi;q=0.9' })).text();
    expect(html).toContain('Hallintakeinot');
    expect(html).toContain('Ei vielä näyttöä');
    expect(html).toContain('Tyhjennä suodattimet');
  });

  it('adds a control from the form: checks links first, names unknown ones, saves nothing until all resolve', async () => {
    await insertFramework(t, 'test-fw');
    await insertFramework(t, 'other-fw', ['Art.12']);
    const risk = await insertRisk(t, { ref: 'R-PAGE-1' });
    await insertAsset(t, { ref: 'AST-PAGE-1' });
    const owner = await makePerson(t, { name: 'Olli Owner' });
    const fields = {
      title: 'Encrypted backups',
      description: 'Backups are encrypted.\n\nKeys live in the HSM.',
      level: 'technical',
      status: 'implemented',
      owner_id: owner.id,
      review_interval_days: '180',
      requirement_keys: 'test-fw:R.1, other-fw:Art.12\ntest-fw:R.404',
      risk_refs: 'R-PAGE-1',
      asset_refs: 'AST-PAGE-1 AST-NOPE',
    };
    const check = await postForm('/controls/new', 'security_officer', { ...fields, intent: 'check' });
    expect(check.status).toBe(200);
    const checked = await check.text();
    expect(checked).toContain('Requirement R.1 of test-fw');
    expect(checked).toContain('Requirement Art.12 of other-fw');
    expect(checked).toContain(risk.title);
    expect(checked).toContain('Not found');
    const before = await counts(t);
    const bad = await postForm('/controls/new', 'security_officer', { ...fields, title: '', intent: 'save' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('test-fw:R.404: no loaded framework has this requirement.');
    expect(badHtml).toContain('AST-NOPE: no asset has this reference.');
    expect(badHtml).toContain('Enter a title.');
    expect(badHtml).toContain('test-fw:R.404'); // the typed text is kept
    expect(await counts(t)).toEqual(before);
    const ok = await postForm('/controls/new', 'security_officer', { ...fields, requirement_keys: 'test-fw:R.1, other-fw:Art.12', asset_refs: 'AST-PAGE-1', intent: 'save' });
    expect(ok.status).toBe(303);
    const location = ok.headers.get('location')!;
    expect(location).toMatch(/^\/controls\/[0-9a-f-]{36}$/);
    const detail = await (await get(location, 'auditor')).text();
    expect(detail).toContain('Encrypted backups');
    expect(detail).toContain('Keys live in the HSM.');
    expect(detail).toContain('Olli Owner');
    expect(detail).toContain('Framework test-fw');
    expect(detail).toContain('Framework other-fw');
    expect(detail).toContain('R-PAGE-1');
    expect(detail).toContain('AST-PAGE-1');
    expect(detail).toContain('No evidence yet');
    expect(detail).toContain('No evidence is linked to this control yet.');
    expect(detail).toContain('Requirements changed');
    expect(detail).not.toContain(`${location}/edit`); // auditors see no edit button and no review form
    expect(detail).not.toContain('Record a review');
    const adminView = await (await get(location, 'admin')).text();
    expect(adminView).toContain(`${location}/edit`);
    expect(adminView).toContain('Record a review');
  });

  it('refuses a form without its CSRF token', async () => {
    const before = await counts(t);
    const res = await postForm('/controls/new', 'admin', { title: 'No token', level: 'practice', intent: 'save' }, false);
    expect(res.status).toBe(403);
    expect(await counts(t)).toEqual(before);
  });

  it('edits a control: current links shown resolved, a new interval moves the next review', async () => {
    await insertFramework(t, 'test-fw');
    const c = await makeControl(t, { title: 'Editable', requirement_keys: ['test-fw:R.2'], review_interval_days: 30 });
    const form = await (await get(`/controls/${c.id}/edit`, 'admin')).text();
    expect(form).toContain('test-fw:R.2');
    expect(form).toContain('Requirement R.2 of test-fw');
    const res = await postForm(`/controls/${c.id}/edit`, 'admin', {
      title: 'Edited',
      description: '',
      level: 'instruction',
      status: 'planned',
      owner_id: '',
      review_interval_days: '60',
      requirement_keys: 'test-fw:R.3',
      risk_refs: '',
      asset_refs: '',
      intent: 'save',
    });
    expect(res.status).toBe(303);
    const detail = await (await get(`/controls/${c.id}`, 'admin')).text();
    expect(detail).toContain('Edited');
    expect(detail).toContain('Requirement R.3 of test-fw');
    expect(detail).not.toContain('Requirement R.2 of test-fw');
    expect(detail).toContain('Operating instruction');
    expect(detail).toContain('Review interval (days)');
    expect(detail).toContain('Added: <span class="mono">test-fw:R.3</span>');
    const bad = await postForm(`/controls/${c.id}/edit`, 'admin', { title: 'x', level: 'nope', review_interval_days: '0', status: 'planned', intent: 'save' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Level must be principle, practice, instruction or technical.');
    expect(html).toContain('Use a whole number of days from 1 to 1095.');
  });

  it('records a review from the detail page and shows the moved clock; a future date is refused', async () => {
    const reviewer = await makePerson(t, { name: 'Rita Reviewer' });
    const c = await makeControl(t, { review_interval_days: 90 });
    const future = await postForm(`/controls/${c.id}/reviews`, 'security_officer', { reviewed_on: '2027-01-01', reviewer_id: reviewer.id, note: '' });
    expect(future.status).toBe(400);
    expect(await future.text()).toContain('A review cannot be dated in the future.');
    expect((await postForm(`/controls/${c.id}/reviews`, 'auditor', { reviewed_on: '2026-11-20', reviewer_id: reviewer.id })).status).toBe(403);
    const res = await postForm(`/controls/${c.id}/reviews`, 'security_officer', { reviewed_on: '2026-11-20', reviewer_id: reviewer.id, note: 'Checked <b>all</b> laptops.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/controls/${c.id}?reviewed=1#reviews`);
    const html = await (await get(`/controls/${c.id}?reviewed=1`, 'auditor')).text();
    expect(html).toContain('Review recorded.');
    expect(html).toContain('Rita Reviewer');
    expect(html).toContain('Checked &lt;b&gt;all&lt;/b&gt; laptops.');
    expect(html).toContain('18 Feb 2027'); // 2026-11-20 + 90 days
    expect(html).toContain('Reviewed on 20 Nov 2026 by Rita Reviewer');
  });
});
