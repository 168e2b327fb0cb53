// SoA versions: the list with status and approver, preparing a new version, and one version read-only
// with its approval block (or the approve form for administrators) and exports.
import { CsrfField, EmptyState, PageHeader, Pagination, Pill, type ListState, type PillTone } from '../../web/components.js';
import { formatDate, formatDateTime, formatNumber, t } from '../../web/i18n.js';
import type { VersionDetailOut, VersionOut } from './schema.js';
import { SummaryBar } from './summary-chart.js';
import type { VersionStatus } from './tables.js';
import { ExportLinks, SoaTable } from './views.js';

const TONE: Record<VersionStatus, PillTone> = { draft: 'info', approved: 'ok', superseded: 'muted' };
export const VersionPill = ({ status }: { status: VersionStatus }) => <Pill tone={TONE[status]}>{t(`soa.versionStatus.${status}`)}</Pill>;

function Approver({ v }: { v: VersionOut }) {
  if (!v.approval) return <span class="muted">—</span>;
  return (
    <>
      {v.approval.name}
      {v.approval.title && <span class="sub">{v.approval.title}</span>}
      <span class="sub">{formatDate(v.approval.approved_on)}</span>
    </>
  );
}

function PrepareForm({ csrf, error }: { csrf: string; error: string | null }) {
  return (
    <section class="card" id="prepare" aria-labelledby="prepare-h">
      <h2 id="prepare-h">{t('soa.prepare.title')}</h2>
      <p class="muted">{t('soa.prepare.body')}</p>
      {error && (
        <div class="alert alert--error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <form method="post" action="/soa/versions">
        <CsrfField token={csrf} />
        <div class="field field--wide">
          <label for="f-note">{t('soa.prepare.note')}</label>
          <p class="hint" id="f-note-hint">
            {t('soa.prepare.noteHint')}
          </p>
          <textarea id="f-note" name="note" rows={2} maxlength={1000} aria-describedby="f-note-hint"></textarea>
        </div>
        <button type="submit" class="btn">
          {t('soa.action.prepare')}
        </button>
      </form>
    </section>
  );
}

export function VersionsListView(p: { items: VersionOut[]; state: ListState; timeZone: string; canWrite: boolean; csrf: string; error: string | null }) {
  return (
    <>
      <p class="eyebrow">
        <a href="/soa">{t('soa.title')}</a>
      </p>
      <PageHeader title={t('soa.versions.title')} subtitle={t('soa.versions.subtitle')} />
      {p.state.total === 0 ? (
        <EmptyState title={t('soa.versions.empty.title')}>
          <p>{t('soa.versions.empty.body')}</p>
          {!p.canWrite && <p class="muted">{t('soa.versions.empty.readOnly')}</p>}
        </EmptyState>
      ) : (
        <>
          <div class="toolbar">
            <span>{t('soa.versions.count', { n: formatNumber(p.state.total) })}</span>
            <span class="spacer" />
            <a href="/soa/versions/export.csv" download>
              {t('soa.versions.exportCsv')}
            </a>
          </div>
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">{t('soa.versions.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('soa.versions.col.number')}</th>
                  <th scope="col">{t('soa.versions.col.status')}</th>
                  <th scope="col">{t('soa.versions.col.prepared')}</th>
                  <th scope="col">{t('soa.versions.col.note')}</th>
                  <th scope="col" class="num">
                    {t('soa.versions.col.gaps')}
                  </th>
                  <th scope="col">{t('soa.versions.col.approver')}</th>
                  <th scope="col">{t('soa.versions.col.compare')}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((v) => (
                  <tr>
                    <th scope="row">
                      <a href={`/soa/versions/${v.number}`}>{t('soa.version.short', { n: v.number })}</a>
                    </th>
                    <td>
                      <VersionPill status={v.status} />
                    </td>
                    <td class="nowrap">
                      {formatDateTime(v.prepared_at, p.timeZone)}
                      <span class="sub">{v.prepared_by}</span>
                    </td>
                    <td>{v.note ?? ''}</td>
                    <td class="num">{formatNumber(v.gap_count)}</td>
                    <td>
                      <Approver v={v} />
                    </td>
                    <td>
                      <ul class="soa-compare">
                        {v.number > 1 && (
                          <li>
                            <a href={`/soa/versions/${v.number - 1}/diff/${v.number}`} aria-label={t('soa.versions.cmpPreviousLong', { n: v.number })}>
                              {t('soa.versions.cmpPrevious')}
                            </a>
                          </li>
                        )}
                        <li>
                          <a href={`/soa/versions/${v.number}/diff/current`} aria-label={t('soa.versions.cmpCurrentLong', { n: v.number })}>
                            {t('soa.versions.cmpCurrent')}
                          </a>
                        </li>
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination state={p.state} />
        </>
      )}
      {p.canWrite && <PrepareForm csrf={p.csrf} error={p.error} />}
    </>
  );
}

export interface ApproveState {
  /** The approver's title from the directory, to prefill the form. */
  title: string;
  error: { message: string; field: string | null } | null;
}

function ApproveForm({ v, csrf, state }: { v: VersionOut; csrf: string; state: ApproveState }) {
  const ackError = state.error?.field === 'acknowledge_gaps';
  return (
    <section class="card" aria-labelledby="approve-h">
      <h2 id="approve-h">{t('soa.approve.title')}</h2>
      <p>{t('soa.approve.body', { n: v.number })}</p>
      <form method="post" action={`/soa/versions/${v.number}/approve`}>
        <CsrfField token={csrf} />
        <div class="field field--wide">
          <label for="f-title">{t('soa.approve.as')}</label>
          <p class="hint" id="f-title-hint">
            {t('soa.approve.asHint')}
          </p>
          <input id="f-title" name="title" type="text" maxlength={200} value={state.title} aria-describedby="f-title-hint" />
        </div>
        {v.gap_count > 0 && (
          <div class={ackError ? 'field field--wide field--error' : 'field field--wide'}>
            <label class="choice" for="f-acknowledge_gaps">
              <input id="f-acknowledge_gaps" type="checkbox" name="acknowledge_gaps" value="true" aria-invalid={ackError ? 'true' : undefined} />
              <span>{t('soa.approve.acknowledge', { n: v.gap_count })}</span>
            </label>
          </div>
        )}
        <button type="submit" class="btn">
          {t('soa.approve.submit', { n: v.number })}
        </button>
      </form>
    </section>
  );
}

function Facts({ v, timeZone }: { v: VersionOut; timeZone: string }) {
  return (
    <dl class="facts">
      <dt>{t('soa.versions.col.status')}</dt>
      <dd>
        <VersionPill status={v.status} />
        {v.superseded_by && (
          <>
            {' '}
            <a href={`/soa/versions/${v.superseded_by}`}>{t('soa.version.supersededBy', { n: v.superseded_by })}</a>
          </>
        )}
      </dd>
      <dt>{t('soa.export.framework')}</dt>
      <dd>{v.framework_name ? `${v.framework_name} (${v.framework_version ?? ''})` : '—'}</dd>
      <dt>{t('soa.versions.col.prepared')}</dt>
      <dd>
        {formatDateTime(v.prepared_at, timeZone)} · {v.prepared_by}
      </dd>
      <dt>{t('soa.versions.col.note')}</dt>
      <dd>{v.note ?? '—'}</dd>
      <dt>{t('soa.export.approvedBy')}</dt>
      <dd>{v.approval ? `${v.approval.name}${v.approval.title ? `, ${v.approval.title}` : ''} (${t(`role.${v.approval.role ?? 'admin'}`)})` : t('soa.approval.none')}</dd>
      <dt>{t('soa.export.approvedOn')}</dt>
      <dd>{v.approval ? <time datetime={v.approval.approved_at}>{formatDate(v.approval.approved_on)}</time> : '—'}</dd>
      {v.approval?.gaps_acknowledged && (
        <>
          <dt>{t('soa.versions.col.gaps')}</dt>
          <dd>{t('soa.version.gapsAcknowledged', { n: v.gap_count })}</dd>
        </>
      )}
      <dt>{t('soa.export.contentHash')}</dt>
      <dd class="mono">{v.content_hash}</dd>
    </dl>
  );
}

export function VersionDetailView(p: { v: VersionDetailOut; timeZone: string; canApprove: boolean; csrf: string; approve: ApproveState; justApproved: boolean }) {
  const v = p.v;
  return (
    <>
      <p class="eyebrow">
        <a href="/soa">{t('soa.title')}</a> · <a href="/soa/versions">{t('soa.versions.title')}</a>
      </p>
      <PageHeader
        title={t('soa.version.heading', { n: v.number })}
        subtitle={t('soa.version.readOnly')}
        actions={
          <>
            {v.number > 1 && (
              <a class="btn btn--ghost" href={`/soa/versions/${v.number - 1}/diff/${v.number}`}>
                {t('soa.versions.withPrevious')}
              </a>
            )}
            <a class="btn btn--ghost" href={`/soa/versions/${v.number}/diff/current`}>
              {t('soa.versions.withCurrent')}
            </a>
          </>
        }
      />
      {p.approve.error && (
        <div class="alert alert--error" role="alert" tabindex={-1}>
          <p>{p.approve.error.message}</p>
        </div>
      )}
      {p.justApproved && (
        <div class="alert alert--ok" role="status">
          <p>{t('soa.approve.done', { n: v.number })}</p>
        </div>
      )}
      <div class="grid-2">
        <section class="card" aria-labelledby="approval-h">
          <h2 id="approval-h">{t('soa.version.approvalBlock')}</h2>
          <Facts v={v} timeZone={p.timeZone} />
        </section>
        <div class="stack">
          {p.canApprove && v.status === 'draft' && <ApproveForm v={v} csrf={p.csrf} state={p.approve} />}
          <section class="card" aria-labelledby="version-summary-h">
            <h2 id="version-summary-h">{t('soa.summary.heading')}</h2>
            <SummaryBar summary={v.summary} id="version-summary" base={null} />
          </section>
        </div>
      </div>
      <div class="toolbar">
        <span>{t('soa.count.rows', { n: formatNumber(v.rows.length) })}</span>
        <span class="spacer" />
        <ExportLinks version={v.number} label={t('soa.export.label')} />
      </div>
      <SoaTable rows={v.rows} state={null} editable={false} linked={false} caption={t('soa.version.heading', { n: v.number })} />
    </>
  );
}
