// Crypto policy list and detail views: presented data in, HTML out; no data access here.
import type { AuditEventOut } from '../../audit/schema.js';
import { DataTable, EmptyState, Notice, PageHeader, Pagination, Pill, type Column, type ListState, type PillTone } from '../../web/components.js';
import { formatDateTime, formatNumber, t } from '../../web/i18n.js';
import { RULE_KINDS, type Rule, type Severity } from './policy-schema.js';
import { ruleSetting } from './rule-text.js';
import type { PolicyOut, PolicySummaryOut, VersionOut } from './schema.js';
import { POLICY_KINDS, type PolicyKind } from './tables.js';

const SEVERITY_TONE: Record<Severity, PillTone> = { error: 'bad', warning: 'warn', info: 'info' };
export const SeverityPill = ({ severity }: { severity: Severity }) => <Pill tone={SEVERITY_TONE[severity]}>{t(`crypto.severity.${severity}`)}</Pill>;
const KindPill = ({ kind }: { kind: PolicyKind }) => <Pill tone={kind === 'baseline' ? 'info' : 'ok'}>{t(`crypto.kindOf.${kind}`)}</Pill>;

export interface ListViewProps {
  items: PolicySummaryOut[];
  state: ListState;
  filters: Record<string, string>;
  /** Whether the organisation has any policy of its own (for the teaching empty state). */
  hasOwn: boolean;
  canWrite: boolean;
  timeZone: string;
}

