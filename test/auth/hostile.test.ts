// Hostile input on every auth input path: no 500, no stack trace, no session, no partial write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { Browser, setCookies } from '../helpers/cookies.js';
import { dialects } from '../helpers/db.js';
import { postLogin, signedInBrowser } from './flow.js';

const HOSTILE = [
  'x'.repeat(100_000),
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  "admin@example.test'; DROP TABLE users; --",
  'a\u0000b\r\nSet-Cookie: evil=1',
  '\u202Eevil\u202C@example.test',
  '😀'.repeat(500),
  '%00%ff',
  '',
];

type Body = NonNullable<RequestInit['body']>;

function expectCalm(res: Response, body: string, what: string) {
  expect(res.status, what).toBeLessThan(500);
  expect(body, what).not.toMatch(/at [\w.]+ \(|node_modules|SqliteError|error: syntax/);
}

describe.each(dialects())('hostile input to auth on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { loginPerMinute: 100_000, lockoutThreshold: 100_000 } });
  });
  afterAll(async () => t.close());

  it('answers hostile sign-in fields with a calm refusal and no session', async () => {
    const u = await t.makeUser('staff');
    for (const v of HOSTILE) {
      for (const [email, password] of [
        [v, 'whatever password'],
        [u.email, v],
        [v, v],
      ] as const) {
        const b = new Browser(t);
        const res = await postLogin(b, email, password);
        expectCalm(res, b.lastHtml, `${email.slice(0, 30)} / ${password.slice(0, 30)}`);
        expect(res.status).toBe(400);
        expect(b.cookies.has('kilpi_session')).toBe(false);
        expect(b.lastHtml).not.toContain('<script>alert(1)</script>');
      }
    }
    const users = await t.booted.services.db.selectFrom('users').select('id').execute();
    expect(users.length).toBeGreaterThan(0); // the table survived the injection attempts
  });

  it('survives odd form encodings: repeated fields, multipart, JSON, invalid UTF-8, no body', async () => {
    const u = await t.makeUser('staff');
    const b = new Browser(t);
    await b.get('/login');
    const cookie = b.cookieHeader();
    const csrf = b.csrf;
    const bodies: [string, Body][] = [
      ['application/x-www-form-urlencoded', `_csrf=${csrf}&email=${encodeURIComponent(u.email)}&email=other@x.test&password=a&password=b`],
      ['application/x-www-form-urlencoded', `_csrf=${csrf}&email=%FF%FE%FD&password=%C3%28`],
      ['application/x-www-form-urlencoded', `_csrf=${csrf}&email=%&password=%%`],
      ['application/json', JSON.stringify({ _csrf: csrf, email: u.email, password: 'correct horse battery' })],
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', ''],
    ];
    for (const [type, body] of bodies) {
      const res = await t.request('/login', { method: 'POST', headers: { 'content-type': type, cookie }, body });
      const text = await res.text();
      expectCalm(res, text, `${type}: ${String(body).slice(0, 40)}`);
      expect(setCookies(res).some((c) => c.name === 'kilpi_session' && c.value), `${type}`).toBe(false);
    }
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('email', new Blob(['file-not-text']), 'email.txt');
    form.set('password', 'correct horse battery');
    const multipart = await t.request('/login', { method: 'POST', headers: { cookie }, body: form });
    expectCalm(multipart, await multipart.text(), 'multipart with a file as the email');
    expect(multipart.status).toBe(400);
  });

  it('treats garbage session and CSRF cookies as absent', async () => {
    const values = ['', '../../etc/passwd', 'x'.repeat(5000), '%ZZ', 'a;b=c', '\u00e9\u00e9', 'kilpi_session', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'];
    for (const v of values) {
      for (const p of ['/account', '/login', '/users', '/login/mfa', '/mfa/enrol']) {
        const res = await t.request(p, { headers: { cookie: `kilpi_session=${v}; kilpi_csrf=${v}` } });
        expectCalm(res, await res.text(), `${p} with ${v.slice(0, 20)}`);
        expect([200, 303], `${p} with ${v.slice(0, 20)}`).toContain(res.status);
      }
      const api = await t.request('/api/v1/me', { headers: { cookie: `kilpi_session=${v}` } });
      expect(api.status).toBe(401);
      const post = await t.request('/logout', { method: 'POST', headers: { cookie: `kilpi_session=${v}; kilpi_csrf=${v}`, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(v)}` });
      expectCalm(post, await post.text(), `logout with ${v.slice(0, 20)}`);
    }
  });

  it('answers malformed Authorization headers with 401 problems', async () => {
    const headers = [
      'Bearer',
      'Bearer ',
      'bearer kilpi_abc',
      'Bearer kilpi_' + 'a'.repeat(500),
      'Bearer kilpi_abc def',
      'Bearer kilpi_<script>',
      "Bearer kilpi_' OR 1=1 --",
      'Basic dXNlcjpwYXNz',
      'Token kilpi_abc',
      'Bearer kilpi_\u00e9',
      'Bearer ' + 'x'.repeat(10_000),
    ];
    let checked = 0;
    for (const h of headers) {
      let res: Response;
      try {
        res = await t.request('/api/v1/tokens', { headers: { authorization: h } });
      } catch {
        continue; // the Fetch API itself refuses some header values; they never reach a server
      }
      checked++;
      expect(res.status, h.slice(0, 30)).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(checked).toBeGreaterThanOrEqual(headers.length - 2);
  });

  it('refuses hostile MFA codes calmly and keeps the half session', async () => {
    const { b, user } = await signedInBrowser(t, 'admin');
    await b.get('/account');
    await b.post('/logout');
    await b.follow(await postLogin(b, user.email, user.password));
    for (const v of HOSTILE) {
      const res = await b.post('/login/mfa', { code: v });
      expectCalm(res, b.lastHtml, v.slice(0, 30));
      expect(res.status).toBe(400);
      expect(b.lastHtml).not.toContain('<script>alert(1)</script>');
    }
    for (const v of HOSTILE) {
      const res = await b.post('/mfa/enrol', { code: v });
      expectCalm(res, await res.text(), `enrol ${v.slice(0, 30)}`);
    }
  });

  it('keeps hostile list queries and user fields harmless', async () => {
    const { b } = await signedInBrowser(t, 'admin');
    for (const v of HOSTILE) {
      const q = encodeURIComponent(v.slice(0, 5000));
      for (const p of [`/users?q=${q}`, `/users?role=${q}&sort=${q}&dir=${q}&page=${q}`, `/users.csv?q=${q}`]) {
        const res = await b.get(p);
        expectCalm(res, await res.text(), p.slice(0, 40));
        expect(res.status, p.slice(0, 40)).toBe(200);
      }
      const api = await b.request(`/api/v1/users?q=${q}`);
      expect([200, 400]).toContain(api.status);
    }
    for (const id of ['%00', 'a%00b', encodeURIComponent("' OR 1=1 --"), 'x'.repeat(3000)]) {
      const page = await b.get(`/users/${id}`);
      expectCalm(page, await page.text(), `/users/${id.slice(0, 20)}`);
      expect(page.status).toBe(404);
      await b.get('/account');
      const revoke = await b.post(`/account/tokens/${id}/revoke`);
      expectCalm(revoke, b.lastHtml, `revoke ${id.slice(0, 20)}`);
      expect(revoke.status).toBe(404);
    }
    const before = (await t.booted.services.db.selectFrom('users').select('id').execute()).length;
    for (const v of HOSTILE) {
      await b.get('/users/new');
      const res = await b.post('/users/new', { name: v, email: v, role: v });
      expectCalm(res, b.lastHtml, v.slice(0, 30));
      expect(res.status).toBe(400);
    }
    expect((await t.booted.services.db.selectFrom('users').select('id').execute()).length).toBe(before);
  });

  it('rejects hostile JSON bodies to the users and tokens APIs without writing', async () => {
    const { authorization } = await t.bearer('admin');
    const before = (await t.booted.services.db.selectFrom('users').select('id').execute()).length;
    const bodies: Body[] = [
      '{"email":',
      '[]',
      'null',
      '"string"',
      JSON.stringify({ email: '<b>@x.test', name: '<script>', role: 'admin; DROP TABLE users' }),
      JSON.stringify({ email: 'a@b.test', name: 'A', role: 'staff', password: { toString: 'x' } }),
      Buffer.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      JSON.stringify({ email: 'big@b.test', name: 'x'.repeat(2_000_000), role: 'staff' }),
    ];
    const tokenBodies: Body[] = [...bodies.slice(0, 4), bodies[6]!, bodies[7]!, JSON.stringify({ name: 'bell\u0007' }), JSON.stringify({ name: ['a'] })];
    const cases = [...bodies.map((b) => ['/api/v1/users', b] as const), ...tokenBodies.map((b) => ['/api/v1/tokens', b] as const)];
    for (const [p, body] of cases) {
      {
        const res = await t.request(p, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
        const text = await res.text();
        expectCalm(res, text, `${p} ${String(body).slice(0, 30)}`);
        expect([400, 413], `${p} ${String(body).slice(0, 30)}`).toContain(res.status);
      }
    }
    expect((await t.booted.services.db.selectFrom('users').select('id').execute()).length).toBe(before);
    expect(await t.booted.services.db.selectFrom('api_tokens').select('id').where('name', '!=', 'test').execute()).toHaveLength(0);
    // A "__proto__" key cannot smuggle a role in.
    const proto = await t.request('/api/v1/users', { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{"email":"proto@b.test","name":"P","role":"staff","__proto__":{"role":"admin"}}' });
    expect(proto.status).toBe(201);
    expect(((await proto.json()) as { role: string }).role).toBe('staff');
  });
});
