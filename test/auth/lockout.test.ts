// Lockout after repeated failures (passwords and MFA codes), unlock by time or by an admin, and the per-address limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { Browser } from '../helpers/cookies.js';
import { dialects } from '../helpers/db.js';
import { auditEvents, path, postLogin, signedInBrowser } from './flow.js';

const alertText = (b: Browser) => /role="alert"[^>]*><p>([^<]*)</.exec(b.lastHtml)?.[1] ?? '';

describe.each(dialects())('lockout on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { lockoutThreshold: 3, lockoutMinutes: 15, loginPerMinute: 10_000 } });
  });
  afterAll(async () => t.close());

  it('locks an account after N wrong passwords, refuses even the right one, and opens again after the lock time', async () => {
    const u = await t.makeUser('staff');
    const b = new Browser(t);
    for (let i = 0; i < 2; i++) {
      await postLogin(b, u.email, 'wrong password ' + i);
      expect(alertText(b)).toContain('email or password is not right');
    }
    await postLogin(b, u.email, 'wrong password 3');
    expect(alertText(b)).toContain('temporarily locked');
    const right = await postLogin(b, u.email, u.password);
    expect(right.status).toBe(400);
    expect(alertText(b)).toContain('temporarily locked');
    expect(b.cookies.has('kilpi_session')).toBe(false);
    const locked = (await auditEvents(t, 'auth.locked')).filter((e) => e.entity_id === u.id);
    expect(locked).toHaveLength(1);
    expect(JSON.parse(locked[0]!.after_json!).locked_until).toBe(new Date(t.clock.now().getTime() + 15 * 60_000).toISOString());

    t.clock.advance(14 * 60_000);
    expect((await postLogin(b, u.email, u.password)).status).toBe(400);
    t.clock.advance(60_000 + 1);
    const again = await postLogin(b, u.email, u.password);
    expect(again.status).toBe(303);
    const row = await t.booted.services.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(0);
    expect(row.locked_until).toBeNull();
  });

  it('resets the count after a successful sign-in: only consecutive failures lock', async () => {
    const u = await t.makeUser('staff');
    const b = new Browser(t);
    await postLogin(b, u.email, 'wrong one');
    await postLogin(b, u.email, 'wrong two');
    expect((await postLogin(b, u.email, u.password)).status).toBe(303);
    await b.get('/account');
    expect((await b.post('/logout')).status).toBe(303);
    await postLogin(b, u.email, 'wrong three');
    await postLogin(b, u.email, 'wrong four');
    expect(alertText(b)).toContain('not right');
  });

  it('locks unknown emails the same way, so the lock message does not reveal which accounts exist', async () => {
    const b = new Browser(t);
    for (let i = 0; i < 2; i++) await postLogin(b, 'ghost@example.test', 'whatever ' + i);
    expect(alertText(b)).toContain('not right');
    await postLogin(b, 'ghost@example.test', 'whatever 3');
    expect(alertText(b)).toContain('temporarily locked');
  });

  it('counts wrong MFA codes toward the lockout and ends the half-signed-in session when it locks', async () => {
    const { b, user, secret } = await signedInBrowser(t, 'admin');
    await b.post('/logout');
    await b.follow(await postLogin(b, user.email, user.password));
    expect((await b.post('/login/mfa', { code: '000000' })).status).toBe(400);
    expect((await b.post('/login/mfa', { code: 'aaaa-bbbb-cccc-dddd' })).status).toBe(400);
    const third = await b.post('/login/mfa', { code: '111111' });
    expect(third.status).toBe(400);
    expect(alertText(b)).toContain('temporarily locked');
    expect(b.cookies.has('kilpi_session')).toBe(false);
    expect((await auditEvents(t, 'auth.mfa_failed')).filter((e) => e.entity_id === user.id)).toHaveLength(3);
    expect((await auditEvents(t, 'auth.locked')).filter((e) => e.entity_id === user.id)).toHaveLength(1);
    // The password alone does not get past a lock.
    expect((await postLogin(b, user.email, user.password)).status).toBe(400);
    t.clock.advance(16 * 60_000);
    await b.follow(await postLogin(b, user.email, user.password));
    expect((await b.post('/login/mfa', { code: totpCode(secret!, t.clock.now()) })).status).toBe(303);
  });

  it('counts wrong enrolment codes of a half-signed-in admin toward the lockout', async () => {
    const u = await t.makeUser('admin');
    const b = new Browser(t);
    await b.follow(await postLogin(b, u.email, u.password));
    for (let i = 0; i < 2; i++) expect((await b.post('/mfa/enrol', { code: '000000' })).status).toBe(400);
    await b.post('/mfa/enrol', { code: '000000' });
    expect(alertText(b)).toContain('temporarily locked');
    expect(path(await b.get('/mfa/enrol'))).toMatch(/^\/login/);
  });

  it('lets an admin unlock a locked account at once, audited', async () => {
    const u = await t.makeUser('auditor');
    const b = new Browser(t);
    for (let i = 0; i < 3; i++) await postLogin(b, u.email, 'nope nope ' + i);
    const admin = await signedInBrowser(t, 'admin');
    await admin.b.get(`/users/${u.id}`);
    expect(admin.b.lastHtml).toContain('Locked');
    const res = await admin.b.post(`/users/${u.id}`, { action: 'unlock' });
    expect(path(res)).toBe(`/users/${u.id}?done=unlock`);
    expect((await auditEvents(t, 'user.unlock')).some((e) => e.entity_id === u.id && e.actor_id === admin.user.id)).toBe(true);
    expect((await postLogin(b, u.email, u.password)).status).toBe(303);
  });
});

describe.each(dialects())('per-address sign-in limit on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(dialect, { limits: { loginPerMinute: 4, lockoutThreshold: 100 } });
  });
  afterAll(async () => t.close());

  it('answers 429 with Retry-After past the limit, audits it once, and lets the address in again a minute later', async () => {
    const u = await t.makeUser('staff');
    const b = new Browser(t);
    for (let i = 0; i < 4; i++) expect((await postLogin(b, u.email, 'wrong ' + i)).status).toBe(400);
    const limited = await postLogin(b, u.email, u.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(alertText(b)).toContain('Too many sign-in attempts');
    expect(b.cookies.has('kilpi_session')).toBe(false);
    expect((await postLogin(b, u.email, u.password)).status).toBe(429);
    expect(await auditEvents(t, 'auth.rate_limited')).toHaveLength(1);
    // A refused attempt is not checked, so it does not count toward the account's lockout.
    const row = await t.booted.services.db.selectFrom('users').select('failed_logins').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(4);
    t.clock.advance(61_000);
    expect((await postLogin(b, u.email, u.password)).status).toBe(303);
  });

  it('throttles MFA challenge and enrolment guesses of half-signed-in sessions from the same address', async () => {
    t.clock.advance(61_000);
    const admin = await t.makeUser('admin');
    const b = new Browser(t);
    await b.follow(await postLogin(b, admin.email, admin.password)); // 1
    for (let i = 0; i < 3; i++) expect((await b.post('/mfa/enrol', { code: '000000' })).status).toBe(400); // 2-4
    const limited = await b.post('/mfa/enrol', { code: '000000' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await b.post('/login/mfa', { code: '000000' })).status).toBe(303); // not enrolled: sent on to enrolment
  });
});
