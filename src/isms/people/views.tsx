// People list and detail views: presented data in, HTML out; no data access here.
import type { AuditEventOut } from '../../audit/schema.js';
import { DataTable, EmptyState, PageHeader, Pagination, Pill, type Column, type ListState, type PillTone } from '../../web/components.js';
import { formatDate, formatDateTime, formatNumber, t } from '../../web/i18n.js';
import { PERSON_STATUSES, type PersonStatus } from './repo.js';
import type { PersonOut } from './schema.js';
import type { DirectoryEntry } from './service.js';

const TONE: Record<PersonStatus, PillTone> = { active: 'ok', leaving: 'warn', left: 'muted' };

export const StatusPill = ({ status }: { status: PersonStatus }) => <Pill tone={TONE[status]}>{t(`people.status.${status}`)}</Pill>;

export interface ListAbilities {
  write: boolean;
  import: boolean;
}

export interface ListViewProps {
  items: DirectoryEntry[];
  state: ListState;
  filters: Record<string, string>;
  departments: string[];
  can: ListAbilities;
  /** Counts from an import just applied, shown once after the redirect. */
  imported: { joined: number; changed: number; left: number } | null;
}

function Actions({ can }: { can: ListAbilities }) {
  return (
    <>
      {can.import && (
        <a class="btn btn--ghost" href="/people/import">
          {t('people.action.import')}
        </a>
      )}
      {can.write && (
        <a class="btn" href="/people/new">
          {t('people.action.add')}
        </a>
      )}
    </>
  );
}

