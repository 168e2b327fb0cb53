// Page parts shared by the sign-in, MFA and account pages: the centred card and recovery codes.
import type { Child } from 'hono/jsx';
import { t } from '../../web/i18n.js';

/** The calm, centred card the sign-in steps live in, with the product mark above it. */
export function AuthCard({ org, title, lead, children, wide }: { org: string; title: string; lead?: Child; children: Child; wide?: boolean }) {
  return (
    <div class="auth-page">
      <section class={wide ? 'card auth-card auth-card--wide' : 'card auth-card'} aria-labelledby="auth-title">
        <p class="auth-brand">
          <img src="/static/favicon.svg" alt="" width="28" height="28" />
          <span>Kilpi</span>
          <span class="auth-org">{org}</span>
        </p>
        <h1 id="auth-title">{title}</h1>
        {lead && <p class="subtitle">{lead}</p>}
        {children}
      </section>
    </div>
  );
}

/** A short notice or error above a form; errors are announced and take focus (app.js). */
export function Notice({ tone, children }: { tone: 'error' | 'ok'; children: Child }) {
  return tone === 'error' ? (
    <div class="alert alert--error" role="alert" tabindex={-1}>
      <p>{children}</p>
    </div>
  ) : (
    <div class="alert alert--ok" role="status">
      <p>{children}</p>
    </div>
  );
}

/** Recovery codes, shown once, in a list that prints and copies cleanly. */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  return (
    <>
      <div class="alert alert--warn" role="status">
        <p>{t('auth.codes.once')}</p>
      </div>
      <ol class="recovery-codes" aria-label={t('auth.codes.list')}>
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p class="hint">{t('auth.codes.howto')}</p>
    </>
  );
}
