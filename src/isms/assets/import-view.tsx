// The CSV import pages: upload or paste, then a dry-run preview to confirm (the confirm re-sends the file).
import { CsrfField, PageHeader } from '../../web/components.js';
import { formatNumber, t } from '../../web/i18n.js';
import { CSV_COLUMNS } from './csv.js';
import { tMsg } from './messages.js';
import { CiaCompact, ClassificationPill, environmentLabel, kindLabel, StatusPill } from './parts.js';
import type { ImportResult } from './schema.js';

// Short on purpose: columns a file leaves out keep their values. A row without a ref gets the next
// AST number, so rows that others depend on carry their own ref.
export const EXAMPLE = `ref,name,kind,classification,confidentiality,integrity,availability,environment,depends_on
DB-1,Payments DB,data_store,secret,4,4,4,production,
API-1,Payment API,service,confidential,3,4,4,production,DB-1
,Card data,information,secret,4,4,3,,DB-1`;

export interface ImportFormProps {
  csrf: string;
  pasted: string;
  /** A problem with the file as a whole (unreadable, wrong columns), with details. */
  error: { message: string; details: string[] } | null;
}

export function ImportForm({ csrf, pasted, error }: ImportFormProps) {
  return (
    <>
      <p class="eyebrow">
        <a href="/assets">{t('assets.title')}</a>
      </p>
      <PageHeader title={t('assets.import.title')} subtitle={t('assets.import.subtitle')} />
      {error && (
        <div class="alert alert--error" role="alert" tabindex={-1}>
          <h2>{t('assets.import.fileProblem')}</h2>
          <p>{error.message}</p>
          {error.details.length > 0 && (
            <ul>
              {error.details.map((d) => (
                <li>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="grid-2">
        <form method="post" action="/assets/import" enctype="multipart/form-data" class="card">
          <CsrfField token={csrf} />
          <div class="field">
            <label for="f-file">{t('assets.import.file')}</label>
            <p class="hint" id="f-file-hint">
              {t('assets.import.fileHint')}
            </p>
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" aria-describedby="f-file-hint" />
          </div>
          <div class="field">
            <label for="f-csv">{t('assets.import.paste')}</label>
            <textarea id="f-csv" name="csv" rows={8} spellcheck={false} class="mono">
              {pasted}
            </textarea>
          </div>
          <button type="submit" class="btn">
            {t('assets.import.preview')}
          </button>
        </form>
        <section class="card" aria-labelledby="format-h">
          <h2 id="format-h">{t('assets.import.format')}</h2>
          <p>{t('assets.import.formatBody')}</p>
          <p>
            <code>{CSV_COLUMNS.join(',')}</code>
          </p>
          <ul class="small">
            <li>{t('assets.import.rule.key')}</li>
            <li>{t('assets.import.rule.values')}</li>
            <li>{t('assets.import.rule.owner')}</li>
            <li>{t('assets.import.rule.depends')}</li>
            <li>{t('assets.import.rule.missingColumns')}</li>
            <li>{t('assets.import.rule.allOrNothing')}</li>
          </ul>
          <pre class="mono small">{EXAMPLE}</pre>
          <p>
            <a href="/assets/export.csv">{t('assets.import.template')}</a>
          </p>
        </section>
      </div>
    </>
  );
}

// A 10,000-row file would make a page nobody reads; the counts above stay complete.
const SHOWN = 500;
const More = ({ total }: { total: number }) => (total > SHOWN ? <p class="muted small">{t('assets.import.more', { shown: formatNumber(SHOWN), total: formatNumber(total) })}</p> : null);
const show = (v: string | null) => (v === null || v === '' ? '—' : v);

const Stat = ({ label, n }: { label: string; n: number }) => (
  <div class="stat">
    <p class="stat-label">{label}</p>
    <p class="stat-value">{formatNumber(n)}</p>
  </div>
);

function Errors({ r }: { r: ImportResult }) {
  return (
    <section class="card" aria-labelledby="errors-h">
      <div class="alert alert--error" role="alert" tabindex={-1}>
        <h2 id="errors-h">{t('assets.import.errorsTitle', { n: r.errors.length })}</h2>
        <p>{t('assets.import.errorsBody')}</p>
      </div>
      {/* Scrollable without a link inside: focusable, so keyboard users can scroll it too. */}
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby="errors-h">
        <table class="data">
          <caption class="visually-hidden">{t('assets.import.errors')}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                {t('assets.import.row')}
              </th>
              <th scope="col">{t('assets.import.column')}</th>
              <th scope="col">{t('assets.import.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {r.errors.slice(0, SHOWN).map((e) => (
              <tr>
                <td class="num">{e.row}</td>
                <td class="mono">{e.field}</td>
                <td>{tMsg(e.message)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <More total={r.errors.length} />
      <p>
        <a class="btn" href="/assets/import">
          {t('assets.import.again')}
        </a>
      </p>
    </section>
  );
}

function NewAssets({ r }: { r: ImportResult }) {
  return (
    <section class="card" aria-labelledby="new-h">
      <h2 id="new-h">{t('assets.import.newTitle', { n: r.new.length })}</h2>
      <div class="table-wrap" tabindex={0} role="region" aria-labelledby="new-h">
        <table class="data">
          <thead>
            <tr>
              <th scope="col" class="num">
                {t('assets.import.row')}
              </th>
              <th scope="col">{t('assets.field.ref')}</th>
              <th scope="col">{t('assets.field.name')}</th>
              <th scope="col">{t('assets.field.kind')}</th>
              <th scope="col">{t('assets.field.classification')}</th>
              <th scope="col">{t('assets.field.cia')}</th>
              <th scope="col">{t('assets.field.environment')}</th>
              <th scope="col">{t('assets.field.owner')}</th>
              <th scope="col">{t('assets.field.depends_on')}</th>
            </tr>
          </thead>
          <tbody>
            {r.new.slice(0, SHOWN).map((a) => (
              <tr>
                <td class="num">{a.row}</td>
                <td class="mono">
                  {a.ref}
                  {a.ref_assigned && <span class="sub">{t('assets.import.assigned')}</span>}
                </td>
                <td>
                  {a.name} {a.status === 'retired' && <StatusPill status="retired" />}
                </td>
                <td>{kindLabel(a.kind)}</td>
                <td>
                  <ClassificationPill value={a.classification} />
                </td>
                <td>
                  <CiaCompact c={a.confidentiality} i={a.integrity} a={a.availability} />
                </td>
                <td>{environmentLabel(a.environment)}</td>
                <td>{show(a.owner_email)}</td>
                <td class="mono">{show(a.depends_on.join('; '))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <More total={r.new.length} />
    </section>
  );
}

/** A dependency list change as what is added and what is removed, not two long lists. */
function DependencyDiff({ before, after }: { before: string | null; after: string | null }) {
  const split = (v: string | null) => (v ? v.split('; ') : []);
  const [b, a] = [split(before), split(after)];
  const added = a.filter((x) => !b.includes(x));
  const removed = b.filter((x) => !a.includes(x));
  return (
    <>
      {added.length > 0 && <ins class="mono">+ {added.join(', ')}</ins>}
      {added.length > 0 && removed.length > 0 && ' '}
      {removed.length > 0 && <del class="mono">− {removed.join(', ')}</del>}
    </>
  );
}

function Changes({ r }: { r: ImportResult }) {
  return (
    <section class="card" aria-labelledby="changes-h">
      <h2 id="changes-h">{t('assets.import.changesTitle', { n: r.changes.length })}</h2>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col" class="num">
                {t('assets.import.row')}
              </th>
              <th scope="col">{t('assets.import.asset')}</th>
              <th scope="col">{t('assets.import.what')}</th>
            </tr>
          </thead>
          <tbody>
            {r.changes.slice(0, SHOWN).map((ch) => (
              <tr>
                <td class="num">{ch.row}</td>
                <td>
                  <a href={`/assets/${ch.id}`}>
                    <span class="mono">{ch.ref}</span> {ch.name}
                  </a>
                </td>
                <td>
                  <ul class="small">
                    {ch.fields.map((f) => (
                      <li>
                        {t(`assets.field.${f.field === 'owner_email' ? 'owner' : f.field}`)}:{' '}
                        {f.field === 'depends_on' ? (
                          <DependencyDiff before={f.before} after={f.after} />
                        ) : (
                          <>
                            <del>{show(f.before)}</del> → <ins>{show(f.after)}</ins>
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <More total={r.changes.length} />
    </section>
  );
}

export function ImportPreview({ result: r, csv, csrf }: { result: ImportResult; csv: string; csrf: string }) {
  const writes = r.new.length + r.changes.length;
  return (
    <>
      <p class="eyebrow">
        <a href="/assets/import">{t('assets.import.title')}</a>
      </p>
      <PageHeader title={t('assets.import.previewTitle')} subtitle={t('assets.import.previewSubtitle', { rows: formatNumber(r.summary.rows) })} />
      <div class="stats">
        <Stat label={t('assets.import.new')} n={r.summary.new} />
        <Stat label={t('assets.import.changes')} n={r.summary.changes} />
        <Stat label={t('assets.import.unchanged')} n={r.summary.unchanged} />
        <Stat label={t('assets.import.errors')} n={r.summary.errors} />
      </div>
      {r.errors.length > 0 ? (
        <Errors r={r} />
      ) : writes === 0 ? (
        <div class="alert alert--ok" role="status">
          {t('assets.import.nothing')}
        </div>
      ) : (
        <form method="post" action="/assets/import/apply" class="card">
          <CsrfField token={csrf} />
          <input type="hidden" name="csv" value={csv} />
          <p>{t('assets.import.confirmBody', { n: formatNumber(writes) })}</p>
          <div class="filters-actions">
            <button type="submit" class="btn">
              {t('assets.import.apply', { n: formatNumber(writes) })}
            </button>
            <a href="/assets/import">{t('assets.form.cancel')}</a>
          </div>
        </form>
      )}
      {r.new.length > 0 && <NewAssets r={r} />}
      {r.changes.length > 0 && <Changes r={r} />}
    </>
  );
}
