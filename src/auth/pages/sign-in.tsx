// Sign-in pages: email and password, the MFA challenge, and sign-out.
import type { Context, Hono } from 'hono';
import { isAppError } from '../../core/errors.js';
import type { AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { CsrfField, Field } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { clearSessionCookie, safeNext, sessionAuth, setSessionCookie, signInEnv } from '../session-cookie.js';
import { passMfaChallenge, signInWithPassword, signOut, throttleSignIn, type Refusal } from '../sign-in-service.js';
import { readForm, queryText } from './form.js';
import { AuthCard, Notice } from './parts.js';

type Problem = { kind: 'invalid' | 'locked' | 'throttled' | 'code'; minutes?: number | undefined; seconds?: number | undefined } | null;

const withNext = (path: string, next: string) => (next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`);

function problemText(p: NonNullable<Problem>): string {
  switch (p.kind) {
    case 'locked':
      return t('auth.login.locked', { minutes: p.minutes ?? 1 });
    case 'throttled':
      return t('auth.login.throttled', { seconds: p.seconds ?? 60 });
    case 'code':
      return t('auth.mfa.wrong');
    default:
      return t('auth.login.invalid');
  }
}

const refusalProblem = (r: Refusal): Problem => ({ kind: r.reason, minutes: r.minutes });

function loginPage(c: Context<AppEnv>, o: { next: string; email?: string; problem?: Problem; notice?: string }, status: 200 | 400 | 429 = 200) {
  return renderPage(
    c,
    { title: t('auth.login.title') },
    <AuthCard org={c.get('services').orgName} title={t('auth.login.title')} lead={t('auth.login.lead')}>
      {o.notice && <Notice tone="ok">{o.notice}</Notice>}
      {o.problem && <Notice tone="error">{problemText(o.problem)}</Notice>}
      <form method="post" action="/login" class="stack">
        <CsrfField token={c.get('csrfToken')} />
        <input type="hidden" name="next" value={o.next} />
        <Field name="email" label={t('auth.login.email')} type="email" value={o.email ?? ''} autocomplete="username" required maxlength={254} autofocus={!o.email} />
        <Field name="password" label={t('auth.login.password')} type="password" autocomplete="current-password" required maxlength={256} autofocus={!!o.email} />
        <button type="submit" class="btn btn--block">{t('auth.login.submit')}</button>
      </form>
      <p class="hint">{t('auth.login.help')}</p>
    </AuthCard>,
    status,
  );
}

function mfaPage(c: Context<AppEnv>, o: { next: string; problem?: Problem }, status: 200 | 400 | 429 = 200) {
  return renderPage(
    c,
    { title: t('auth.mfa.title') },
    <AuthCard org={c.get('services').orgName} title={t('auth.mfa.title')} lead={t('auth.mfa.lead')}>
      {o.problem && <Notice tone="error">{problemText(o.problem)}</Notice>}
      <form method="post" action="/login/mfa" class="stack">
        <CsrfField token={c.get('csrfToken')} />
        <input type="hidden" name="next" value={o.next} />
        <Field name="code" label={t('auth.mfa.code')} hint={t('auth.mfa.code_hint')} autocomplete="one-time-code" required maxlength={40} autofocus error={o.problem?.kind === 'code' ? t('auth.mfa.wrong') : undefined} />
        <button type="submit" class="btn btn--block">{t('auth.mfa.submit')}</button>
      </form>
      <form method="post" action="/logout" class="auth-alt">
        <CsrfField token={c.get('csrfToken')} />
        <button type="submit" class="btn btn--ghost">{t('auth.mfa.cancel')}</button>
      </form>
    </AuthCard>,
    status,
  );
}

/** Runs the per-address throttle; returns the Retry-After seconds when over the limit. */
async function throttled(c: Context<AppEnv>): Promise<number | null> {
  try {
    await throttleSignIn(signInEnv(c));
    return null;
  } catch (e) {
    if (isAppError(e) && e.status === 429) {
      const seconds = Number(e.headers?.['Retry-After'] ?? 60);
      c.header('Retry-After', String(seconds));
      return seconds;
    }
    throw e;
  }
}

export function registerSignInPages(app: Hono<AppEnv>): void {
  app.get(
    '/login',
    guard('public', (c) => {
      const next = safeNext(queryText(c, 'next'));
      if (c.get('auth')?.complete) return c.redirect(next, 303);
      const notice = c.req.query('signed_out') !== undefined ? t('auth.logout.done') : undefined;
      return loginPage(c, { next, ...(notice ? { notice } : {}) });
    }),
  );

  app.post(
    '/login',
    guard('public', async (c) => {
      const form = await readForm(c);
      const next = safeNext(form.next);
      const email = (form.email ?? '').slice(0, 254);
      const wait = await throttled(c);
      if (wait !== null) return loginPage(c, { next, email, problem: { kind: 'throttled', seconds: wait } }, 429);
      const previous = sessionAuth(c)?.session ?? null;
      const r = await signInWithPassword(signInEnv(c), { email: form.email ?? '', password: form.password ?? '', previous });
      if (!r.ok) {
        if (previous) clearSessionCookie(c);
        return loginPage(c, { next, email, problem: refusalProblem(r) }, 400);
      }
      setSessionCookie(c, r.session.cookie);
      if (r.step === 'mfa') return c.redirect(withNext('/login/mfa', next), 303);
      if (r.step === 'enrol') return c.redirect(withNext('/mfa/enrol', next), 303);
      return c.redirect(next, 303);
    }),
  );

  // Reachable while the session still owes MFA, so it is declared public and checks the session itself.
  app.get(
    '/login/mfa',
    guard('public', (c) => {
      const next = safeNext(queryText(c, 'next'));
      const a = sessionAuth(c);
      if (!a) return c.redirect(withNext('/login', next), 303);
      if (a.complete) return c.redirect(next, 303);
      if (!a.user.mfa_enabled_at) return c.redirect(withNext('/mfa/enrol', next), 303);
      return mfaPage(c, { next });
    }),
  );

  app.post(
    '/login/mfa',
    guard('public', async (c) => {
      const form = await readForm(c);
      const next = safeNext(form.next);
      const a = sessionAuth(c);
      if (!a) return c.redirect(withNext('/login', next), 303);
      if (a.complete) return c.redirect(next, 303);
      if (!a.user.mfa_enabled_at) return c.redirect(withNext('/mfa/enrol', next), 303);
      const wait = await throttled(c);
      if (wait !== null) return mfaPage(c, { next, problem: { kind: 'throttled', seconds: wait } }, 429);
      const r = await passMfaChallenge(signInEnv(c), { session: a.session, userId: a.user.id, code: form.code ?? '' });
      if (r.ok) {
        setSessionCookie(c, r.session.cookie);
        return c.redirect(next, 303);
      }
      if (r.reason === 'locked') {
        clearSessionCookie(c);
        return loginPage(c, { next, email: a.user.email, problem: refusalProblem(r) }, 400);
      }
      return mfaPage(c, { next, problem: { kind: 'code' } }, 400);
    }),
  );

  // Public so a half-signed-in session can also give up; the CSRF middleware still checks the token.
  app.post(
    '/logout',
    guard('public', async (c) => {
      const a = sessionAuth(c);
      if (a) await signOut(signInEnv(c), a.session, a.user);
      clearSessionCookie(c);
      return c.redirect('/login?signed_out=1', 303);
    }),
  );
}

export { loginPage };
