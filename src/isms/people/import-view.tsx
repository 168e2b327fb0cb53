// The CSV import pages: upload or paste, then a dry-run preview to confirm (the confirm re-sends the file).
import { CsrfField, PageHeader, Pill } from '../../web/components.js';
import { formatDate, formatNumber, t } from '../../web/i18n.js';
import { CSV_COLUMNS } from './csv.js';
import type { ImportResult, MissingMode } from './schema.js';
import { StatusPill } from './views.js';

const EXAMPLE = `name,email,department,manager_email,end_date
Laura Virtanen,laura@example.com,Management,,
Mikko Nieminen,mikko@example.com,Engineering,laura@example.com,2026-12-31`;

function MissingChoice({ value }: { value: MissingMode }) {
  return (
    <fieldset class="choices">
      <legend>{t('people.import.missing')}</legend>
      {(['ignore', 'mark_left'] as const).map((m) => (
        <div class="choice">
          <input type="radio" id={`f-missing-${m}`} name="missing" value={m} checked={value === m} />
          <label for={`f-missing-${m}`}>{t(`people.import.missing.${m}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

export interface ImportFormProps {
  csrf: string;
  pasted: string;
  missing: MissingMode;
  /** A problem with the file as a whole (unreadable, wrong columns), already translated. */
  error: { message: string; details: string[] } | null;
}

export function ImportForm({ csrf, pasted, missing, error }: ImportFormProps) {
  return (
    <>
      <p class="eyebrow">
        <a href="/people">{t('people.title')}</a>
      </p>
      <PageHeader title={t('people.import.title')} subtitle={t('people.import.subtitle')} />
      {error && (
        <div class="alert alert--error" role="alert" tabindex={-1}>
          <h2>{t('people.import.fileProblem')}</h2>
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
        <form method="post" action="/people/import" enctype="multipart/form-data" class="card">
          <CsrfField token={csrf} />
          <div class="field">
            <label for="f-file">{t('people.import.file')}</label>
            <p class="hint" id="f-file-hint">
              {t('people.import.fileHint')}
            </p>
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" aria-describedby="f-file-hint" />
          </div>
          <div class="field">
            <label for="f-csv">{t('people.import.paste')}</label>
            <textarea id="f-csv" name="csv" rows={8} spellcheck={false} class="mono">
              {pasted}
            </textarea>
          </div>
          <MissingChoice value={missing} />
          <button type="submit" class="btn">
            {t('people.import.preview')}
          </button>
        </form>
        <section class="card" aria-labelledby="format-h">
          <h2 id="format-h">{t('people.import.format')}</h2>
          <p>{t('people.import.formatBody')}</p>
          <p>
            <code>{CSV_COLUMNS.join(',')}</code>
          </p>
          <ul class="small">
            <li>{t('people.import.rule.required')}</li>
            <li>{t('people.import.rule.manager')}</li>
            <li>{t('people.import.rule.status')}</li>
            <li>{t('people.import.rule.dates')}</li>
            <li>{t('people.import.rule.missingColumns')}</li>
          </ul>
          <pre class="mono small">{EXAMPLE}</pre>
          <p>
            <a href="/people/export.csv">{t('people.import.template')}</a>
          </p>
        </section>
      </div>
    </>
  );
}

// A 10,000-row file would make a page nobody reads; the counts above stay complete.
const SHOWN = 500;
const More = ({ total }: { total: number }) => (total > SHOWN ? <p class="muted small">{t('people.import.more', { shown: formatNumber(SHOWN), total: formatNumber(total) })}</p> : null);

const show = (v: string | null) => (v === null || v === '' ? '—' : v);
const fieldLabel = (f: string) => t(`people.field.${f === 'manager_email' ? 'manager' : f}`);

export function ImportPreview({ result, csv, csrf }: { result: ImportResult; csv: string; csrf: string }) {
  const r = result;
  const marking = r.leaves.filter((l) => l.action === 'mark_left').length;
  const writes = r.joins.length + r.changes.length + marking;
  const stat = (label: string, n: number) => (
    <div class="stat">
      <p class="stat-label">{label}</p>
      <p class="stat-value">{formatNumber(n)}</p>
    </div>
  );
  return (
    <>
      <p class="eyebrow">
        <a href="/people/import">{t('people.import.title')}</a>
      </p>
      <PageHeader title={t('people.import.previewTitle')} subtitle={t('people.import.previewSubtitle', { rows: formatNumber(r.summary.rows) })} />
      <div class="stats">
        {stat(t('people.import.joins'), r.summary.joins)}
        {stat(t('people.import.changes'), r.summary.changes)}
        {stat(t('people.import.unchanged'), r.summary.unchanged)}
        {stat(t('people.import.leaves'), r.summary.leaves)}
        {stat(t('people.import.errors'), r.summary.errors)}
      </div>
      {r.errors.length > 0 ? (
        <section class="card" aria-labelledby="errors-h">
          <div class="alert alert--error" role="alert" tabindex={-1}>
            <h2 id="errors-h">{t('people.import.errorsTitle', { n: r.errors.length })}</h2>
            <p>{t('people.import.errorsBody')}</p>
          </div>
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">{t('people.import.errors')}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">{t('people.import.row')}</th>
                  <th scope="col">{t('people.import.column')}</th>
                  <th scope="col">{t('people.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {r.errors.slice(0, SHOWN).map((e) => (
                  <tr>
                    <td class="num">{e.row}</td>
                    <td class="mono">{e.field}</td>
                    <td>{t(e.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <More total={r.errors.length} />
          <p>
            <a class="btn" href="/people/import">
              {t('people.import.again')}
            </a>
          </p>
        </section>
      ) : writes === 0 ? (
        <div class="alert alert--ok" role="status">
          {t('people.import.nothing')}
        </div>
      ) : (
        <form method="post" action="/people/import/apply" class="card">
          <CsrfField token={csrf} />
          <input type="hidden" name="csv" value={csv} />
          <input type="hidden" name="missing" value={r.missing} />
          <p>{t('people.import.confirmBody', { n: formatNumber(writes) })}</p>
          <div class="filters-actions">
            <button type="submit" class="btn">
              {t('people.import.apply', { n: formatNumber(writes) })}
            </button>
            <a href="/people/import">{t('people.form.cancel')}</a>
          </div>
        </form>
      )}
      {r.joins.length > 0 && (
        <section class="card" aria-labelledby="joins-h">
          <h2 id="joins-h">{t('people.import.joinsTitle', { n: r.joins.length })}</h2>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col" class="num">{t('people.import.row')}</th>
                  <th scope="col">{t('people.field.name')}</th>
                  <th scope="col">{t('people.field.email')}</th>
                  <th scope="col">{t('people.field.title')}</th>
                  <th scope="col">{t('people.field.department')}</th>
                  <th scope="col">{t('people.field.manager')}</th>
                  <th scope="col">{t('people.field.status')}</th>
                  <th scope="col">{t('people.field.start_date')}</th>
                </tr>
              </thead>
              <tbody>
                {r.joins.slice(0, SHOWN).map((j) => (
                  <tr>
                    <td class="num">{j.row}</td>
                    <td>{j.name}</td>
                    <td>{j.email}</td>
                    <td>{show(j.title)}</td>
                    <td>{show(j.department)}</td>
                    <td>{show(j.manager_email)}</td>
                    <td>
                      <StatusPill status={j.status} />
                    </td>
                    <td class="nowrap">{formatDate(j.start_date)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <More total={r.joins.length} />
        </section>
      )}
      {r.changes.length > 0 && (
        <section class="card" aria-labelledby="changes-h">
          <h2 id="changes-h">{t('people.import.changesTitle', { n: r.changes.length })}</h2>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col" class="num">{t('people.import.row')}</th>
                  <th scope="col">{t('people.field.name')}</th>
                  <th scope="col">{t('people.import.what')}</th>
                </tr>
              </thead>
              <tbody>
                {r.changes.slice(0, SHOWN).map((ch) => (
                  <tr>
                    <td class="num">{ch.row}</td>
                    <td>
                      <a href={`/people/${ch.id}`}>{ch.name}</a>
                      <br />
                      <span class="muted small">{ch.email}</span>
                    </td>
                    <td>
                      <ul class="small">
                        {ch.fields.map((f) => (
                          <li>
                            {fieldLabel(f.field)}: <del>{show(f.before)}</del> → <ins>{show(f.after)}</ins>
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
      )}
      {r.leaves.length > 0 && (
        <section class="card" aria-labelledby="leaves-h">
          <h2 id="leaves-h">{t('people.import.leavesTitle', { n: r.leaves.length })}</h2>
          <p class="muted">{r.missing === 'mark_left' ? t('people.import.leavesMark') : t('people.import.leavesReport')}</p>
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{t('people.field.name')}</th>
                  <th scope="col">{t('people.field.email')}</th>
                  <th scope="col">{t('people.field.status')}</th>
                  <th scope="col">{t('people.import.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {r.leaves.slice(0, SHOWN).map((l) => (
                  <tr>
                    <td>
                      <a href={`/people/${l.id}`}>{l.name}</a>
                    </td>
                    <td>{l.email}</td>
                    <td>
                      <StatusPill status={l.status} />
                    </td>
                    <td>
                      {l.action === 'mark_left' ? (
                        <Pill tone="warn">{t('people.import.outcome.mark', { date: formatDate(l.end_date) })}</Pill>
                      ) : (
                        <span class="muted">{t('people.import.outcome.report')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <More total={r.leaves.length} />
        </section>
      )}
    </>
  );
}
