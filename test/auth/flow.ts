// Shared steps for the sign-in tests: sign in through the pages, enrol, read what the pages show.
import { expect } from 'vitest';
import { totpCode } from '../../src/auth/totp.js';
import type { TestApp } from '../helpers/app.js';
import { Browser, unescapeHtml } from '../helpers/cookies.js';

export const path = (res: Response): string => (res.headers.get('location') ?? '').replace(/^https:\/\/kilpi\.test/, '');

/** Opens the sign-in page and posts email and password; returns the POST's response. */
export async function postLogin(b: Browser, email: string, password: string, next?: string): Promise<Response> {
  const page = await b.get(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  expect(page.status).toBe(200);
  // The sign-in form's own field: the language switch on the same page carries a `next` too.
  const form = b.lastHtml.slice(b.lastHtml.indexOf('action="/login"'));
  const nextField = /name="next" value="([^"]*)"/.exec(form)?.[1] ?? '/';
  return b.post('/login', { email, password, next: unescapeHtml(nextField) });
}

/** The base32 secret the enrolment page shows for manual entry. */
export function secretFromPage(html: string): string {
  const m = /id="totp-secret" data-secret="([A-Z2-7]+)"/.exec(html);
  if (!m) throw new Error('no TOTP secret on the page');
  return m[1]!;
}

/** The recovery codes listed on a page. */
export const codesFromPage = (html: string): string[] => [...html.matchAll(/<li><code>([a-z0-9-]{19})<\/code><\/li>/g)].map((m) => m[1]!);

/** Signs in a user of `role` who must enrol, enrols through the pages; returns secret and codes. */
export async function signInAndEnrol(t: TestApp, b: Browser, email: string, password: string): Promise<{ secret: string; codes: string[] }> {
  const r = await postLogin(b, email, password);
  expect(r.status).toBe(303);
  expect(path(r)).toBe('/mfa/enrol');
  const page = await b.follow(r);
  expect(page.status).toBe(200);
  const secret = secretFromPage(b.lastHtml);
  const done = await b.post('/mfa/enrol', { code: totpCode(secret, t.clock.now()), next: '/' });
  expect(done.status).toBe(200);
  const codes = codesFromPage(b.lastHtml);
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

/** A browser signed in as a new user of `role`, enrolled in MFA when the role needs it. */
export async function signedInBrowser(t: TestApp, role: Parameters<TestApp['makeUser']>[0]) {
  const u = await t.makeUser(role);
  const b = new Browser(t);
  if (role === 'admin' || role === 'security_officer') {
    const { secret, codes } = await signInAndEnrol(t, b, u.email, u.password);
    return { b, user: u, secret, codes };
  }
  const r = await postLogin(b, u.email, u.password);
  expect(r.status).toBe(303);
  // Open a page so the browser holds the session's CSRF token, as a real one would.
  expect((await b.get('/account')).status).toBe(200);
  return { b, user: u, secret: null, codes: [] as string[] };
}

/** Audit events with `action`, newest last. */
export async function auditEvents(t: TestApp, action: string) {
  return t.booted.services.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq').execute();
}
