// One asset: its facts, C/I/A with what they mean and the effective values that flow from what
// depends on it, dependencies both ways, risks, controls, history, and the actions the role may take.
import type { AuditEventOut } from '../../audit/schema.js';
import { CsrfField, PageHeader } from '../../web/components.js';
import { formatDateTime, t } from '../../web/i18n.js';
import type { ControlSummary } from '../controls/service.js';
import type { RiskSummary } from '../risks/service.js';
import { AssetLinkItem, ciaText, ClassificationPill, environmentLabel, kindLabel, OwnerNote, StatusPill } from './parts.js';
import { DIMENSIONS } from './rules.js';
import type { AssetDetailOut } from './schema.js';

export interface DetailViewProps {
  asset: AssetDetailOut;
  ownerStatus: string | null;
  risks: RiskSummary[] | null;
  controls: ControlSummary[] | null;
  /** Null when the role may not read the audit trail. */
  history: AuditEventOut[] | null;
  /** Names of the people the history mentions as owners, by id. */
  names: Map<string, string>;
  canWrite: boolean;
  csrf: string;
  timeZone: string;
}

/** Free text keeps its line breaks: one paragraph per line, no markup from the text itself. */
const Paragraphs = ({ text }: { text: string }) => (
  <>
    {text.split('\n').map((line) => (
      <p>{line}</p>
    ))}
  </>
);

