// The audit trail pages: a filterable, sortable, paged list with CSV export and the latest signed checkpoint,
// and one event with its diff and its place in the verified ledger.
import type { Context, Hono } from 'hono';
import { badRequest, notFound, type FieldError } from '../core/errors.js';
import { csvHeaders } from '../core/csv.js';
import type { AppEnv } from '../http/env.js';
import { ctxOf } from '../http/env.js';
import { guard } from '../http/guard.js';
import { DataTable, EmptyState, ErrorSummary, Field, LocalTime, PageHeader, Pagination, Pill, type Column, type PillTone } from '../web/components.js';
import { addDays, isIsoDate, zonedDate, zonedDayStart } from '../web/dates.js';
import { formatNumber, t } from '../web/i18n.js';
import { renderPage } from '../web/layout.js';
import { hasControlChars } from '../core/text.js';
import { listState, readListQuery, type ListQuery } from '../web/list.js';
import { fieldDiff, type DiffKind, type DiffRow } from './diff.js';
import { auditCsv, type AuditExportFilter } from './export.js';
import './messages.js';
import type { AuditEventOut } from './schema.js';
import { CheckpointCard, LedgerCard } from './ledger-view.js';
import { auditProofBundle, getAudit, listAudit } from './service.js';

const FILTERS = ['entity_type', 'entity_id', 'actor_id', 'action', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];

const CODE = /^[a-z0-9_.:-]{1,64}$/;
const EVENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const readQuery = (c: Context<AppEnv>) => readListQuery(c.req.url, { sortable: ['time'] as const, defaultSort: 'time', defaultDir: 'desc', filters: FILTERS });

/**
 * Turns the URL's filters into service filters. Dates are whole days in the organisation's time
 * zone; `to` includes its day. Every bad value is reported at once, by field.
 */
export function auditFilterFromQuery(f: Record<string, string>, timeZone: string): { filter: AuditExportFilter; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const filter: AuditExportFilter = {};
  for (const name of ['entity_type', 'action'] as const) {
    const v = f[name];
    if (v === undefined) continue;
    if (CODE.test(v)) filter[name] = v;
    else errors.push({ field: name, message: t('audit.err.code') });
  }
  for (const name of ['entity_id', 'actor_id'] as const) {
    const v = f[name];
    if (v === undefined) continue;
    if (v.length <= 64 && !hasControlChars(v)) filter[name] = v;
    else errors.push({ field: name, message: t('audit.err.text') });
  }
  const from = f.from;
  const to = f.to;
  if (from !== undefined) {
    if (isIsoDate(from)) filter.from = zonedDayStart(from, timeZone);
    else errors.push({ field: 'from', message: t('audit.err.date') });
  }
  if (to !== undefined) {
    if (!isIsoDate(to)) errors.push({ field: 'to', message: t('audit.err.date') });
    else if (from !== undefined && isIsoDate(from) && to < from) errors.push({ field: 'to', message: t('audit.err.range') });
    else filter.to = zonedDayStart(addDays(to, 1), timeZone);
  }
  return { filter, errors };
}

/** The current filters with `set` applied, back at page one: for links that narrow the list. */
function narrowed(q: ListQuery<'time'>, set: Partial<Record<FilterName, string>>): string {
  const n = new URLSearchParams(q.query);
  for (const [k, v] of Object.entries(set)) if (v !== undefined) n.set(k, v);
  if (q.dir !== 'desc') n.set('dir', q.dir);
  return `/audit?${n.toString()}`;
}

const hasFilters = (q: ListQuery<'time'>) => FILTERS.some((f) => q.filters[f] !== undefined);

const ACTOR_KEY = { user: 'audit.actor.user', token: 'audit.actor.token', system: 'audit.actor.system' } as const;

