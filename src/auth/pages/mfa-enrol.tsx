// MFA enrolment: scan a QR code (or type the key), confirm with a code, save the recovery codes.
import type { Context, Hono } from 'hono';
import { forbidden } from '../../core/errors.js';
import type { AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { CsrfField, Field } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { confirmEnrolment, pendingEnrolment } from '../mfa-service.js';
import { throttleSignIn } from '../sign-in-service.js';
import { can } from '../permissions.js';
import { MFA_REQUIRED_ROLES } from '../roles.js';
import { clearSessionCookie, safeNext, sessionAuth, setSessionCookie, signInEnv, type SessionAuth } from '../session-cookie.js';
import { groupSecret } from '../totp.js';
import { queryText, readForm } from './form.js';
import { AuthCard, Notice, RecoveryCodeList } from './parts.js';
import { loginPage } from './sign-in.js';

const withNext = (path: string, next: string) => (next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`);

/**
 * Who may enrol here: a session (complete, or half-signed-in owing enrolment) of a user without
 * MFA. Returns a redirect for everyone else. Declared public, so this is the check.
 */
function enrolling(c: Context<AppEnv>, next: string): { redirect: Response } | { redirect?: undefined; a: SessionAuth } {
  const a = sessionAuth(c);
  if (!a) return { redirect: c.redirect(withNext('/login', '/mfa/enrol'), 303) };
  if (a.user.mfa_enabled_at) return { redirect: c.redirect(a.complete ? '/account' : withNext('/login/mfa', next), 303) };
  if (a.complete && !can(a.role, 'profile.security')) throw forbidden();
  return { a };
}

async function enrolPage(c: Context<AppEnv>, a: SessionAuth, next: string, error?: string) {
  const { secret, qr } = await pendingEnrolment(signInEnv(c), a.session, a.user);
  const required = MFA_REQUIRED_ROLES.has(a.role);
  return renderPage(
    c,
    { title: t('auth.enrol.title') },
    <AuthCard org={c.get('services').orgName} title={t('auth.enrol.title')} lead={required ? t('auth.enrol.required', { role: t(`role.${a.role}`) }) : t('auth.enrol.lead')} wide>
      {error && <Notice tone="error">{error}</Notice>}
      <ol class="steps">
        <li>
          <h2>{t('auth.enrol.step1')}</h2>
          <p>{t('auth.enrol.step1_text')}</p>
          <img class="qr" src={qr} width="200" height="200" alt={t('auth.enrol.qr_alt')} />
          <details>
            <summary>{t('auth.enrol.manual')}</summary>
            <dl class="facts">
              <dt>{t('auth.enrol.key')}</dt>
              <dd>
                <code id="totp-secret" data-secret={secret}>
                  {groupSecret(secret)}
                </code>
              </dd>
              <dt>{t('auth.enrol.account')}</dt>
              <dd>{a.user.email}</dd>
              <dt>{t('auth.enrol.type')}</dt>
              <dd>{t('auth.enrol.type_value')}</dd>
            </dl>
          </details>
        </li>
        <li>
          <h2>{t('auth.enrol.step2')}</h2>
          <form method="post" action="/mfa/enrol" class="stack">
            <CsrfField token={c.get('csrfToken')} />
            <input type="hidden" name="next" value={next} />
            <Field name="code" label={t('auth.enrol.code')} hint={t('auth.enrol.code_hint')} inputmode="numeric" autocomplete="one-time-code" required maxlength={7} autofocus error={error} />
            <button type="submit" class="btn">{t('auth.enrol.submit')}</button>
          </form>
        </li>
      </ol>
      {!a.complete && (
        <form method="post" action="/logout" class="auth-alt">
          <CsrfField token={c.get('csrfToken')} />
          <button type="submit" class="btn btn--ghost">{t('auth.mfa.cancel')}</button>
        </form>
      )}
    </AuthCard>,
    error ? 400 : 200,
  );
}

/** The page after enrolment or regeneration: the new recovery codes, once. */
export function recoveryCodesPage(c: Context<AppEnv>, codes: string[], continueTo: string, title = t('auth.codes.title')) {
  return renderPage(
    c,
    { title },
    <AuthCard org={c.get('services').orgName} title={title} lead={t('auth.codes.lead')} wide>
      <RecoveryCodeList codes={codes} />
      <p>
        <a class="btn" href={continueTo}>
          {t('auth.codes.continue')}
        </a>
      </p>
    </AuthCard>,
  );
}

export function registerMfaPages(app: Hono<AppEnv>): void {
  app.get(
    '/mfa/enrol',
    guard('public', async (c) => {
      const next = safeNext(queryText(c, 'next'));
      const e = enrolling(c, next);
      if (e.redirect) return e.redirect;
      return enrolPage(c, e.a, next);
    }),
  );

  app.post(
    '/mfa/enrol',
    guard('public', async (c) => {
      const form = await readForm(c);
      const next = safeNext(form.next);
      const e = enrolling(c, next);
      if (e.redirect) return e.redirect;
      const a = e.a;
      // Half-signed-in guesses share the sign-in throttle; a signed-in user's typos do not.
      // (Over the limit it throws a 429 whose error page carries Retry-After.)
      if (!a.complete) await throttleSignIn(signInEnv(c));
      const r = await confirmEnrolment(signInEnv(c), { session: a.session, user: a.user, complete: a.complete, code: form.code ?? '' });
      if (r.ok) {
        if (r.session) {
          // The page below is the first one of the new session: its forms carry the new token.
          setSessionCookie(c, r.session.cookie);
          c.set('csrfToken', r.session.session.csrf_token);
          c.set('auth', { ...a, session: r.session.session, complete: true });
          c.set('actor', { type: 'user', id: a.user.id, label: a.user.email, role: a.user.role });
        }
        return recoveryCodesPage(c, r.recoveryCodes, a.complete ? '/account' : next);
      }
      if (r.reason === 'locked') {
        clearSessionCookie(c);
        return loginPage(c, { next, email: a.user.email, problem: { kind: 'locked', minutes: r.minutes } }, 400);
      }
      return enrolPage(c, a, next, t('auth.enrol.wrong'));
    }),
  );
}
