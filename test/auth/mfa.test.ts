// MFA from the account page: voluntary enrolment, regenerating recovery codes, and who may enrol.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTotpDirectly } from '../../src/auth/mfa-service.js';
import { totpCode } from '../../src/auth/totp.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { Browser } from '../helpers/cookies.js';
import { dialects } from '../helpers/db.js';
import { auditEvents, codesFromPage, path, postLogin, secretFromPage, signedInBrowser } from './flow.js';

describe.each(dialects())('MFA on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { loginPerMinute: 10_000 } });
  });
  afterAll(async () => t.close());

  it('lets a staff member turn on MFA from the account page; later sign-ins ask for a code', async () => {
    const { b, user } = await signedInBrowser(t, 'staff');
    expect(b.lastHtml).toContain('href="/mfa/enrol"');
    await b.get('/mfa/enrol');
    const secret = secretFromPage(b.lastHtml);
    const wrong = await b.post('/mfa/enrol', { code: '123' });
    expect(wrong.status).toBe(400);
    expect(b.lastHtml).toContain('That code did not match');
    // A signed-in user's typo is audited but does not count toward a lockout.
    const row = await t.booted.services.db.selectFrom('users').select('failed_logins').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(0);
    const ok = await b.post('/mfa/enrol', { code: totpCode(secret, t.clock.now()) });
    expect(ok.status).toBe(200);
    expect(codesFromPage(b.lastHtml)).toHaveLength(10);
    expect(b.lastHtml).toContain('href="/account"');
    expect(path(await b.get('/mfa/enrol'))).toBe('/account');
    await b.get('/account');
    await b.post('/logout');
    const again = await postLogin(b, user.email, user.password);
    expect(path(again)).toBe('/login/mfa');
  });

  it('regenerates recovery codes only with a current TOTP code; the old codes stop working', async () => {
    const { b, user, secret, codes } = await signedInBrowser(t, 'admin');
    await b.get('/account');
    const wrong = await b.post('/account/recovery-codes', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(b.lastHtml).toContain('That code is not valid');
    expect((await auditEvents(t, 'auth.mfa_failed')).some((e) => e.entity_id === user.id && e.after_json!.includes('recovery_codes'))).toBe(true);
    t.clock.advance(30_000);
    const res = await b.post('/account/recovery-codes', { code: totpCode(secret!, t.clock.now()) });
    expect(res.status).toBe(200);
    const fresh = codesFromPage(b.lastHtml);
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => codes.includes(c))).toBe(false);
    expect((await auditEvents(t, 'auth.recovery_codes_regenerated')).some((e) => e.entity_id === user.id)).toBe(true);
    // The code just used is spent for regeneration too.
    await b.get('/account');
    expect((await b.post('/account/recovery-codes', { code: totpCode(secret!, t.clock.now()) })).status).toBe(400);
    await b.post('/logout');
    await b.follow(await postLogin(b, user.email, user.password));
    expect((await b.post('/login/mfa', { code: codes[0]! })).status).toBe(400);
    expect((await b.post('/login/mfa', { code: fresh[0]! })).status).toBe(303);
  });

  it('refuses regeneration and its CSRF-less post for a user without MFA, changing nothing', async () => {
    const { b, user } = await signedInBrowser(t, 'staff');
    expect((await b.post('/account/recovery-codes', { code: '123456', _csrf: null })).status).toBe(403);
    expect((await b.post('/account/recovery-codes', { code: '123456' })).status).toBe(400);
    expect(await t.booted.services.db.selectFrom('recovery_codes').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
  });

  it('sends strangers from the MFA pages to sign in, and enrolled users to the challenge', async () => {
    const b = new Browser(t);
    expect(path(await b.get('/mfa/enrol'))).toMatch(/^\/login/);
    expect(path(await b.get('/login/mfa'))).toMatch(/^\/login/);
    await b.get('/login');
    expect(path(await b.post('/login/mfa', { code: '123456' }))).toMatch(/^\/login/);
    expect(path(await b.post('/mfa/enrol', { code: '123456' }))).toMatch(/^\/login/);
    const u = await t.makeUser('security_officer');
    await enrolTotpDirectly(t.ctx(), t.booted.services.secretKey, u.id);
    await postLogin(b, u.email, u.password);
    expect(path(await b.get('/mfa/enrol'))).toBe('/login/mfa');
  });

  it('lets only the system enrol a user directly', async () => {
    const u = await t.makeUser('staff');
    const admin = await t.makeUser('admin');
    await expect(enrolTotpDirectly(t.ctx({ type: 'user', id: admin.id, label: admin.email, role: 'admin' }), t.booted.services.secretKey, u.id)).rejects.toMatchObject({ status: 403 });
  });
});
