// Shared page parts: status pills, page headers, tables with sorting and paging, forms, empty states.
import type { Child } from 'hono/jsx';
import { formatDateTime, formatNumber, t } from './i18n.js';

export type PillTone = 'ok' | 'bad' | 'warn' | 'muted' | 'info';

/** Status as colour plus text, never colour alone. */
export const Pill = ({ tone, children }: { tone: PillTone; children: Child }) => <span class={`pill pill--${tone}`}>{children}</span>;

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: Child }) {
  return (
    <div class="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p class="subtitle">{subtitle}</p>}
      </div>
      {actions && <div class="actions">{actions}</div>}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: Child }) {
  return (
    <div class="empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** A hidden CSRF field for forms that post. */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

export interface FieldProps {
  name: string;
  label: string;
  value?: string | null | undefined;
  type?: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email';
  maxlength?: number;
  autofocus?: boolean;
}

export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={id}>
        {p.label}
        {p.required && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {p.hint && <p class="hint" id={`${id}-hint`}>{p.hint}</p>}
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
        autofocus={p.autofocus}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {p.error && <p class="error" id={`${id}-err`}>{p.error}</p>}
    </div>
  );
}

export function SelectField(p: { name: string; label: string; value?: string | null; options: { value: string; label: string }[]; error?: string | undefined; required?: boolean }) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? `${id}-err` : undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === (p.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
      {p.error && <p class="error" id={`${id}-err`}>{p.error}</p>}
    </div>
  );
}

/** An error summary at the top of a form, linking to each bad field. */
export function ErrorSummary({ errors }: { errors: { field: string; message: string }[] }) {
  if (!errors.length) return null;
  return (
    <div class="alert alert--error" role="alert" tabindex={-1}>
      <h2>{t('form.errors', { n: errors.length })}</h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#f-${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface Column<R> {
  key: string;
  label: string;
  /** Sortable columns link their header to `?sort=key&dir=…`. */
  sortable?: boolean;
  numeric?: boolean;
  mono?: boolean;
  render: (row: R) => Child;
}

export interface ListState {
  sort: string;
  dir: 'asc' | 'desc';
  page: number;
  perPage: number;
  total: number;
  /** The current query string without sort and page, to keep filters in links. */
  query: URLSearchParams;
}

function withParams(q: URLSearchParams, set: Record<string, string>): string {
  const n = new URLSearchParams(q);
  for (const [k, v] of Object.entries(set)) n.set(k, v);
  return `?${n.toString()}`;
}

export function DataTable<R>({ columns, rows, state, caption }: { columns: Column<R>[]; rows: R[]; state: ListState; caption: string }) {
  return (
    <div class="table-wrap">
      <table class="data">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((col) => {
              const active = state.sort === col.key;
              const next = active && state.dir === 'asc' ? 'desc' : 'asc';
              return (
                <th scope="col" class={col.numeric ? 'num' : undefined} aria-sort={active ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {col.sortable ? (
                    <a href={withParams(state.query, { sort: col.key, dir: next, page: '1' })}>
                      {col.label}
                      <span class="sort-mark" aria-hidden="true">{active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </a>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {columns.map((col) => (
                <td class={[col.numeric ? 'num' : '', col.mono ? 'mono' : ''].filter(Boolean).join(' ') || undefined}>{col.render(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Pagination({ state }: { state: ListState }) {
  const pages = Math.max(1, Math.ceil(state.total / state.perPage));
  const base = new URLSearchParams(state.query);
  base.set('sort', state.sort);
  base.set('dir', state.dir);
  const from = state.total === 0 ? 0 : (state.page - 1) * state.perPage + 1;
  const to = Math.min(state.total, state.page * state.perPage);
  return (
    <nav class="pagination" aria-label={t('list.pagination')}>
      <span>{t('list.showing', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(state.total) })}</span>
      <span class="spacer" />
      {state.page > 1 ? <a class="btn btn--ghost" href={withParams(base, { page: String(state.page - 1) })} rel="prev">{t('list.prev')}</a> : null}
      <span aria-current="page">{t('list.page', { page: state.page, pages })}</span>
      {state.page < pages ? <a class="btn btn--ghost" href={withParams(base, { page: String(state.page + 1) })} rel="next">{t('list.next')}</a> : null}
    </nav>
  );
}

/** A white panel with an optional heading row and a link beside the heading. */
export function Card({ title, link, children, labelledBy }: { title?: string; link?: { href: string; label: string }; children?: Child; labelledBy?: string }) {
  return (
    <section class="card" aria-labelledby={title ? labelledBy : undefined}>
      {title && (
        <div class="card-head">
          <h2 id={labelledBy}>{title}</h2>
          {link && <a href={link.href}>{link.label}</a>}
        </div>
      )}
      {children}
    </section>
  );
}

/** One headline figure with a line of detail and where to go for more. */
export function Stat({ label, value, detail, link }: { label: string; value: string; detail?: Child; link?: { href: string; label: string } }) {
  return (
    <div class="stat">
      <p class="stat-label">{label}</p>
      <p class="stat-value">{value}</p>
      {detail && <div class="stat-detail">{detail}</div>}
      {link && (
        <a class="stat-link" href={link.href}>
          {link.label}
        </a>
      )}
    </div>
  );
}

/** A calm note at the top of a page (what is coming, what a figure means). */
export function Notice({ title, children }: { title: string; children?: Child }) {
  return (
    <div class="notice">
      <p>
        <strong>{title}</strong> {children}
      </p>
    </div>
  );
}

/** A timestamp shown in `timeZone`, machine-readable in `datetime`. */
export const LocalTime = ({ iso, timeZone }: { iso: string; timeZone: string }) => <time datetime={iso}>{formatDateTime(iso, timeZone)}</time>;