function Filters({ filters, departments, state }: Pick<ListViewProps, 'filters' | 'departments' | 'state'>) {
  const dept = filters.department ?? '';
  // A department typed into the URL that no one has any more still shows as selected.
  const deptOptions = dept && !departments.includes(dept) ? [dept, ...departments] : departments;
  return (
    <form class="filters" method="get" action="/people" role="search" aria-label={t('people.filter.label')}>
      <div class="field">
        <label for="f-q">{t('people.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('people.filter.qHint')} />
      </div>
      <div class="field">
        <label for="f-department">{t('people.field.department')}</label>
        <select id="f-department" name="department">
          <option value="">{t('people.filter.all')}</option>
          {deptOptions.map((d) => (
            <option value={d} selected={d === dept}>
              {d}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-status">{t('people.field.status')}</label>
        <select id="f-status" name="status">
          <option value="">{t('people.filter.all')}</option>
          {PERSON_STATUSES.map((s) => (
            <option value={s} selected={s === filters.status}>
              {t(`people.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {filters.manager_id && <input type="hidden" name="manager_id" value={filters.manager_id} />}
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('people.filter.apply')}
        </button>
        <a href="/people">{t('people.filter.clear')}</a>
      </div>
    </form>
  );
}

const columns: Column<DirectoryEntry>[] = [
  { key: 'name', label: 'people.field.name', sortable: true, render: (p) => <a href={`/people/${p.id}`}>{p.name}</a> },
  { key: 'email', label: 'people.field.email', sortable: true, render: (p) => p.email },
  { key: 'title', label: 'people.field.title', render: (p) => p.title ?? '' },
  { key: 'department', label: 'people.field.department', sortable: true, render: (p) => p.department ?? '' },
  { key: 'manager', label: 'people.field.manager', render: (p) => (p.manager_id && p.manager_name ? <a href={`/people/${p.manager_id}`}>{p.manager_name}</a> : '') },
  { key: 'status', label: 'people.field.status', sortable: true, render: (p) => <StatusPill status={p.status} /> },
  { key: 'start_date', label: 'people.field.start_date', sortable: true, render: (p) => <span class="nowrap">{formatDate(p.start_date)}</span> },
];

export function ListView({ items, state, filters, departments, can, imported }: ListViewProps) {
  const filtered = Object.keys(filters).length > 0;
  const exportQuery = new URLSearchParams(state.query);
  exportQuery.delete('per_page');
  exportQuery.set('sort', state.sort);
  exportQuery.set('dir', state.dir);
  return (
    <>
      <PageHeader title={t('people.title')} subtitle={t('people.subtitle')} actions={<Actions can={can} />} />
      {imported && (
        <div class="alert alert--ok" role="status">
          {t('people.imported', { joined: imported.joined, changed: imported.changed, left: imported.left })}
        </div>
      )}
      {state.total === 0 && !filtered ? (
        <EmptyState title={t('people.empty.title')}>
          <p>{t('people.empty.body')}</p>
          {(can.write || can.import) && (
            <p class="filters-actions">
              <Actions can={can} />
            </p>
          )}
          {!can.write && !can.import && <p class="muted">{t('people.empty.readOnly')}</p>}
        </EmptyState>
      ) : (
        <>
          <Filters filters={filters} departments={departments} state={state} />
          <div class="toolbar">
            <span>{t('people.count', { n: formatNumber(state.total) })}</span>
            <span class="spacer" />
            <a href={`/people/export.csv?${exportQuery.toString()}`} download>
              {t('people.action.export')}
            </a>
          </div>
          {state.total === 0 ? (
            <EmptyState title={t('people.noMatch.title')}>
              <p>
                {t('people.noMatch.body')} <a href="/people">{t('people.filter.clear')}</a>
              </p>
            </EmptyState>
          ) : (
            <>
              <DataTable columns={columns.map((c) => ({ ...c, label: t(c.label) }))} rows={items} state={state} caption={t('people.title')} />
              <Pagination state={state} />
            </>
          )}
        </>
      )}
    </>
  );
}

export interface DetailViewProps {
  person: PersonOut;
  manager: PersonOut | null;
  reports: PersonOut[];
  /** Null when the role may not read the audit trail. */
  history: AuditEventOut[] | null;
  /** Names of the managers the history mentions, by id. */
  names: Map<string, string>;
  canWrite: boolean;
  timeZone: string;
}

const FIELDS = ['name', 'email', 'title', 'department', 'manager_id', 'status', 'start_date', 'end_date'] as const;

/** What an audit event changed, field by field, for people reading the history. */
function changesOf(e: AuditEventOut): { field: string; before: string; after: string }[] {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  return FIELDS.filter((f) => show(before[f]) !== show(after[f])).map((f) => ({ field: f, before: show(before[f]), after: show(after[f]) }));
}

function History({ events, timeZone, names }: { events: AuditEventOut[]; timeZone: string; names: Map<string, string> }) {
  if (!events.length) return <p class="muted">{t('people.history.none')}</p>;
  const label = (field: string, v: string) => (field === 'manager_id' ? (names.get(v) ?? v) : field === 'status' && v !== '—' ? t(`people.status.${v}`) : v);
  return (
    <ol class="events">
      {events.map((e) => (
        <li>
          <span class="what">
            <strong>{t(`people.action.${e.action}`)}</strong>
            {e.action !== 'person.create' && (
              <ul class="small">
                {changesOf(e).map((ch) => (
                  <li>
                    {t(`people.field.${ch.field === 'manager_id' ? 'manager' : ch.field}`)}: {label(ch.field, ch.before)} → {label(ch.field, ch.after)}
                  </li>
                ))}
              </ul>
            )}
          </span>
          <time class="when" datetime={e.occurred_at}>
            {formatDateTime(e.occurred_at, timeZone)}
          </time>
          <span class="who">{t('people.history.by', { who: e.actor.label })}</span>
        </li>
      ))}
    </ol>
  );
}

/** Manager ids an audit history mentions, so the page can show names instead. */
export function managerIdsIn(events: AuditEventOut[]): string[] {
  const ids: string[] = [];
  for (const e of events) {
    for (const side of [e.before, e.after] as Record<string, unknown>[]) {
      const id = side?.manager_id;
      if (typeof id === 'string') ids.push(id);
    }
  }
  return ids;
}

export function DetailView({ person: p, manager, reports, history, names, canWrite, timeZone }: DetailViewProps) {
  const subtitle = [p.title, p.department].filter(Boolean).join(' · ');
  return (
    <>
      <p class="eyebrow">
        <a href="/people">{t('people.title')}</a>
      </p>
      <PageHeader
        title={p.name}
        {...(subtitle ? { subtitle } : {})}
        actions={
          canWrite ? (
            <a class="btn" href={`/people/${p.id}/edit`}>
              {t('people.action.edit')}
            </a>
          ) : undefined
        }
      />
      <div class="grid-2">
        <div class="stack">
          <section class="card" aria-labelledby="facts-h">
            <h2 id="facts-h">{t('people.detail.facts')}</h2>
            <dl class="facts">
              <dt>{t('people.field.email')}</dt>
              <dd>
                <a href={`mailto:${p.email}`}>{p.email}</a>
              </dd>
              <dt>{t('people.field.title')}</dt>
              <dd>{p.title ?? '—'}</dd>
              <dt>{t('people.field.department')}</dt>
              <dd>{p.department ? <a href={`/people?department=${encodeURIComponent(p.department)}`}>{p.department}</a> : '—'}</dd>
              <dt>{t('people.field.manager')}</dt>
              <dd>{manager ? <a href={`/people/${manager.id}`}>{manager.name}</a> : '—'}</dd>
              <dt>{t('people.field.status')}</dt>
              <dd>
                <StatusPill status={p.status} />
              </dd>
              <dt>{t('people.field.start_date')}</dt>
              <dd>{formatDate(p.start_date)}</dd>
              <dt>{t('people.field.end_date')}</dt>
              <dd>{formatDate(p.end_date)}</dd>
              <dt>{t('people.detail.updated')}</dt>
              <dd>{formatDateTime(p.updated_at, timeZone)}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="reports-h">
            <div class="card-head">
              <h2 id="reports-h">{t('people.detail.reports', { n: reports.length })}</h2>
              {reports.length > 0 && <a href={`/people?manager_id=${p.id}`}>{t('people.detail.reportsList')}</a>}
            </div>
            {reports.length ? (
              <ul>
                {reports.map((r) => (
                  <li>
                    <a href={`/people/${r.id}`}>{r.name}</a> {r.title ? <span class="muted">· {r.title}</span> : null} {r.status !== 'active' && <StatusPill status={r.status} />}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('people.detail.noReports')}</p>
            )}
          </section>
        </div>
        {history && (
          <section class="card" aria-labelledby="history-h">
            <div class="card-head">
              <h2 id="history-h">{t('people.history.title')}</h2>
              <a href={`/audit?entity_type=person&entity_id=${p.id}`}>{t('people.history.all')}</a>
            </div>
            <History events={history} timeZone={timeZone} names={names} />
          </section>
        )}
      </div>
    </>
  );
}
