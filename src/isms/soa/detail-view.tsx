// One Annex A control's page: applicability and justification, the computed status with its basis,
// every implementing control, gaps, the edit form for those who may edit, and the row's history.
import type { AuditEventOut } from '../../audit/schema.js';
import { PageHeader, Pill } from '../../web/components.js';
import { formatDateTime, t } from '../../web/i18n.js';
import { basisText, themeLabel } from './labels.js';
import { ApplicablePill, EditForm, GapPills, StatusPill, valuesOf } from './row-view.js';
import type { SoaRowOut } from './schema.js';

function History({ events, timeZone }: { events: AuditEventOut[]; timeZone: string }) {
  if (!events.length) return <p class="muted">{t('soa.history.none')}</p>;
  const facts = (v: unknown) => (v ?? {}) as { applicable?: boolean; justification?: string | null };
  return (
    <ol class="events">
      {events.map((e) => {
        const before = facts(e.before);
        const after = facts(e.after);
        return (
          <li>
            <span class="what">
              <strong>{t('soa.history.changed')}</strong>
              <ul class="small">
                {before.applicable !== after.applicable && (
                  <li>
                    {t('soa.field.applicableShort')}: {after.applicable ? t('soa.applicable.yes') : t('soa.applicable.no')}
                  </li>
                )}
                {(before.justification ?? null) !== (after.justification ?? null) && (
                  <li>
                    {t('soa.field.justification')}: {after.justification ?? '—'}
                  </li>
                )}
              </ul>
            </span>
            <time class="when" datetime={e.occurred_at}>
              {formatDateTime(e.occurred_at, timeZone)}
            </time>
            <span class="who">{t('soa.history.by', { who: e.actor.label })}</span>
          </li>
        );
      })}
    </ol>
  );
}

export function RowDetailView(p: {
  row: SoaRowOut;
  history: AuditEventOut[] | null;
  timeZone: string;
  edit: { csrf: string; values: ReturnType<typeof valuesOf>; errors: { field: string; message: string }[] } | null;
}) {
  const r = p.row;
  return (
    <>
      <p class="eyebrow">
        <a href="/soa">{t('soa.title')}</a> · <a href={`/soa?theme=${encodeURIComponent(r.theme)}`}>{themeLabel(r.theme)}</a>
      </p>
      <PageHeader title={`${r.control_id} ${r.title}`} />
      <div class="grid-2">
        <div class="stack">
          <section class="card" aria-labelledby="row-facts-h">
            <h2 id="row-facts-h">{t('soa.detail.facts')}</h2>
            <dl class="facts">
              <dt>{t('soa.field.applicableShort')}</dt>
              <dd>
                <ApplicablePill applicable={r.applicable} />
              </dd>
              <dt>{t('soa.field.justification')}</dt>
              <dd class="soa-justification">{r.justification ?? <span class="muted">{t('soa.justification.none')}</span>}</dd>
              <dt>{t('soa.col.status')}</dt>
              <dd>
                <StatusPill status={r.status} />
                <span class="sub">{basisText(r)}</span>
              </dd>
              <dt>{t('soa.detail.gaps')}</dt>
              <dd>{r.gaps.length ? <GapPills gaps={r.gaps} /> : t('soa.detail.noGaps')}</dd>
              <dt>{t('soa.detail.updated')}</dt>
              <dd>{r.updated_at ? formatDateTime(r.updated_at, p.timeZone) : t('soa.detail.never')}</dd>
            </dl>
          </section>
          <section class="card" aria-labelledby="row-controls-h">
            <h2 id="row-controls-h">{t('soa.col.implemented_by')}</h2>
            {r.implemented_by.length ? (
              <ul class="soa-implementers soa-implementers--full">
                {r.implemented_by.map((c) => (
                  <li>
                    <a class="mono" href={`/controls?q=${encodeURIComponent(c.ref)}`}>
                      {c.ref}
                    </a>{' '}
                    {c.title} <Pill tone={c.status === 'implemented' ? 'ok' : c.status === 'not_applicable' ? 'muted' : 'warn'}>{t(`soa.controlStatus.${c.status}`)}</Pill>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('soa.detail.noControls')}</p>
            )}
          </section>
          {p.edit && (
            <section class="card" aria-labelledby="row-edit-h" id="edit">
              <h2 id="row-edit-h">{t('soa.detail.edit')}</h2>
              <EditForm row={r} values={p.edit.values} errors={p.edit.errors} csrf={p.edit.csrf} inline={false} next={`/soa/${r.control_id}`} />
            </section>
          )}
        </div>
        {p.history && (
          <section class="card" aria-labelledby="row-history-h">
            <div class="card-head">
              <h2 id="row-history-h">{t('soa.history.title')}</h2>
              <a href={`/audit?entity_type=soa_entry&entity_id=${encodeURIComponent(r.control_id)}`}>{t('soa.history.all')}</a>
            </div>
            <History events={p.history} timeZone={p.timeZone} />
          </section>
        )}
      </div>
    </>
  );
}
