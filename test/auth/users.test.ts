// User administration: the /api/v1/users ladder, the last-admin rule, and the users pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUserAccount } from '../../src/auth/users-service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/db.js';
import { auditEvents, path, postLogin, signedInBrowser } from './flow.js';
import { Browser, unescapeHtml } from '../helpers/cookies.js';

const send = (method: string, body: unknown, authorization?: string): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe.each(dialects())('users on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { loginPerMinute: 10_000 } });
  });
  afterAll(async () => t.close());

  const userCount = async () => (await t.booted.services.db.selectFrom('users').select('id').execute()).length;

  it('answers 401 without credentials', async () => {
    expect((await t.request('/api/v1/users')).status).toBe(401);
    expect((await t.request('/api/v1/users', send('POST', { email: 'a@b.test', name: 'A', role: 'staff' }))).status).toBe(401);
    expect((await t.request('/api/v1/users/0190e0a0-0000-7000-8000-000000000000', send('PATCH', { role: 'admin' }))).status).toBe(401);
  });

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const { authorization } = await t.bearer('admin');
    const before = await userCount();
    const cases: [unknown, string[]][] = [
      [{}, ['email', 'name', 'role']],
      [{ email: 'not-an-email', name: 'A', role: 'staff' }, ['email']],
      [{ email: `${'a'.repeat(250)}@b.test`, name: 'A', role: 'staff' }, ['email']],
      [{ email: 'a@b.test', name: '', role: 'staff' }, ['name']],
      [{ email: 'a@b.test', name: 'x'.repeat(201), role: 'staff' }, ['name']],
      [{ email: 'a@b.test', name: 'Tab\there', role: 'staff' }, ['name']],
      [{ email: 'a@b.test', name: 'A', role: 'root' }, ['role']],
      [{ email: 'a@b.test', name: 'A', role: 'customer' }, ['role']],
      [{ email: 'a@b.test', name: 'A', role: 'staff', password: 'short' }, ['password']],
      [{ email: 'a@b.test', name: 'A', role: 'staff', password: 'x'.repeat(257) }, ['password']],
      [{ email: 42, name: ['A'], role: null }, ['email', 'name', 'role']],
    ];
    for (const [body, fields] of cases) {
      const res = await t.request('/api/v1/users', send('POST', body, authorization));
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const p = (await res.json()) as { errors: { field: string }[] };
      expect(p.errors.map((e) => e.field).sort()).toEqual(expect.arrayContaining(fields));
    }
    expect(await userCount()).toBe(before);
    const target = await t.makeUser('staff');
    const patches: [unknown, string][] = [
      [{}, '(body)'],
      [{ role: 'root' }, 'role'],
      [{ disabled: 'yes' }, 'disabled'],
      [{ locked: true }, 'locked'],
      [{ role: 'staff', email: 'x@y.test' }, '(body)'],
    ];
    for (const [body, field] of patches) {
      const res = await t.request(`/api/v1/users/${target.id}`, send('PATCH', body, authorization));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const p = (await res.json()) as { errors: { field: string }[] };
      expect(p.errors.map((e) => e.field), JSON.stringify(body)).toContain(field);
    }
    expect((await t.request('/api/v1/users/not-a-uuid', send('PATCH', { role: 'staff' }, authorization))).status).toBe(400);
    expect((await t.request('/api/v1/users?limit=0', { headers: { authorization } })).status).toBe(400);
    expect((await t.request('/api/v1/users?sort=password_hash', { headers: { authorization } })).status).toBe(400);
  });

  it('answers 403 per role: reading for admin, security officer and auditor; managing for admin only', async () => {
    for (const role of ['security_officer', 'auditor', 'staff'] as const) {
      const { authorization } = await t.bearer(role);
      expect((await t.request('/api/v1/users', send('POST', { email: `${role}-made@b.test`, name: 'A', role: 'staff' }, authorization))).status, role).toBe(403);
      const someone = await t.makeUser('staff');
      expect((await t.request(`/api/v1/users/${someone.id}`, send('PATCH', { role: 'admin' }, authorization))).status, role).toBe(403);
      expect((await t.request('/api/v1/users', { headers: { authorization } })).status, role).toBe(role === 'staff' ? 403 : 200);
    }
    expect((await t.booted.services.db.selectFrom('users').select('id').where('email', 'like', '%-made@b.test').execute())).toHaveLength(0);
  });

  it('creates a user with a generated password returned once, which signs in', async () => {
    const { authorization } = await t.bearer('admin');
    const res = await t.request('/api/v1/users', send('POST', { email: '  New.Person@Example.TEST ', name: 'New Person', role: 'auditor' }, authorization));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; email: string; password: string; role: string; mfa_enabled: boolean };
    expect(body).toMatchObject({ email: 'new.person@example.test', role: 'auditor', mfa_enabled: false });
    expect(body.password.length).toBeGreaterThanOrEqual(16);
    const b = new Browser(t);
    expect((await postLogin(b, body.email, body.password)).status).toBe(303);
    const audit = (await auditEvents(t, 'user.create')).find((e) => e.entity_id === body.id)!;
    expect(audit.after_json).not.toContain(body.password);
    const given = await t.request('/api/v1/users', send('POST', { email: 'given@example.test', name: 'Given', role: 'staff', password: 'a long enough password' }, authorization));
    expect(given.status).toBe(201);
    expect(await given.json()).not.toHaveProperty('password');
  });

  it('answers 409 for a duplicate email, whatever its case', async () => {
    const { authorization } = await t.bearer('admin');
    const u = await t.makeUser('staff');
    const res = await t.request('/api/v1/users', send('POST', { email: u.email.toUpperCase(), name: 'Dup', role: 'staff' }, authorization));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('email');
  });

  it('lists users filtered, sorted and paged, never with secrets', async () => {
    const { authorization } = await t.bearer('auditor');
    await t.makeUser('staff', { name: 'Zz_Percent% Person' });
    const all = (await (await t.request('/api/v1/users?limit=2&sort=email&dir=desc', { headers: { authorization } })).json()) as { items: { email: string }[]; total: number };
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(2);
    expect(all.items[0]!.email >= all.items[1]!.email).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(/password|hash|mfa_secret/);
    const pct = (await (await t.request(`/api/v1/users?q=${encodeURIComponent('zz_percent%')}`, { headers: { authorization } })).json()) as { items: { name: string }[] };
    expect(pct.items.map((i) => i.name)).toEqual(['Zz_Percent% Person']);
    const wild = (await (await t.request(`/api/v1/users?q=${encodeURIComponent('%')}`, { headers: { authorization } })).json()) as { items: unknown[] };
    expect(wild.items).toHaveLength(1);
    const admins = (await (await t.request('/api/v1/users?role=admin&limit=500', { headers: { authorization } })).json()) as { items: { role: string }[] };
    expect(admins.items.every((i) => i.role === 'admin')).toBe(true);
  });

  it('changes a role and disables a user, each audited; a disabled user’s sessions and tokens stop', async () => {
    const { authorization } = await t.bearer('admin');
    const target = await t.bearer('staff');
    const session = await signedInBrowser(t, 'staff');
    const promote = await t.request(`/api/v1/users/${target.userId}`, send('PATCH', { role: 'security_officer' }, authorization));
    expect(promote.status).toBe(200);
    expect(await promote.json()).toMatchObject({ role: 'security_officer' });
    const ev = (await auditEvents(t, 'user.role_change')).find((e) => e.entity_id === target.userId)!;
    expect(JSON.parse(ev.before_json!).role).toBe('staff');
    expect(JSON.parse(ev.after_json!).role).toBe('security_officer');

    expect((await t.request(`/api/v1/users/${target.userId}`, send('PATCH', { disabled: true }, authorization))).status).toBe(200);
    expect((await t.request('/api/v1/me', { headers: { authorization: target.authorization } })).status).toBe(401);
    expect((await t.request(`/api/v1/users/${session.user.id}`, send('PATCH', { disabled: true }, authorization))).status).toBe(200);
    expect(path(await session.b.get('/account'))).toMatch(/^\/login/);
    expect((await postLogin(new Browser(t), session.user.email, session.user.password)).status).toBe(400);
    // Asking for what already holds is not an event.
    const n = (await auditEvents(t, 'user.disable')).length;
    expect((await t.request(`/api/v1/users/${target.userId}`, send('PATCH', { disabled: true }, authorization))).status).toBe(200);
    expect(await auditEvents(t, 'user.disable')).toHaveLength(n);
    expect((await t.request('/api/v1/users/0190e0a0-0000-7000-8000-000000000000', send('PATCH', { role: 'staff' }, authorization))).status).toBe(404);
  });

  it('makes a staff member promoted to admin enrol in MFA before their session can do anything', async () => {
    const { authorization } = await t.bearer('admin');
    const { b, user } = await signedInBrowser(t, 'staff');
    expect((await t.request(`/api/v1/users/${user.id}`, send('PATCH', { role: 'admin' }, authorization))).status).toBe(200);
    const next = await b.get('/account');
    expect(path(next)).toBe('/login/mfa');
    expect(path(await b.follow(next))).toBe('/mfa/enrol');
  });

  it('resets a forgotten password and a lost second factor, admins only, audited, ending sessions', async () => {
    const { authorization } = await t.bearer('admin');
    const { b, user, secret } = await signedInBrowser(t, 'security_officer');
    const none = '/api/v1/users/0190e0a0-0000-7000-8000-000000000000';
    for (const action of ['password-reset', 'mfa-reset']) {
      expect((await t.request(`/api/v1/users/${user.id}/${action}`, { method: 'POST' })).status).toBe(401);
      for (const role of ['security_officer', 'auditor', 'staff'] as const) {
        const other = await t.bearer(role);
        expect((await t.request(`/api/v1/users/${user.id}/${action}`, { method: 'POST', headers: { authorization: other.authorization } })).status, role).toBe(403);
      }
      expect((await t.request(`${none}/${action}`, { method: 'POST', headers: { authorization } })).status).toBe(404);
      expect((await t.request(`/api/v1/users/nope/${action}`, { method: 'POST', headers: { authorization } })).status).toBe(400);
    }
    const reset = await t.request(`/api/v1/users/${user.id}/password-reset`, { method: 'POST', headers: { authorization } });
    expect(reset.status).toBe(200);
    const { password } = (await reset.json()) as { password: string };
    expect(path(await b.get('/account'))).toMatch(/^\/login/);
    expect((await postLogin(new Browser(t), user.email, user.password)).status).toBe(400);
    const fresh = new Browser(t);
    expect(path(await postLogin(fresh, user.email, password))).toBe('/login/mfa');
    expect(secret).toBeTruthy();

    const mfa = await t.request(`/api/v1/users/${user.id}/mfa-reset`, { method: 'POST', headers: { authorization } });
    expect(await mfa.json()).toMatchObject({ mfa_enabled: false });
    expect(await t.booted.services.db.selectFrom('recovery_codes').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
    expect(path(await postLogin(new Browser(t), user.email, password))).toBe('/mfa/enrol');
    for (const action of ['user.password_reset', 'user.mfa_reset']) {
      const ev = (await auditEvents(t, action)).find((e) => e.entity_id === user.id)!;
      expect(ev.after_json).not.toContain(password);
    }
  });

  it('resets a password from the user page, showing it once', async () => {
    const { b } = await signedInBrowser(t, 'admin');
    const target = await t.makeUser('auditor');
    await b.get(`/users/${target.id}`);
    expect(b.lastHtml).toContain('Reset password');
    const res = await b.post(`/users/${target.id}`, { action: 'reset_password' });
    expect(res.status).toBe(200);
    const password = unescapeHtml(/id="new-password">([^<]+)</.exec(b.lastHtml)![1]!);
    expect((await postLogin(new Browser(t), target.email, password)).status).toBe(303);
    const auditor = await signedInBrowser(t, 'auditor');
    await auditor.b.get(`/users/${target.id}`);
    expect(auditor.b.lastHtml).not.toContain('Reset password');
    expect((await auditor.b.post(`/users/${target.id}`, { action: 'reset_password' })).status).toBe(403);
  });

  it('refuses to demote or disable the last active admin (409), and allows it once another admin exists', async () => {
    // A fresh app: exactly one admin.
    const solo = await buildTestApp(dialect);
    try {
      const { authorization, userId } = await solo.bearer('admin');
      for (const body of [{ role: 'staff' }, { disabled: true }]) {
        const res = await solo.request(`/api/v1/users/${userId}`, send('PATCH', body, authorization));
        expect(res.status, JSON.stringify(body)).toBe(409);
      }
      const row = await solo.booted.services.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
      expect(row.role).toBe('admin');
      expect(row.disabled_at).toBeNull();
      expect(await solo.booted.services.db.selectFrom('audit_events').select('id').where('action', '=', 'user.role_change').execute()).toHaveLength(0);
      const other = await solo.makeUser('admin');
      expect((await solo.request(`/api/v1/users/${userId}`, send('PATCH', { role: 'staff' }, authorization))).status).toBe(200);
      // Now `other` is the last one; the system actor cannot remove them either.
      await expect(updateUserAccount(solo.ctx(), other.id, { disabled: true })).rejects.toMatchObject({ status: 409 });
    } finally {
      await solo.close();
    }
  });

  it('shows the users list with filters in the URL, sorting, paging and a CSV export', async () => {
    const { b } = await signedInBrowser(t, 'auditor');
    const list = await b.get('/users?role=auditor&sort=email&dir=desc&per_page=25');
    expect(list.status).toBe(200);
    expect(b.lastHtml).toContain('<table class="data">');
    expect(b.lastHtml).not.toContain('href="/users/new"'); // auditors cannot add users
    expect(b.lastHtml).toMatch(/href="\/users\.csv\?[^"]*role=auditor/);
    const csv = await b.get('/users.csv?role=auditor&sort=email&dir=asc');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so spreadsheet apps read UTF-8
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('name,email,role,mfa_enabled')).toBe(true);
    const lines = text.trim().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.includes(',auditor,'))).toBe(true);
    const empty = await b.get('/users?q=no-such-person-anywhere');
    expect(empty.status).toBe(200);
    expect(b.lastHtml).toContain('No users match');
    const staff = await signedInBrowser(t, 'staff');
    expect((await staff.b.get('/users')).status).toBe(403);
    expect((await staff.b.get('/users.csv')).status).toBe(403);
  });

  it('adds a user from the page with a password shown once, and explains bad fields', async () => {
    const { b } = await signedInBrowser(t, 'admin');
    await b.get('/users/new');
    const bad = await b.post('/users/new', { name: '', email: 'nope', role: 'root' });
    expect(bad.status).toBe(400);
    expect(b.lastHtml).toContain('Enter an email address such as name@example.com.');
    expect(b.lastHtml).toContain('Choose one of the roles.');
    const ok = await b.post('/users/new', { name: 'Page <b>Made</b>', email: 'page.made@example.test', role: 'staff' });
    expect(ok.status).toBe(200);
    expect(b.lastHtml).toContain('Page &lt;b&gt;Made&lt;/b&gt;');
    const password = unescapeHtml(/id="new-password">([^<]+)</.exec(b.lastHtml)![1]!);
    expect((await postLogin(new Browser(t), 'page.made@example.test', password)).status).toBe(303);
    await b.get('/users/new');
    const dup = await b.post('/users/new', { name: 'Again', email: 'PAGE.MADE@example.test', role: 'staff' });
    expect(dup.status).toBe(409);
    expect(b.lastHtml).toContain('A user with this email already exists.');
    const sec = await signedInBrowser(t, 'security_officer');
    expect((await sec.b.get('/users/new')).status).toBe(403);
    expect((await sec.b.post('/users/new', { name: 'X', email: 'x-by-sec@example.test', role: 'admin' })).status).toBe(403);
  });

  it('changes a role from the user page, and shows the last-admin refusal on the page', async () => {
    const solo = await buildTestApp(dialect);
    try {
      const { b, user } = await signedInBrowser(solo, 'admin');
      await b.get(`/users/${user.id}`);
      expect(b.lastHtml).toContain('Change role');
      const res = await b.post(`/users/${user.id}`, { action: 'role', role: 'staff' });
      expect(res.status).toBe(409);
      expect(b.lastHtml).toContain('no active administrator');
      const target = await solo.makeUser('staff');
      const ok = await b.post(`/users/${target.id}`, { action: 'role', role: 'auditor' });
      expect(path(ok)).toBe(`/users/${target.id}?done=role`);
      await b.follow(ok);
      expect(b.lastHtml).toContain('The role was changed.');
      expect((await b.post(`/users/${target.id}`, { action: 'explode' })).status).toBe(400);
      expect((await b.post(`/users/${target.id}`, { action: 'role', role: 'root' })).status).toBe(400);
      expect((await b.get('/users/not-a-uuid')).status).toBe(404);
      expect((await b.get('/users/0190e0a0-0000-7000-8000-000000000000')).status).toBe(404);
    } finally {
      await solo.close();
    }
  });
});