function Protection({ asset: a }: { asset: AssetDetailOut }) {
  return (
    <section class="card" aria-labelledby="cia-h">
      <h2 id="cia-h">{t('assets.detail.protection')}</h2>
      <p class="small muted">{t('assets.detail.protectionHint')}</p>
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden">{t('assets.detail.protection')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('assets.detail.dimension')}</th>
              <th scope="col">{t('assets.detail.own')}</th>
              <th scope="col">{t('assets.detail.effective')}</th>
            </tr>
          </thead>
          <tbody>
            {DIMENSIONS.map((d) => {
              const e = a.effective[d];
              return (
                <tr>
                  <th scope="row">{t(`assets.field.${d}`)}</th>
                  <td class="nowrap">{ciaText(a[d])}</td>
                  <td>
                    <strong>{ciaText(e.value)}</strong>
                    {e.basis ? (
                      <span class="sub">
                        {t('assets.detail.from')} <a href={`/assets/${e.basis.id}`}>{e.basis.name}</a>: <span class="mono">{e.basis.path.join(' → ')}</span>
                      </span>
                    ) : (
                      <span class="sub">{t('assets.detail.ownValue')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="small">
        <strong>{t('assets.detail.criticality')}:</strong> {ciaText(a.effective.criticality)}
      </p>
    </section>
  );
}

function Dependencies({ asset: a, canWrite }: { asset: AssetDetailOut; canWrite: boolean }) {
  return (
    <section class="card" aria-labelledby="deps-h">
      <div class="card-head">
        <h2 id="deps-h">{t('assets.detail.dependencies')}</h2>
        {canWrite && <a href={`/assets/${a.id}/edit#f-depends_on`}>{t('assets.detail.editDependencies')}</a>}
      </div>
      <h3>{t('assets.detail.dependsOn', { n: a.depends_on.length })}</h3>
      {a.depends_on.length ? (
        <ul>
          {a.depends_on.map((d) => (
            <li>
              <AssetLinkItem a={d} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">{t('assets.detail.dependsOnNone')}</p>
      )}
      <h3>{t('assets.detail.neededBy', { n: a.dependents.length })}</h3>
      {a.dependents.length ? (
        <ul>
          {a.dependents.map((d) => (
            <li>
              <AssetLinkItem a={d} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">{t('assets.detail.neededByNone')}</p>
      )}
    </section>
  );
}

function Linked({ id, title, items, href, empty, emptyLink }: { id: string; title: string; items: { id: string; ref: string; title: string; status: string }[]; href: string; empty: string; emptyLink: string }) {
  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <div class="card-head">
        <h2 id={`${id}-h`}>{title}</h2>
      </div>
      {items.length ? (
        <ul>
          {items.map((r) => (
            <li>
              <a href={`${href}/${r.id}`}>
                <span class="mono">{r.ref}</span> {r.title}
              </a>{' '}
              <span class="muted small">· {r.status.replace(/_/g, ' ')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted small">
          {empty} <a href={href}>{emptyLink}</a>
        </p>
      )}
    </section>
  );
}

const FIELDS = ['ref', 'name', 'kind', 'description', 'owner_id', 'classification', 'confidentiality', 'integrity', 'availability', 'environment', 'status', 'depends_on'] as const;

/** What an audit event changed, field by field, for people reading the history. */
function changesOf(e: AuditEventOut, names: Map<string, string>): { field: string; before: string; after: string }[] {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const show = (f: string, v: unknown): string => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return '—';
    if (Array.isArray(v)) return v.join(', ');
    if (f === 'owner_id') return names.get(String(v)) ?? String(v);
    if (f === 'kind') return kindLabel(v as never);
    if (f === 'environment') return environmentLabel(v as never);
    if (f === 'classification' || f === 'status') return t(`assets.${f}.${String(v)}`);
    if (typeof v === 'number') return ciaText(v);
    return String(v);
  };
  return FIELDS.filter((f) => show(f, before[f]) !== show(f, after[f])).map((f) => ({ field: f, before: show(f, before[f]), after: show(f, after[f]) }));
}

function History({ events, names, timeZone }: { events: AuditEventOut[]; names: Map<string, string>; timeZone: string }) {
  if (!events.length) return <p class="muted">{t('assets.history.none')}</p>;
  return (
    <ol class="events">
      {events.map((e) => (
        <li>
          <span class="what">
            <strong>{t(`assets.history.${e.action}`)}</strong>
            {e.before !== null && (
              <ul class="small">
                {changesOf(e, names).map((ch) => (
                  <li>
                    {t(`assets.field.${ch.field === 'owner_id' ? 'owner' : ch.field}`)}: {ch.before} → {ch.after}
                  </li>
                ))}
              </ul>
            )}
          </span>
          <time class="when" datetime={e.occurred_at}>
            {formatDateTime(e.occurred_at, timeZone)}
          </time>
          <span class="who">{t('assets.history.by', { who: e.actor.label })}</span>
        </li>
      ))}
    </ol>
  );
}

/** Owner ids an audit history mentions, so the page can show names instead. */
export function ownerIdsIn(events: AuditEventOut[]): string[] {
  return events.flatMap((e) => [e.before, e.after].map((s) => (s as Record<string, unknown> | null)?.owner_id).filter((id): id is string => typeof id === 'string'));
}

function Actions({ asset: a, csrf }: { asset: AssetDetailOut; csrf: string }) {
  const retire = a.status === 'active';
  return (
    <>
      <a class="btn" href={`/assets/${a.id}/edit`}>
        {t('assets.action.edit')}
      </a>
      <form method="post" action={`/assets/${a.id}/${retire ? 'retire' : 'reactivate'}`} class="inline">
        <CsrfField token={csrf} />
        <button type="submit" class="btn btn--ghost" data-confirm={retire ? t('assets.action.retireConfirm', { name: a.name }) : undefined}>
          {retire ? t('assets.action.retire') : t('assets.action.reactivate')}
        </button>
      </form>
    </>
  );
}

export function DetailView({ asset: a, ownerStatus, risks, controls, history, names, canWrite, csrf, timeZone }: DetailViewProps) {
  const activeDependents = a.dependents.filter((d) => d.status === 'active').length;
  return (
    <>
      <p class="eyebrow">
        <a href="/assets">{t('assets.title')}</a>
      </p>
      <PageHeader title={a.name} subtitle={[a.ref, kindLabel(a.kind), a.environment ? environmentLabel(a.environment) : null].filter(Boolean).join(' · ')} actions={canWrite ? <Actions asset={a} csrf={csrf} /> : undefined} />
      {a.status === 'retired' && activeDependents > 0 && (
        <div class="alert alert--warn" role="status">
          <p>{t('assets.detail.retiredNeeded', { n: activeDependents })}</p>
        </div>
      )}
      <div class="grid-2">
        <div class="stack">
          <section class="card" aria-labelledby="facts-h">
            <h2 id="facts-h">{t('assets.detail.facts')}</h2>
            <dl class="facts">
              <dt>{t('assets.field.ref')}</dt>
              <dd class="mono">{a.ref}</dd>
              <dt>{t('assets.field.kind')}</dt>
              <dd>{kindLabel(a.kind)}</dd>
              <dt>{t('assets.field.classification')}</dt>
              <dd>
                <ClassificationPill value={a.classification} />
              </dd>
              <dt>{t('assets.field.environment')}</dt>
              <dd>{environmentLabel(a.environment)}</dd>
              <dt>{t('assets.field.owner')}</dt>
              <dd>
                {a.owner_id && a.owner_name ? <a href={`/people/${a.owner_id}`}>{a.owner_name}</a> : null} <OwnerNote ownerId={a.owner_id} ownerStatus={ownerStatus} />
              </dd>
              <dt>{t('assets.field.status')}</dt>
              <dd>
                <StatusPill status={a.status} />
              </dd>
              <dt>{t('assets.field.description')}</dt>
              <dd>{a.description ? <Paragraphs text={a.description} /> : '—'}</dd>
              <dt>{t('assets.field.updated')}</dt>
              <dd>{formatDateTime(a.updated_at, timeZone)}</dd>
            </dl>
          </section>
          <Protection asset={a} />
          <Dependencies asset={a} canWrite={canWrite} />
        </div>
        <div class="stack">
          {risks && <Linked id="risks" title={t('assets.detail.risks', { n: risks.length })} items={risks} href="/risks" empty={t('assets.detail.risksNone')} emptyLink={t('assets.detail.risksLink')} />}
          {controls && (
            <Linked id="controls" title={t('assets.detail.controls', { n: controls.length })} items={controls} href="/controls" empty={t('assets.detail.controlsNone')} emptyLink={t('assets.detail.controlsLink')} />
          )}
          {history && (
            <section class="card" aria-labelledby="history-h">
              <div class="card-head">
                <h2 id="history-h">{t('assets.history.title')}</h2>
                <a href={`/audit?entity_type=asset&entity_id=${a.id}`}>{t('assets.history.all')}</a>
              </div>
              <History events={history} names={names} timeZone={timeZone} />
            </section>
          )}
        </div>
      </div>
    </>
  );
}
