// User administration: the list (filter, sort, page, CSV), adding a user, and one user's account.
import type { Context, Hono } from 'hono';
import { isAppError, type FieldError } from '../../core/errors.js';
import { isUuid } from '../../core/ids.js';
import { csvHeaders, toCsv } from '../../core/csv.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { CsrfField, DataTable, EmptyState, ErrorSummary, Field, PageHeader, Pagination, Pill, SelectField, type Column } from '../../web/components.js';
import { formatDateTime, t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState, readListQuery } from '../../web/list.js';
import { can } from '../permissions.js';
import { isRole, ROLES } from '../roles.js';
import { createUser, getUserAccount, listUserAccounts, resetUserMfa, resetUserPassword, updateUserAccount, type UserOut } from '../users-service.js';
import { USER_SORTS, type UserSort } from '../users-repo.js';
import { readForm } from './form.js';
import { Notice } from './parts.js';

const LIST = { sortable: USER_SORTS, defaultSort: 'name' as UserSort, filters: ['q', 'role'] } as const;
const roleOptions = () => ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));

function statusPill(u: UserOut) {
  if (u.disabled) return <Pill tone="muted">{t('users.status.disabled')}</Pill>;
  if (u.locked) return <Pill tone="bad">{t('users.status.locked')}</Pill>;
  return <Pill tone="ok">{t('users.status.active')}</Pill>;
}
const mfaPill = (u: UserOut) => (u.mfa_enabled ? <Pill tone="ok">{t('users.mfa.on')}</Pill> : <Pill tone="warn">{t('users.mfa.off')}</Pill>);

function listFilters(f: Record<string, string>) {
  return { q: f.q, role: f.role && isRole(f.role) ? f.role : undefined };
}

