// The account page: who you are, two-step verification, recovery codes and your API tokens.
import type { Context, Hono } from 'hono';
import { hasControlChars } from '../../core/text.js';
import { isAppError, type FieldError } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { CsrfField, EmptyState, ErrorSummary, Field, PageHeader, Pill, SelectField } from '../../web/components.js';
import { formatDateTime, t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { regenerateRecoveryCodes } from '../mfa-service.js';
import { can } from '../permissions.js';
import { countUnusedRecoveryCodes, RECOVERY_CODE_COUNT } from '../recovery-codes.js';
import { signInEnv } from '../session-cookie.js';
import { createToken, listTokens, presentToken, revokeToken, type TokenOut } from '../tokens.js';
import { readForm } from './form.js';
import { Notice } from './parts.js';
import { recoveryCodesPage } from './mfa-enrol.js';

/** The lifetimes offered for a token; the API takes any duration, the page keeps it simple. */
export const TOKEN_LIFETIMES = ['30d', '90d', '1y'] as const;

interface AccountExtras {
  newToken?: { secret: string; meta: TokenOut };
  tokenForm?: { name: string; expires_in: string };
  tokenErrors?: FieldError[];
  codeError?: string;
  notice?: string;
}

function tokenStatus(tok: TokenOut, now: Date) {
  if (tok.revoked_at) return <Pill tone="muted">{t('account.token.revoked')}</Pill>;
  if (tok.expires_at && new Date(tok.expires_at) <= now) return <Pill tone="warn">{t('account.token.expired')}</Pill>;
  return <Pill tone="ok">{t('account.token.active')}</Pill>;
}

async function accountPage(c: Context<AppEnv>, x: AccountExtras = {}, status: 200 | 400 = 200) {
  const { user, role } = c.get('auth')!;
  const s = c.get('services');
  const now = s.clock.now();
  const tz = s.timeZone;
  const tokens = (await listTokens(s.db, user.id)).map(presentToken);
  const codesLeft = user.mfa_enabled_at ? await countUnusedRecoveryCodes(s.db, user.id) : 0;
  const mayChange = can(role, 'profile.security');
  const csrf = c.get('csrfToken');
  const fieldError = (f: string) => x.tokenErrors?.find((e) => e.field === f)?.message;
  return renderPage(
    c,
    { title: t('account.title'), active: 'account' },
    <>
      <PageHeader title={t('account.title')} subtitle={t('account.subtitle')} />
      {x.notice && <Notice tone="ok">{x.notice}</Notice>}

      <section class="card" aria-labelledby="profile-h">
        <h2 id="profile-h">{t('account.profile')}</h2>
        <dl class="facts">
          <dt>{t('account.name')}</dt>
          <dd>{user.name}</dd>
          <dt>{t('account.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('account.role')}</dt>
          <dd>{t(`role.${role}`)}</dd>
          <dt>{t('account.last_login')}</dt>
          <dd>{formatDateTime(user.last_login_at, tz)}</dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="mfa-h">
        <h2 id="mfa-h">{t('account.mfa')}</h2>
        {user.mfa_enabled_at ? (
          <>
            <p>
              <Pill tone="ok">{t('account.mfa.on')}</Pill> {t('account.mfa.since', { date: formatDateTime(user.mfa_enabled_at, tz) })}
            </p>
            <p>
              {t('account.codes.left', { n: codesLeft, total: RECOVERY_CODE_COUNT })}{' '}
              {codesLeft <= 3 && <Pill tone="warn">{t('account.codes.low')}</Pill>}
            </p>
            {mayChange && (
              <form method="post" action="/account/recovery-codes" class="stack">
                <CsrfField token={csrf} />
                <Field name="code" label={t('account.codes.code')} hint={t('account.codes.hint')} inputmode="numeric" autocomplete="one-time-code" required maxlength={7} error={x.codeError} />
                <button type="submit" class="btn btn--ghost" data-confirm={t('account.codes.confirm')}>
                  {t('account.codes.regenerate')}
                </button>
              </form>
            )}
          </>
        ) : (
          <>
            <p>
              <Pill tone="warn">{t('account.mfa.off')}</Pill> {t('account.mfa.why')}
            </p>
            {mayChange && (
              <a class="btn" href="/mfa/enrol">
                {t('account.mfa.setup')}
              </a>
            )}
          </>
        )}
      </section>

      <section class="card" aria-labelledby="tokens-h">
        <h2 id="tokens-h">{t('account.tokens')}</h2>
        <p class="muted">{t('account.tokens.intro')}</p>
        {x.newToken && (
          <div class="alert alert--ok" role="status">
            <h3>{t('account.token.created', { name: x.newToken.meta.name })}</h3>
            <p>{t('account.token.once')}</p>
            <p>
              <code class="secret" id="new-token">
                {x.newToken.secret}
              </code>
            </p>
          </div>
        )}
        {tokens.length === 0 ? (
          <EmptyState title={t('account.tokens.empty')}>
            <p>{t('account.tokens.empty_text')}</p>
          </EmptyState>
        ) : (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">{t('account.tokens')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('account.token.name')}</th>
                  <th scope="col">{t('account.token.prefix')}</th>
                  <th scope="col">{t('account.token.created_at')}</th>
                  <th scope="col">{t('account.token.expires_at')}</th>
                  <th scope="col">{t('account.token.last_used')}</th>
                  <th scope="col">{t('account.token.status')}</th>
                  {mayChange && <th scope="col"><span class="visually-hidden">{t('account.token.actions')}</span></th>}
                </tr>
              </thead>
              <tbody>
                {tokens.map((tok) => (
                  <tr>
                    <td>{tok.name}</td>
                    <td class="mono">{tok.prefix}…</td>
                    <td>{formatDateTime(tok.created_at, tz)}</td>
                    <td>{formatDateTime(tok.expires_at, tz)}</td>
                    <td>{tok.last_used_at ? formatDateTime(tok.last_used_at, tz) : t('account.token.never')}</td>
                    <td>{tokenStatus(tok, now)}</td>
                    {mayChange && (
                      <td>
                        {!tok.revoked_at && (
                          <form method="post" action={`/account/tokens/${tok.id}/revoke`} class="inline">
                            <CsrfField token={csrf} />
                            <button type="submit" class="btn btn--ghost" data-confirm={t('account.token.revoke_confirm', { name: tok.name })} aria-label={t('account.token.revoke_named', { name: tok.name })}>
                              {t('account.token.revoke')}
                            </button>
                          </form>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {mayChange && (
          <form method="post" action="/account/tokens" class="stack token-form">
            <h3>{t('account.token.new')}</h3>
            <ErrorSummary errors={x.tokenErrors ?? []} />
            <CsrfField token={csrf} />
            <Field name="name" label={t('account.token.name')} hint={t('account.token.name_hint')} value={x.tokenForm?.name} required maxlength={100} error={fieldError('name')} />
            <SelectField
              name="expires_in"
              label={t('account.token.lifetime')}
              value={x.tokenForm?.expires_in ?? '90d'}
              options={TOKEN_LIFETIMES.map((v) => ({ value: v, label: t(`account.token.lifetime.${v}`) }))}
              error={fieldError('expires_in')}
            />
            <button type="submit" class="btn">{t('account.token.create')}</button>
          </form>
        )}
      </section>
    </>,
    status,
  );
}

export function registerAccountPages(app: Hono<AppEnv>): void {
  app.get(
    '/account',
    guard('profile.read', (c) => accountPage(c, c.req.query('revoked') !== undefined ? { notice: t('account.token.revoked_notice') } : {})),
  );

  app.post(
    '/account/tokens',
    guard('profile.security', async (c) => {
      const form = await readForm(c, 400);
      const tokenForm = { name: form.name ?? '', expires_in: form.expires_in ?? '' };
      const errors: FieldError[] = [];
      if (!tokenForm.name.trim()) errors.push({ field: 'name', message: t('account.token.err_name') });
      else if (tokenForm.name.trim().length > 100) errors.push({ field: 'name', message: t('account.token.err_name_long') });
      else if (hasControlChars(tokenForm.name)) errors.push({ field: 'name', message: t('account.token.err_name_chars') });
      if (!(TOKEN_LIFETIMES as readonly string[]).includes(tokenForm.expires_in)) errors.push({ field: 'expires_in', message: t('account.token.err_lifetime') });
      if (errors.length) return accountPage(c, { tokenForm, tokenErrors: errors }, 400);
      const { user } = c.get('auth')!;
      const { token, meta } = await createToken(ctxOf(c), user, tokenForm);
      return accountPage(c, { newToken: { secret: token, meta } });
    }),
  );

  app.post(
    '/account/tokens/:id/revoke',
    guard('profile.security', async (c) => {
      const id = c.req.param('id') ?? '';
      if (!isUuid(id)) return c.notFound();
      await revokeToken(ctxOf(c), id, { ownOnly: true });
      return c.redirect('/account?revoked=1', 303);
    }),
  );

  app.post(
    '/account/recovery-codes',
    guard('profile.security', async (c) => {
      const form = await readForm(c, 64);
      try {
        const codes = await regenerateRecoveryCodes(signInEnv(c), c.get('actor'), c.get('auth')!.user.id, form.code ?? '');
        if (codes) return recoveryCodesPage(c, codes, '/account', t('account.codes.new_title'));
      } catch (e) {
        // Without MFA there are no codes to regenerate: say so on the page rather than an error screen.
        if (!(isAppError(e) && e.status === 409)) throw e;
      }
      return accountPage(c, { codeError: t('auth.mfa.wrong') }, 400);
    }),
  );
}