function FilterForm({ q, errors, timeZone }: { q: ListQuery<'time'>; errors: FieldError[]; timeZone: string }) {
  const err = (name: FilterName) => errors.find((e) => e.field === name)?.message;
  const raw = (name: FilterName) => q.filters[name] ?? '';
  return (
    <form class="filters filters--six" method="get" action="/audit" aria-label={t('audit.filters')}>
      <Field name="entity_type" label={t('audit.f.entity_type')} value={raw('entity_type')} error={err('entity_type')} maxlength={64} />
      <Field name="entity_id" label={t('audit.f.entity_id')} value={raw('entity_id')} error={err('entity_id')} maxlength={64} />
      <Field name="actor_id" label={t('audit.f.actor_id')} value={raw('actor_id')} error={err('actor_id')} maxlength={64} />
      <Field name="action" label={t('audit.f.action')} value={raw('action')} error={err('action')} maxlength={64} />
      <Field name="from" type="date" label={t('audit.f.from')} value={raw('from')} error={err('from')} />
      <Field name="to" type="date" label={t('audit.f.to')} value={raw('to')} error={err('to')} />
      {q.dir !== 'desc' && <input type="hidden" name="dir" value={q.dir} />}
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('list.filter')}
        </button>
        {hasFilters(q) && (
          <a class="btn btn--quiet" href="/audit">
            {t('list.clear')}
          </a>
        )}
        <p class="hint">{t('audit.f.dates.hint', { tz: timeZone })}</p>
      </div>
    </form>
  );
}

function columns(q: ListQuery<'time'>, timeZone: string): Column<AuditEventOut>[] {
  return [
    { key: 'seq', label: t('audit.col.seq'), numeric: true, mono: true, render: (e) => formatNumber(e.seq) },
    { key: 'time', label: t('audit.col.time'), sortable: true, render: (e) => <span class="nowrap"><LocalTime iso={e.occurred_at} timeZone={timeZone} /></span> },
    {
      key: 'action',
      label: t('audit.col.action'),
      render: (e) => (
        <a href={`/audit/${encodeURIComponent(e.id)}`}>
          <code>{e.action}</code>
        </a>
      ),
    },
    {
      key: 'actor',
      label: t('audit.col.actor'),
      render: (e) => (
        <>
          {e.actor.id ? (
            <a href={narrowed(q, { actor_id: e.actor.id })} title={t('audit.filterBy', { what: e.actor.label })}>
              {e.actor.label}
            </a>
          ) : (
            e.actor.label
          )}
          <span class="sub">{t(ACTOR_KEY[e.actor.type])}</span>
        </>
      ),
    },
    {
      key: 'entity',
      label: t('audit.col.entity'),
      render: (e) => (
        <>
          {e.entity_type}
          {/* One link per cell keeps each target clear of its neighbours (WCAG 2.5.8). */}
          <span class="sub mono">
            <a href={narrowed(q, { entity_type: e.entity_type, entity_id: e.entity_id })} title={t('audit.detail.entityAll')}>
              {e.entity_id}
            </a>
          </span>
        </>
      ),
    },
  ];
}