async function usersList(c: Context<AppEnv>) {
  const q = readListQuery(c.req.url, LIST);
  const tz = c.get('services').timeZone;
  const { items, total } = await listUserAccounts(ctxOf(c), { ...listFilters(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  const state = listState(q, total);
  const columns: Column<UserOut>[] = [
    { key: 'name', label: t('users.col.name'), sortable: true, render: (u) => <a href={`/users/${u.id}`}>{u.name}</a> },
    { key: 'email', label: t('users.col.email'), sortable: true, render: (u) => u.email },
    { key: 'role', label: t('users.col.role'), sortable: true, render: (u) => t(`role.${u.role}`) },
    { key: 'mfa', label: t('users.col.mfa'), render: mfaPill },
    { key: 'status', label: t('users.col.status'), render: statusPill },
    { key: 'last_login_at', label: t('users.col.last_login'), sortable: true, render: (u) => (u.last_login_at ? formatDateTime(u.last_login_at, tz) : t('users.never')) },
  ];
  const csvQuery = new URLSearchParams(q.query);
  csvQuery.set('sort', q.sort);
  csvQuery.set('dir', q.dir);
  const filtered = Object.keys(q.filters).length > 0;
  const mayManage = can(c.get('auth')!.role, 'users.manage');
  return renderPage(
    c,
    { title: t('users.title'), active: 'users' },
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <>
            <a class="btn btn--ghost" href={`/users.csv?${csvQuery.toString()}`}>
              {t('users.export')}
            </a>
            {mayManage && (
              <a class="btn" href="/users/new">
                {t('users.add')}
              </a>
            )}
          </>
        }
      />
      <form method="get" action="/users" class="filters" role="search">
        <Field name="q" label={t('users.filter.q')} value={q.filters.q} maxlength={200} />
        <SelectField name="role" label={t('users.filter.role')} value={q.filters.role ?? ''} options={[{ value: '', label: t('users.filter.any_role') }, ...roleOptions()]} />
        <div class="filters-actions">
          <button type="submit" class="btn btn--ghost">{t('users.filter.apply')}</button>
          {filtered && <a href="/users">{t('users.filter.clear')}</a>}
        </div>
      </form>
      {items.length === 0 ? (
        <EmptyState title={filtered ? t('users.empty.filtered') : t('users.empty')}>
          <p>{filtered ? t('users.empty.filtered_text') : t('users.empty_text')}</p>
        </EmptyState>
      ) : (
        <>
          <DataTable columns={columns} rows={items} state={state} caption={t('users.title')} />
          <Pagination state={state} />
        </>
      )}
    </>,
  );
}

async function usersCsv(c: Context<AppEnv>) {
  const q = readListQuery(c.req.url, LIST);
  const { items } = await listUserAccounts(ctxOf(c), { ...listFilters(q.filters), sort: q.sort, dir: q.dir, limit: 500, offset: 0 });
  const all = [...items];
  // Page through in chunks so a large organisation exports completely.
  for (let offset = 500; all.length === offset && offset < 100_000; offset += 500) {
    all.push(...(await listUserAccounts(ctxOf(c), { ...listFilters(q.filters), sort: q.sort, dir: q.dir, limit: 500, offset })).items);
  }
  const body = toCsv(all, [
    { header: 'name', value: (u) => u.name },
    { header: 'email', value: (u) => u.email },
    { header: 'role', value: (u) => u.role },
    { header: 'mfa_enabled', value: (u) => u.mfa_enabled },
    { header: 'locked', value: (u) => u.locked },
    { header: 'disabled', value: (u) => u.disabled },
    { header: 'last_login_at', value: (u) => u.last_login_at },
    { header: 'created_at', value: (u) => u.created_at },
  ]);
  return c.body(body, 200, csvHeaders('users.csv'));
}

function newUserPage(c: Context<AppEnv>, o: { form?: Record<string, string>; errors?: FieldError[] } = {}, status: 200 | 400 | 409 = 200) {
  const err = (f: string) => o.errors?.find((e) => e.field === f)?.message;
  return renderPage(
    c,
    { title: t('users.new.title'), active: 'users' },
    <>
      <PageHeader title={t('users.new.title')} subtitle={t('users.new.subtitle')} />
      <ErrorSummary errors={o.errors ?? []} />
      <form method="post" action="/users/new" class="card stack">
        <CsrfField token={c.get('csrfToken')} />
        <Field name="name" label={t('users.col.name')} value={o.form?.name} required maxlength={200} autocomplete="off" error={err('name')} />
        <Field name="email" label={t('users.col.email')} type="email" value={o.form?.email} required maxlength={254} autocomplete="off" error={err('email')} />
        <SelectField name="role" label={t('users.col.role')} value={o.form?.role ?? 'staff'} options={roleOptions()} error={err('role')} required />
        <p class="hint">{t('users.new.password_hint')}</p>
        <button type="submit" class="btn">{t('users.new.submit')}</button>
      </form>
    </>,
    status,
  );
}

async function userPage(c: Context<AppEnv>, id: string, o: { notice?: string; error?: string } = {}, status: 200 | 400 | 409 = 200) {
  const u = await getUserAccount(ctxOf(c), id);
  const tz = c.get('services').timeZone;
  const role = c.get('auth')!.role;
  const mayManage = can(role, 'users.manage');
  const csrf = c.get('csrfToken');
  return renderPage(
    c,
    { title: u.name, active: 'users' },
    <>
      <PageHeader title={u.name} subtitle={u.email} />
      {o.notice && <Notice tone="ok">{o.notice}</Notice>}
      {o.error && <Notice tone="error">{o.error}</Notice>}
      <section class="card" aria-labelledby="facts-h">
        <h2 id="facts-h">{t('users.detail.account')}</h2>
        <dl class="facts">
          <dt>{t('users.col.role')}</dt>
          <dd>{t(`role.${u.role}`)}</dd>
          <dt>{t('users.col.mfa')}</dt>
          <dd>{mfaPill(u)}</dd>
          <dt>{t('users.col.status')}</dt>
          <dd>{statusPill(u)}</dd>
          <dt>{t('users.col.last_login')}</dt>
          <dd>{u.last_login_at ? formatDateTime(u.last_login_at, tz) : t('users.never')}</dd>
          <dt>{t('users.detail.created')}</dt>
          <dd>{formatDateTime(u.created_at, tz)}</dd>
        </dl>
        {can(role, 'audit.read') && (
          <p>
            <a href={`/audit?entity_type=user&entity_id=${encodeURIComponent(u.id)}`}>{t('users.detail.history')}</a>
          </p>
        )}
      </section>
      {mayManage && (
        <section class="card" aria-labelledby="manage-h">
          <h2 id="manage-h">{t('users.detail.manage')}</h2>
          <form method="post" action={`/users/${u.id}`} class="stack">
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value="role" />
            <SelectField name="role" label={t('users.detail.role')} value={u.role} options={roleOptions()} />
            <button type="submit" class="btn btn--ghost">{t('users.detail.change_role')}</button>
          </form>
          {u.locked && (
            <form method="post" action={`/users/${u.id}`} class="inline">
              <CsrfField token={csrf} />
              <input type="hidden" name="action" value="unlock" />
              <button type="submit" class="btn">{t('users.detail.unlock')}</button>
            </form>
          )}{' '}
          <form method="post" action={`/users/${u.id}`} class="inline">
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value="reset_password" />
            <button type="submit" class="btn btn--ghost" data-confirm={t('users.detail.reset_password_confirm', { name: u.name })}>
              {t('users.detail.reset_password')}
            </button>
          </form>{' '}
          {u.mfa_enabled && (
            <>
              <form method="post" action={`/users/${u.id}`} class="inline">
                <CsrfField token={csrf} />
                <input type="hidden" name="action" value="reset_mfa" />
                <button type="submit" class="btn btn--ghost" data-confirm={t('users.detail.reset_mfa_confirm', { name: u.name })}>
                  {t('users.detail.reset_mfa')}
                </button>
              </form>{' '}
            </>
          )}
          <form method="post" action={`/users/${u.id}`} class="inline">
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value={u.disabled ? 'enable' : 'disable'} />
            <button type="submit" class={u.disabled ? 'btn btn--ghost' : 'btn btn--danger'} data-confirm={u.disabled ? undefined : t('users.detail.disable_confirm', { name: u.name })}>
              {u.disabled ? t('users.detail.enable') : t('users.detail.disable')}
            </button>
          </form>
        </section>
      )}
    </>,
    status,
  );
}

/** A new password for `user`, shown once with the way back. */
function shownOnce(c: Context<AppEnv>, user: UserOut, title: string, text: string, password: string) {
  return renderPage(
    c,
    { title, active: 'users' },
    <>
      <PageHeader title={title} subtitle={user.email} />
      <div class="alert alert--ok" role="status">
        <p>{text}</p>
        <p>{t('users.created.password')}</p>
        <p>
          <code class="secret" id="new-password">
            {password}
          </code>
        </p>
      </div>
      <p class="hint">{t('users.new.password_hint')}</p>
      <p>
        <a class="btn" href={`/users/${user.id}`}>{t('users.created.open')}</a> <a href="/users">{t('users.created.back')}</a>
      </p>
    </>,
  );
}

export function registerUserPages(app: Hono<AppEnv>): void {
  app.get('/users', guard('users.read', usersList));
  app.get('/users.csv', guard('users.read', usersCsv));
  app.get('/users/new', guard('users.manage', (c) => newUserPage(c)));

  app.post(
    '/users/new',
    guard('users.manage', async (c) => {
      const form = await readForm(c, 400);
      const input = { name: form.name ?? '', email: form.email ?? '', role: form.role ?? '' };
      try {
        const { user, generatedPassword } = await createUser(ctxOf(c), input as Parameters<typeof createUser>[1]);
        return shownOnce(c, user, t('users.created.title'), t('users.created.text', { name: user.name, role: t(`role.${user.role}`) }), generatedPassword ?? '');
      } catch (e) {
        if (isAppError(e) && (e.status === 400 || e.status === 409)) {
          // Field messages come from the page's catalogue, not the service's English text.
          const errors = (e.errors ?? []).map((fe) => ({ field: fe.field, message: t(e.status === 409 ? 'users.err.email_taken' : `users.err.${fe.field}`) }));
          return newUserPage(c, { form: input, errors }, e.status === 409 ? 409 : 400);
        }
        throw e;
      }
    }),
  );

  app.get(
    '/users/:id',
    guard('users.read', async (c) => {
      const id = c.req.param('id') ?? '';
      if (!isUuid(id)) return c.notFound();
      const done = c.req.query('done');
      return userPage(c, id, done && /^(role|unlock|disable|enable|reset_mfa)$/.test(done) ? { notice: t(`users.done.${done}`) } : {});
    }),
  );

  app.post(
    '/users/:id',
    guard('users.manage', async (c) => {
      const id = c.req.param('id') ?? '';
      if (!isUuid(id)) return c.notFound();
      const form = await readForm(c, 100);
      const action = form.action ?? '';
      if (action === 'reset_password') {
        const { user, password } = await resetUserPassword(ctxOf(c), id);
        return shownOnce(c, user, t('users.reset.password_title'), t('users.reset.password_text', { name: user.name }), password);
      }
      if (action === 'reset_mfa') {
        await resetUserMfa(ctxOf(c), id);
        return c.redirect(`/users/${id}?done=reset_mfa`, 303);
      }
      const patch =
        action === 'role' ? { role: form.role } : action === 'unlock' ? { locked: false as const } : action === 'disable' ? { disabled: true } : action === 'enable' ? { disabled: false } : null;
      if (!patch) return userPage(c, id, { error: t('users.err.action') }, 400);
      try {
        await updateUserAccount(ctxOf(c), id, patch as Parameters<typeof updateUserAccount>[2]);
      } catch (e) {
        if (isAppError(e) && e.status === 409) return userPage(c, id, { error: t('users.err.last_admin') }, 409);
        if (isAppError(e) && e.status === 400) return userPage(c, id, { error: t('users.err.role') }, 400);
        throw e;
      }
      return c.redirect(`/users/${id}?done=${action}`, 303);
    }),
  );
}
