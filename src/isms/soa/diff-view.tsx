// The diff between two SoA versions (or a version and the working SoA): rows added and removed, and
// for each changed row the fields before and after and the implementing controls gained and lost.
import { EmptyState, PageHeader } from '../../web/components.js';
import { formatNumber, t } from '../../web/i18n.js';
import { statusLabel } from './labels.js';
import type { DiffOut, SoaRowOut } from './schema.js';
import type { SoaStatus } from './tables.js';

const side = (d: DiffOut['from'] | DiffOut['to']) => (d.number === null ? t('soa.diff.working') : t('soa.version.short', { n: d.number }));

function value(field: string, v: string | boolean | null): string {
  if (v === null || v === '') return '—';
  if (field === 'applicable') return v ? t('soa.applicable.yes') : t('soa.applicable.no');
  if (field === 'status') return statusLabel(v as SoaStatus);
  return String(v);
}

function RowList({ rows }: { rows: SoaRowOut[] }) {
  return (
    <ul>
      {rows.map((r) => (
        <li>
          <span class="mono">{r.control_id}</span> {r.title}
        </li>
      ))}
    </ul>
  );
}

export function DiffView({ d }: { d: DiffOut }) {
  const title = t('soa.diff.title', { from: side(d.from), to: side(d.to) });
  const nothing = !d.added.length && !d.removed.length && !d.changed.length;
  return (
    <>
      <p class="eyebrow">
        <a href="/soa">{t('soa.title')}</a> · <a href="/soa/versions">{t('soa.versions.title')}</a>
      </p>
      <PageHeader title={title} subtitle={t('soa.diff.subtitle', { changed: d.changed.length, added: d.added.length, removed: d.removed.length, unchanged: d.unchanged })} />
      {nothing ? (
        <EmptyState title={t('soa.diff.none.title')}>
          <p>{t('soa.diff.none.body')}</p>
        </EmptyState>
      ) : (
        <>
          {d.added.length > 0 && (
            <section class="card" aria-labelledby="added-h">
              <h2 id="added-h">{t('soa.diff.added', { n: formatNumber(d.added.length) })}</h2>
              <RowList rows={d.added} />
            </section>
          )}
          {d.removed.length > 0 && (
            <section class="card" aria-labelledby="removed-h">
              <h2 id="removed-h">{t('soa.diff.removed', { n: formatNumber(d.removed.length) })}</h2>
              <RowList rows={d.removed} />
            </section>
          )}
          {d.changed.length > 0 && (
            <div class="table-wrap">
              <table class="data diff soa-diff">
                <caption class="visually-hidden">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('soa.col.control_id')}</th>
                    <th scope="col">{t('soa.diff.col.what')}</th>
                    <th scope="col">{side(d.from)}</th>
                    <th scope="col">{side(d.to)}</th>
                  </tr>
                </thead>
                {d.changed.map((ch) => {
                  const lines = [
                    ...ch.fields.map((f) => ({ what: t(`soa.diff.field.${f.field}`), before: value(f.field, f.before), after: value(f.field, f.after) })),
                    ...(ch.implemented_by.added.length || ch.implemented_by.removed.length
                      ? [
                          {
                            what: t('soa.diff.field.implemented_by'),
                            before: ch.implemented_by.removed.map((c) => `− ${c.ref} ${c.title}`).join('\n') || '—',
                            after: ch.implemented_by.added.map((c) => `+ ${c.ref} ${c.title}`).join('\n') || '—',
                          },
                        ]
                      : []),
                  ];
                  return (
                    <tbody>
                      {lines.map((l, i) => (
                        <tr class="is-changed">
                          {i === 0 && (
                            <th scope="rowgroup" rowspan={lines.length} class="key">
                              <span class="mono">{ch.control_id}</span>
                              <span class="sub">{ch.title}</span>
                            </th>
                          )}
                          <td class="change">{l.what}</td>
                          <td>{l.before}</td>
                          <td>{l.after}</td>
                        </tr>
                      ))}
                    </tbody>
                  );
                })}
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