function Filters({ filters, state }: { filters: Record<string, string>; state: ListState }) {
  return (
    <form class="filters" method="get" action="/crypto" role="search" aria-label={t('crypto.filter.label')}>
      <div class="field">
        <label for="f-q">{t('crypto.filter.q')}</label>
        <input id="f-q" type="search" name="q" value={filters.q ?? ''} maxlength={200} placeholder={t('crypto.filter.qHint')} />
      </div>
      <div class="field">
        <label for="f-kind">{t('crypto.field.kind')}</label>
        <select id="f-kind" name="kind">
          <option value="">{t('crypto.filter.all')}</option>
          {POLICY_KINDS.map((k) => (
            <option value={k} selected={k === filters.kind}>
              {t(`crypto.kindOf.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <input type="hidden" name="sort" value={state.sort} />
      <input type="hidden" name="dir" value={state.dir} />
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('crypto.filter.apply')}
        </button>
        <a href="/crypto">{t('crypto.filter.clear')}</a>
      </div>
    </form>
  );
}

const columns = (timeZone: string): Column<PolicySummaryOut>[] => [
  { key: 'name', label: t('crypto.field.name'), sortable: true, render: (p) => <a href={`/crypto/${p.id}`}>{p.name}</a> },
  { key: 'kind', label: t('crypto.field.kind'), sortable: true, render: (p) => <KindPill kind={p.kind} /> },
  { key: 'scope', label: t('crypto.field.scope'), render: (p) => p.scope ?? '' },
  { key: 'baseline', label: t('crypto.field.baseline'), render: (p) => (p.baseline_id ? <a href={`/crypto/${p.baseline_id}`}>{p.baseline_name ?? p.baseline_id}</a> : '') },
  { key: 'rule_count', label: t('crypto.field.rules'), sortable: true, numeric: true, render: (p) => formatNumber(p.rule_count) },
  { key: 'version', label: t('crypto.field.version'), mono: true, render: (p) => (p.kind === 'baseline' ? (p.version ?? '') : `r${p.revision}`) },
  { key: 'updated_at', label: t('crypto.field.updated'), sortable: true, render: (p) => <span class="nowrap">{formatDateTime(p.updated_at, timeZone)}</span> },
];

export function ListView({ items, state, filters, hasOwn, canWrite, timeZone }: ListViewProps) {
  const exportQuery = new URLSearchParams(state.query);
  exportQuery.delete('per_page');
  exportQuery.set('sort', state.sort);
  exportQuery.set('dir', state.dir);
  const firstBaseline = items.find((p) => p.kind === 'baseline');
  return (
    <>
      <PageHeader title={t('crypto.title')} subtitle={t('crypto.subtitle')} />
      <Notice title={t('crypto.notice.title')}>{t('crypto.notice.body')}</Notice>
      {!hasOwn && (
        <EmptyState title={t('crypto.emptyOwn.title')}>
          <p>{t('crypto.emptyOwn.body')}</p>
          {canWrite && firstBaseline ? (
            <p>
              <a class="btn" href={`/crypto/${firstBaseline.id}/copy`}>
                {t('crypto.action.copy')}
              </a>
            </p>
          ) : (
            !canWrite && <p class="muted">{t('crypto.emptyOwn.readOnly')}</p>
          )}
        </EmptyState>
      )}
      <Filters filters={filters} state={state} />
      <div class="toolbar">
        <span>{t('crypto.count', { n: formatNumber(state.total) })}</span>
        <span class="spacer" />
        <a href={`/crypto/export.csv?${exportQuery.toString()}`} download>
          {t('crypto.action.export')}
        </a>
      </div>
      {state.total === 0 ? (
        <EmptyState title={t('crypto.empty.title')}>
          <p>
            {t('crypto.empty.body')} <a href="/crypto">{t('crypto.filter.clear')}</a>
          </p>
        </EmptyState>
      ) : (
        <>
          <DataTable columns={columns(timeZone)} rows={items} state={state} caption={t('crypto.title')} />
          <Pagination state={state} />
        </>
      )}
    </>
  );
}

function SourceLink({ policy, rule }: { policy: PolicyOut; rule: Rule }) {
  const src = policy.sources.find((s) => s.id === rule.source.document);
  const label = src?.title ?? rule.source.document;
  return (
    <span>
      {src?.url ? (
        <a href={src.url} rel="noopener noreferrer external">
          {label}
        </a>
      ) : (
        label
      )}
      {rule.source.section && <span class="muted small"> · {rule.source.section}</span>}
    </span>
  );
}

function RuleGroups({ policy }: { policy: PolicyOut }) {
  // One table with a heading row per kind, so the columns line up across groups.
  return (
    <div class="table-wrap">
      <table class="data">
        <caption class="visually-hidden">{t('crypto.detail.rulesTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('crypto.field.rule')}</th>
            <th scope="col">{t('crypto.field.setting')}</th>
            <th scope="col">{t('crypto.field.severity')}</th>
            <th scope="col">{t('crypto.field.source')}</th>
          </tr>
        </thead>
        {RULE_KINDS.map((kind) => {
          const rules = policy.rules.filter((r) => r.kind === kind);
          if (!rules.length) return null;
          return (
            <tbody>
              <tr class="group-row">
                <th scope="colgroup" colspan={4} id={`kind-${kind}`}>
                  {t(`crypto.kind.${kind}`)}
                </th>
              </tr>
              {rules.map((r) => (
                <tr id={`rule-${r.id}`}>
                  <td>
                    <strong>{r.title}</strong>
                    <br />
                    <span class="mono small">{r.id}</span>
                    {r.rationale && <p class="small muted">{r.rationale}</p>}
                  </td>
                  <td class="small">{ruleSetting(r)}</td>
                  <td>
                    <SeverityPill severity={r.severity} />
                  </td>
                  <td class="small">
                    <SourceLink policy={policy} rule={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}

function Strictness({ policy, baselineRevision }: { policy: PolicyOut; baselineRevision: number | null }) {
  const s = policy.strictness;
  if (s.status === 'baseline') return null;
  const baseline = policy.baseline_name ?? policy.baseline_id ?? '';
  return (
    <section class="card" aria-labelledby="strict-h">
      <h2 id="strict-h">{t('crypto.strict.title')}</h2>
      <p>
        {s.status === 'looser' ? <Pill tone="bad">{t('crypto.strict.looser', { baseline })}</Pill> : <Pill tone="ok">{t('crypto.strict.ok', { baseline })}</Pill>}{' '}
        {s.baseline_changed && <Pill tone="warn">{t('crypto.strict.changed')}</Pill>}
      </p>
      <p class="small muted">{t('crypto.strict.basis', { revision: baselineRevision ?? '—' })}</p>
      {s.problems.length > 0 && (
        <>
          <ul>
            {s.problems.map((p) => (
              <li>{p.message}</li>
            ))}
          </ul>
          <p class="small">{t('crypto.strict.fix')}</p>
        </>
      )}
      {s.baseline_changed && <p class="small">{t('crypto.strict.changedBody')}</p>}
    </section>
  );
}

function History({ events, timeZone }: { events: AuditEventOut[]; timeZone: string }) {
  if (!events.length) return <p class="muted">{t('crypto.detail.noHistory')}</p>;
  return (
    <ol class="events">
      {events.map((e) => (
        <li>
          <span class="what">
            <strong>{t(`crypto.history.${e.action}`)}</strong>
          </span>
          <time class="when" datetime={e.occurred_at}>
            {formatDateTime(e.occurred_at, timeZone)}
          </time>
          <span class="who">{t('crypto.history.by', { who: e.actor.label })}</span>
        </li>
      ))}
    </ol>
  );
}

export interface DetailViewProps {
  policy: PolicyOut;
  /** The baseline's current revision, for the strictness basis. */
  baselineRevision: number | null;
  copiedFromName: string | null;
  versions: VersionOut[];
  /** Null when the role may not read the audit trail. */
  history: AuditEventOut[] | null;
  canWrite: boolean;
  timeZone: string;
}

export function DetailView({ policy: p, baselineRevision, copiedFromName, versions, history, canWrite, timeZone }: DetailViewProps) {
  const subtitle = p.kind === 'baseline' ? t('crypto.detail.baselineOf', { version: p.version ?? '' }) : t('crypto.detail.ownOf', { revision: p.revision });
  return (
    <>
      <p class="eyebrow">
        <a href="/crypto">{t('crypto.title')}</a>
      </p>
      <PageHeader
        title={p.name}
        subtitle={subtitle}
        actions={
          <>
            <a class="btn btn--ghost" href={`/crypto/${p.id}/rules.csv`} download>
              {t('crypto.action.rulesCsv')}
            </a>
            <a class="btn btn--ghost" href={`/crypto/${p.id}/export.json`} download>
              {t('crypto.action.exportJson')}
            </a>
            {canWrite && (
              <a class={p.kind === 'baseline' ? 'btn' : 'btn btn--ghost'} href={`/crypto/${p.id}/copy`}>
                {t('crypto.action.copy')}
              </a>
            )}
            {canWrite && p.kind === 'organisation' && (
              <a class="btn" href={`/crypto/${p.id}/edit`}>
                {t('crypto.action.edit')}
              </a>
            )}
          </>
        }
      />
      {p.provenance && <Notice title={t('crypto.detail.provenance')}>{p.provenance}</Notice>}
      <div class={p.kind === 'organisation' ? 'grid-2' : undefined}>
        <section class="card" aria-labelledby="facts-h">
          <h2 id="facts-h">{t('crypto.detail.facts')}</h2>
          <dl class="facts">
            <dt>{t('crypto.field.kind')}</dt>
            <dd>
              <KindPill kind={p.kind} />
            </dd>
            <dt>{t('crypto.field.description')}</dt>
            <dd>{p.description ?? '—'}</dd>
            {p.kind === 'organisation' && (
              <>
                <dt>{t('crypto.field.scope')}</dt>
                <dd>{p.scope ?? '—'}</dd>
                <dt>{t('crypto.field.baseline')}</dt>
                <dd>{p.baseline_id ? <a href={`/crypto/${p.baseline_id}`}>{p.baseline_name ?? p.baseline_id}</a> : '—'}</dd>
                <dt>{t('crypto.field.copiedFrom')}</dt>
                <dd>{p.copied_from_id ? <a href={`/crypto/${p.copied_from_id}`}>{copiedFromName ?? p.copied_from_id}</a> : '—'}</dd>
              </>
            )}
            <dt>{t('crypto.field.updated')}</dt>
            <dd>{formatDateTime(p.updated_at, timeZone)}</dd>
            <dt>{t('crypto.field.sources')}</dt>
            <dd>
              <ul class="small">
                {p.sources.map((s) => (
                  <li>
                    {s.url ? (
                      <a href={s.url} rel="noopener noreferrer external">
                        {s.title}
                      </a>
                    ) : (
                      s.title
                    )}
                    {s.note && <span class="muted"> · {s.note}</span>}
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
        </section>
        <Strictness policy={p} baselineRevision={baselineRevision} />
      </div>
      <section class="card" aria-labelledby="rules-h">
        <h2 id="rules-h">{t('crypto.detail.rulesTitle')}</h2>
        <p class="muted small">{t('crypto.detail.rulesCount', { n: p.rules.length })}</p>
        <RuleGroups policy={p} />
      </section>
      <div class="grid-2">
        <section class="card" aria-labelledby="versions-h">
          <h2 id="versions-h">{t('crypto.detail.versions')}</h2>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t('crypto.field.revision')}</th>
                <th scope="col">{t('crypto.field.when')}</th>
                <th scope="col">{t('crypto.field.by')}</th>
                <th scope="col" class="num">
                  {t('crypto.field.rules')}
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr>
                  <td class="mono">
                    r{v.revision}
                    {v.version ? ` (${v.version})` : ''}
                  </td>
                  <td>{formatDateTime(v.created_at, timeZone)}</td>
                  <td>{v.actor_label}</td>
                  <td class="num">{formatNumber(v.rule_count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {history && (
          <section class="card" aria-labelledby="history-h">
            <div class="card-head">
              <h2 id="history-h">{t('crypto.detail.history')}</h2>
              <a href={`/audit?entity_type=crypto_policy&entity_id=${encodeURIComponent(p.id)}`}>{t('crypto.detail.historyAll')}</a>
            </div>
            <History events={history} timeZone={timeZone} />
          </section>
        )}
      </div>
    </>
  );
}