async function listPage(c: Context<AppEnv>) {
  const tz = c.get('services').timeZone;
  const q = readQuery(c);
  const { filter, errors } = auditFilterFromQuery(q.filters, tz);
  const exportHref = `/audit/export.csv?${new URLSearchParams([...q.query, ['dir', q.dir]]).toString()}`;
  const header = (
    <PageHeader
      title={t('audit.title')}
      subtitle={t('audit.subtitle')}
      actions={
        errors.length === 0 ? (
          <a class="btn btn--ghost" href={exportHref} download>
            {t('list.export')}
          </a>
        ) : undefined
      }
    />
  );
  if (errors.length) {
    return renderPage(
      c,
      { title: t('audit.title'), active: 'audit' },
      <>
        {header}
        <ErrorSummary errors={errors.map((e) => ({ field: e.field, message: `${t(`audit.f.${e.field}`)}: ${e.message}` }))} />
        <FilterForm q={q} errors={errors} timeZone={tz} />
      </>,
      400,
    );
  }
  const { items, total } = await listAudit(ctxOf(c), { ...filter, order: q.dir, limit: q.perPage, offset: q.offset });
  const ledger = c.get('services').ledger;
  const recorded = ledger ? await ledger.audit.recorded() : null;
  const state = listState(q, total);
  const filtered = hasFilters(q);
  return renderPage(
    c,
    { title: t('audit.title'), active: 'audit' },
    <>
      {header}
      <CheckpointCard ledger={ledger} recorded={recorded} timeZone={tz} logUrl={new URL('/ledger/audit/', c.req.url).href} />
      <FilterForm q={q} errors={[]} timeZone={tz} />
      {total === 0 ? (
        filtered ? (
          <EmptyState title={t('audit.nomatch.title')}>
            <p>{t('audit.nomatch.text')}</p>
            <p>
              <a href="/audit">{t('list.clear')}</a>
            </p>
          </EmptyState>
        ) : (
          <EmptyState title={t('audit.empty.title')}>
            <p>{t('audit.empty.text')}</p>
          </EmptyState>
        )
      ) : (
        <>
          <div class="toolbar">
            <strong>{total === 1 ? t('audit.count.one') : t('audit.count', { n: formatNumber(total) })}</strong>
            {filtered && (
              <ul class="chips" aria-label={t('audit.active')}>
                {FILTERS.filter((f) => q.filters[f]).map((f) => (
                  <li class="chip">
                    {t(`audit.f.${f}`)}: {q.filters[f]}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {items.length === 0 ? (
            <EmptyState title={t('audit.pastEnd')}>
              <p>
                <a href={narrowed(q, {})}>{t('audit.firstPage')}</a>
              </p>
            </EmptyState>
          ) : (
            <DataTable columns={columns(q, tz)} rows={items} state={state} caption={t('audit.caption')} />
          )}
          <Pagination state={state} />
        </>
      )}
    </>,
  );
}

async function exportCsv(c: Context<AppEnv>) {
  const services = c.get('services');
  const q = readQuery(c);
  const { filter, errors } = auditFilterFromQuery(q.filters, services.timeZone);
  if (errors.length) throw badRequest(t('audit.err.export'), errors);
  const { csv, rows, total } = await auditCsv(ctxOf(c), filter, q.dir);
  const day = zonedDate(services.clock.now(), services.timeZone);
  return c.body(csv, 200, { ...csvHeaders(`audit-trail-${day}.csv`), 'X-Total-Count': String(total), 'X-Exported-Rows': String(rows) });
}

const KIND_TONE: Record<Exclude<DiffKind, 'same'>, PillTone> = { added: 'info', removed: 'bad', changed: 'warn' };

function DiffTable({ rows, caption }: { rows: DiffRow[]; caption: string }) {
  return (
    <div class="table-wrap">
      <table class="data diff">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.diff.field')}</th>
            <th scope="col">{t('audit.diff.change')}</th>
            <th scope="col">{t('audit.diff.before')}</th>
            <th scope="col">{t('audit.diff.after')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr class={`is-${r.kind}`}>
              <th scope="row" class="key">
                <code>{r.field}</code>
              </th>
              <td class="change">{r.kind === 'same' ? <Pill tone="muted">{t('audit.diff.same')}</Pill> : <Pill tone={KIND_TONE[r.kind]}>{t(`audit.diff.${r.kind}`)}</Pill>}</td>
              <td class={r.kind === 'changed' || r.kind === 'removed' ? 'gone' : undefined}>{r.before ?? '—'}</td>
              <td>{r.after ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Changes({ e }: { e: AuditEventOut }) {
  const rows = fieldDiff(e.before, e.after);
  if (rows.length === 0) return <p class="muted">{t('audit.diff.nodata')}</p>;
  const moved = rows.filter((r) => r.kind !== 'same');
  const same = rows.filter((r) => r.kind === 'same');
  const intro = e.before === null ? t('audit.diff.created') : e.after === null ? t('audit.diff.deleted') : t('audit.diff.summary', { changed: moved.length, total: rows.length });
  return (
    <>
      <p>{intro}</p>
      {moved.length > 0 && <DiffTable rows={moved} caption={t('audit.diff.caption')} />}
      {same.length > 0 && (
        <details class="raw">
          <summary>
            {t('audit.diff.showSame')} ({formatNumber(same.length)})
          </summary>
          <DiffTable rows={same} caption={t('audit.diff.showSame')} />
        </details>
      )}
    </>
  );
}

function RawJson({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <details class="raw">
      <summary>{label}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

async function detailPage(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? '';
  if (!EVENT_ID.test(id)) throw notFound('The audit event');
  const ledger = c.get('services').ledger;
  const e = await getAudit(ctxOf(c), id, ledger);
  const tz = c.get('services').timeZone;
  const title = t('audit.detail.title', { seq: e.seq });
  return renderPage(
    c,
    { title, active: 'audit' },
    <>
      <p class="eyebrow">
        <a href="/audit">← {t('audit.back')}</a>
      </p>
      <PageHeader title={title} subtitle={`${e.action} · ${e.entity_type}`} />
      <section class="card" aria-labelledby="facts-h">
        <h2 id="facts-h">{t('audit.detail.facts')}</h2>
        <dl class="facts">
          <dt>{t('audit.detail.time')}</dt>
          <dd>
            <LocalTime iso={e.occurred_at} timeZone={tz} /> <span class="muted small">({tz} · {t('audit.detail.utc', { iso: e.occurred_at })})</span>
          </dd>
          <dt>{t('audit.detail.actor')}</dt>
          <dd>
            {e.actor.label} <span class="muted small">({t(ACTOR_KEY[e.actor.type])})</span>
            {e.actor.id && (
              <>
                {' '}
                <code>{e.actor.id}</code> · <a href={`/audit?actor_id=${encodeURIComponent(e.actor.id)}`}>{t('audit.detail.actorAll')}</a>
              </>
            )}
          </dd>
          <dt>{t('audit.detail.action')}</dt>
          <dd>
            <code>{e.action}</code>
          </dd>
          <dt>{t('audit.detail.entity')}</dt>
          <dd>
            {e.entity_type} <code>{e.entity_id}</code> ·{' '}
            <a href={`/audit?${new URLSearchParams({ entity_type: e.entity_type, entity_id: e.entity_id }).toString()}`}>{t('audit.detail.entityAll')}</a>
          </dd>
          <dt>{t('audit.detail.request')}</dt>
          <dd>{e.request_id ? <code>{e.request_id}</code> : <span class="muted">{t('audit.detail.none')}</span>}</dd>
          <dt>{t('audit.detail.seq')}</dt>
          <dd class="mono">{e.seq}</dd>
          <dt>{t('audit.detail.id')}</dt>
          <dd>
            <code>{e.id}</code>
          </dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="changes-h">
        <h2 id="changes-h">{t('audit.diff.title')}</h2>
        <Changes e={e} />
        <RawJson label={t('audit.raw.before')} value={e.before} />
        <RawJson label={t('audit.raw.after')} value={e.after} />
      </section>
      <LedgerCard e={e} vkey={ledger?.audit.verifierKey ?? null} />
    </>,
  );
}

/** The event's offline proof bundle, as a download. */
async function proofBundle(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? '';
  if (!EVENT_ID.test(id)) throw notFound('The audit event');
  const bundle = await auditProofBundle(ctxOf(c), id, c.get('services').ledger);
  return c.body(JSON.stringify(bundle, null, 2) + '\n', 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="audit-event-${bundle.index}.proof.json"`,
  });
}

export function registerAuditPages(app: Hono<AppEnv>): void {
  app.get('/audit', guard('audit.read', listPage));
  // Before `/audit/:id`, which would otherwise read `export.csv` as an event id.
  app.get('/audit/export.csv', guard('audit.read', exportCsv));
  app.get('/audit/:id', guard('audit.read', detailPage));
  app.get('/audit/:id/proof.json', guard('audit.read', proofBundle));
}
