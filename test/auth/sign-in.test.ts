// Signing in through the pages: passwords, MFA challenge and enrolment, cookies, redirects, sign-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { Browser, setCookies } from '../helpers/cookies.js';
import { dialects } from '../helpers/db.js';
import { auditEvents, path, postLogin, signedInBrowser, signInAndEnrol } from './flow.js';

describe.each(dialects())('sign-in on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { loginPerMinute: 10_000 } });
  });
  afterAll(async () => t.close());

  it('signs a staff member in with email and password and sets a strict session cookie', async () => {
    const u = await t.makeUser('staff');
    const b = new Browser(t);
    const res = await postLogin(b, u.email.toUpperCase(), u.password);
    expect(res.status).toBe(303);
    expect(path(res)).toBe('/');
    const cookie = setCookies(res).find((c) => c.name === 'kilpi_session')!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(cookie.attrs.httponly).toBe(true);
    expect(cookie.attrs.secure).toBe(true);
    expect(cookie.attrs.samesite).toBe('Strict');
    expect(cookie.attrs.path).toBe('/');
    const account = await b.get('/account');
    expect(account.status).toBe(200);
    expect(b.lastHtml).toContain(u.email);
    const [login] = (await auditEvents(t, 'auth.login')).filter((e) => e.entity_id === u.id);
    expect(login?.actor_id).toBe(u.id);
    expect(JSON.parse(login!.after_json!)).toMatchObject({ method: 'password' });
  });

  it('refuses a wrong password and an unknown email with the same words, and audits both without the password', async () => {
    const u = await t.makeUser('staff');
    const b = new Browser(t);
    const wrong = await postLogin(b, u.email, 'not the password at all');
    expect(wrong.status).toBe(400);
    const wrongText = /role="alert"[^>]*><p>([^<]*)</.exec(b.lastHtml)?.[1];
    expect(wrongText).toContain('email or password is not right');
    expect(b.cookies.has('kilpi_session')).toBe(false);
    const unknown = await postLogin(b, 'nobody-here@example.test', 'not the password at all');
    expect(unknown.status).toBe(400);
    expect(/role="alert"[^>]*><p>([^<]*)</.exec(b.lastHtml)?.[1]).toBe(wrongText);
    const failed = await auditEvents(t, 'auth.login_failed');
    const mine = failed.filter((e) => e.entity_id === u.id || e.after_json?.includes('nobody-here'));
    expect(mine).toHaveLength(2);
    for (const e of mine) {
      expect(e.actor_type).toBe('system');
      expect(e.actor_label).toMatch(/^anonymous \(ip /);
      expect(`${e.before_json}${e.after_json}`).not.toContain('not the password');
    }
    const row = await t.booted.services.db.selectFrom('users').select('failed_logins').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(1);
  });

  it('sends an admin without MFA to enrolment and lets them do nothing else until enrolled', async () => {
    const u = await t.makeUser('admin');
    const b = new Browser(t);
    const res = await postLogin(b, u.email, u.password, '/users');
    expect(path(res)).toBe('/mfa/enrol?next=%2Fusers');
    for (const p of ['/account', '/users', '/api/v1/me']) {
      const r = await b.get(p);
      if (p.startsWith('/api')) expect(r.status).toBe(401);
      else expect(path(r)).toBe('/login/mfa');
    }
    // The challenge page passes an unenrolled user on to enrolment.
    expect(path(await b.get('/login/mfa'))).toBe('/mfa/enrol');
    const page = await b.get('/mfa/enrol?next=%2Fusers');
    expect(page.status).toBe(200);
    expect(b.lastHtml).toMatch(/<img class="qr" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    expect(b.lastHtml).not.toMatch(/<script>|style="/);
    // A reload shows the same secret: it is kept sealed on the session, not re-made.
    const first = /data-secret="([A-Z2-7]+)"/.exec(b.lastHtml)![1]!;
    await b.get('/mfa/enrol');
    expect(/data-secret="([A-Z2-7]+)"/.exec(b.lastHtml)![1]).toBe(first);
    const session = await t.booted.services.db.selectFrom('sessions').selectAll().where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(session.pending_mfa_secret_enc).toMatch(/^v1\./);
    expect(session.pending_mfa_secret_enc).not.toContain(first);
  });

  it('enrols with a real TOTP code, shows ten recovery codes once and completes the sign-in', async () => {
    const u = await t.makeUser('security_officer');
    const b = new Browser(t);
    const before = b.cookies.get('kilpi_session');
    const { secret, codes } = await signInAndEnrol(t, b, u.email, u.password);
    expect(new Set(codes).size).toBe(10);
    expect(b.cookies.get('kilpi_session')).not.toBe(before);
    expect((await b.get('/account')).status).toBe(200);
    expect(b.lastHtml).toContain('10 of 10 recovery codes left');
    const row = await t.booted.services.db.selectFrom('users').selectAll().where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.mfa_enabled_at).not.toBeNull();
    expect(row.mfa_secret_enc).toMatch(/^v1\./);
    expect(row.mfa_secret_enc).not.toContain(secret);
    const stored = await t.booted.services.db.selectFrom('recovery_codes').select('code_hash').where('user_id', '=', u.id).execute();
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(stored.map((s) => s.code_hash).join()).not.toContain(c.replace(/-/g, ''));
    const enrolled = (await auditEvents(t, 'auth.mfa_enrolled')).find((e) => e.entity_id === u.id)!;
    expect(enrolled.after_json).not.toContain(secret);
  });

  it('asks an enrolled user for a code, accepts a real one once and refuses it again in the same window', async () => {
    const { b, user, secret } = await signedInBrowser(t, 'admin');
    await b.post('/logout');
    t.clock.advance(30_000);
    const code = totpCode(secret!, t.clock.now());
    const r = await postLogin(b, user.email, user.password, '/account');
    expect(path(r)).toBe('/login/mfa?next=%2Faccount');
    await b.follow(r);
    const halfCookie = b.cookies.get('kilpi_session');
    const ok = await b.post('/login/mfa', { code, next: '/account' });
    expect(ok.status).toBe(303);
    expect(path(ok)).toBe('/account');
    expect(b.cookies.get('kilpi_session')).not.toBe(halfCookie);
    expect((await b.get('/account')).status).toBe(200);

    // The same code again (same 30-second window) is a replay and is refused.
    await b.post('/logout');
    const again = await postLogin(b, user.email, user.password);
    await b.follow(again);
    const replay = await b.post('/login/mfa', { code, next: '/' });
    expect(replay.status).toBe(400);
    expect(b.lastHtml).toContain('That code is not valid');
    const failed = (await auditEvents(t, 'auth.mfa_failed')).filter((e) => e.entity_id === user.id);
    expect(failed.at(-1)!.after_json).not.toContain(code);
    // The next step's code works.
    t.clock.advance(30_000);
    const next = await b.post('/login/mfa', { code: totpCode(secret!, t.clock.now()), next: '/' });
    expect(next.status).toBe(303);
  });

  it('accepts a code from the previous or next time step but not two steps away', async () => {
    const { b, user, secret } = await signedInBrowser(t, 'admin');
    await b.post('/logout');
    t.clock.advance(120_000);
    const prev = totpCode(secret!, new Date(t.clock.now().getTime() - 30_000));
    const far = totpCode(secret!, new Date(t.clock.now().getTime() - 90_000));
    await b.follow(await postLogin(b, user.email, user.password));
    expect((await b.post('/login/mfa', { code: far })).status).toBe(400);
    expect((await b.post('/login/mfa', { code: prev })).status).toBe(303);
  });

  it('accepts each recovery code once, audits its use and counts what is left', async () => {
    const { b, user, codes } = await signedInBrowser(t, 'security_officer');
    await b.post('/logout');
    await b.follow(await postLogin(b, user.email, user.password));
    const used = await b.post('/login/mfa', { code: ` ${codes[0]!.toUpperCase()} ` });
    expect(used.status).toBe(303);
    expect((await auditEvents(t, 'auth.recovery_code_used')).some((e) => e.entity_id === user.id)).toBe(true);
    await b.get('/account');
    expect(b.lastHtml).toContain('9 of 10 recovery codes left');
    await b.post('/logout');
    await b.follow(await postLogin(b, user.email, user.password));
    const reused = await b.post('/login/mfa', { code: codes[0]! });
    expect(reused.status).toBe(400);
    expect((await b.post('/login/mfa', { code: codes[1]!.replace(/-/g, '') })).status).toBe(303);
  });

  it('never reuses a session id from before sign-in', async () => {
    const u = await t.makeUser('staff');
    const b = new Browser(t);
    // A half-signed-in admin session in the same browser is replaced, not upgraded.
    const admin = await t.makeUser('admin');
    await postLogin(b, admin.email, admin.password);
    const old = b.cookies.get('kilpi_session')!;
    await postLogin(b, u.email, u.password);
    expect(b.cookies.get('kilpi_session')).not.toBe(old);
    const stale = await t.request('/account', { headers: { cookie: `kilpi_session=${old}` } });
    expect(path(stale)).toMatch(/^\/login/);
  });

  it('follows only same-origin next paths', async () => {
    const u = await t.makeUser('auditor');
    const hostile = ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', '/%09/evil.example', '/login', ' /x', '/\t/evil.example'];
    for (const next of hostile) {
      const b = new Browser(t);
      await b.get('/login');
      const res = await b.post('/login', { email: u.email, password: u.password, next });
      expect(res.status, next).toBe(303);
      const loc = path(res);
      expect(loc.startsWith('/') && !loc.startsWith('//') && !loc.includes('\\'), `${next} → ${loc}`).toBe(true);
      expect(new URL(loc, 'https://kilpi.test').origin, next).toBe('https://kilpi.test');
      if (!next.startsWith('/%09')) expect(loc, next).toBe('/');
    }
    const b = new Browser(t);
    const ok = await postLogin(b, u.email, u.password, '/people?status=left&page=2');
    expect(path(ok)).toBe('/people?status=left&page=2');
  });

  it('signs out with a CSRF-protected POST that ends the session, and refuses one without the token', async () => {
    const { b, user } = await signedInBrowser(t, 'staff');
    const cookie = b.cookies.get('kilpi_session')!;
    const noToken = await b.post('/logout', { _csrf: null });
    expect(noToken.status).toBe(403);
    const wrong = await b.post('/logout', { _csrf: 'x'.repeat(32) });
    expect(wrong.status).toBe(403);
    expect((await b.get('/account')).status).toBe(200);
    await b.get('/account');
    const out = await b.post('/logout');
    expect(path(out)).toBe('/login?signed_out=1');
    const cleared = setCookies(out).find((c) => c.name === 'kilpi_session')!;
    expect(cleared.attrs['max-age']).toBe('0');
    const after = await t.request('/account', { headers: { cookie: `kilpi_session=${cookie}` } });
    expect(path(after)).toMatch(/^\/login/);
    expect((await auditEvents(t, 'auth.logout')).some((e) => e.entity_id === user.id)).toBe(true);
    await b.follow(out);
    expect(b.lastHtml).toContain('You have signed out.');
  });

  it('refuses a sign-in post without the anonymous CSRF cookie and token', async () => {
    const u = await t.makeUser('staff');
    const res = await t.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: u.email, password: 'correct horse battery' }).toString(),
    });
    expect(res.status).toBe(403);
    expect(setCookies(res).some((c) => c.name === 'kilpi_session')).toBe(false);
    const b = new Browser(t);
    await b.get('/login');
    expect((await b.post('/login', { email: u.email, password: 'correct horse battery', _csrf: 'forged-forged-forged-forged' })).status).toBe(403);
  });

  it('ends a session after the idle timeout and after the absolute lifetime', async () => {
    const limits = t.booted.services.limits;
    const idle = await signedInBrowser(t, 'staff');
    t.clock.advance((limits.sessionIdleMinutes - 1) * 60_000);
    expect((await idle.b.get('/account')).status).toBe(200);
    t.clock.advance(limits.sessionIdleMinutes * 60_000);
    const timedOut = await idle.b.get('/account');
    expect(path(timedOut)).toBe('/login?next=%2Faccount');

    const busy = await signedInBrowser(t, 'auditor');
    // Active every 20 minutes, so never idle, until the absolute lifetime runs out.
    const steps = Math.floor((limits.sessionAbsoluteHours * 60) / 20);
    for (let i = 0; i < steps - 1; i++) {
      t.clock.advance(20 * 60_000);
      expect((await busy.b.get('/account')).status, `step ${i}`).toBe(200);
    }
    t.clock.advance(40 * 60_000);
    expect(path(await busy.b.get('/account'))).toMatch(/^\/login/);
  });

  it('shows the sign-in page calm and complete: labels, no inline script or style, Finnish too', async () => {
    const res = await t.request('/login');
    const html = await res.text();
    expect(html).toContain('<label for="f-email">');
    expect(html).toContain('<label for="f-password">');
    expect(html).toContain('autocomplete="current-password"');
    expect(html).not.toMatch(/<script>|style="/);
    const fi = await t.request('/login', { headers: { 'accept-language': 'fi-FI' } });
    expect(await fi.text()).toContain('Kirjaudu sisään');
  });
});
