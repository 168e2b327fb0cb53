// The OSCAL import pages: upload or paste a catalog, then a dry-run preview to confirm (the confirm re-sends the JSON).
import type { FieldError } from '../../core/errors.js';
import { CsrfField, PageHeader, Pill, Stat } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { formatCount } from './format.js';
import type { ImportResult } from './schema.js';

export interface ImportFormProps {
  csrf: string;
  pasted: string;
  id: string;
  /** Limit on the uploaded file, in bytes. */
  maxBytes: number;
  error: { message: string; details: FieldError[] } | null;
}

export function ImportErrors({ error }: { error: NonNullable<ImportFormProps['error']> }) {
  return (
    <div class="alert alert--error" role="alert" tabindex={-1}>
      <h2>{t('frameworks.import.problem')}</h2>
      <p>{error.message}</p>
      {error.details.length > 0 && (
        <ul class="error-fields">
          {error.details.map((d) => (
            <li>
              <code>{d.field}</code>: {t(d.message)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ImportForm({ csrf, pasted, id, maxBytes, error }: ImportFormProps) {
  return (
    <>
      <p class="eyebrow">
        <a href="/frameworks">{t('frameworks.title')}</a>
      </p>
      <PageHeader title={t('frameworks.import.title')} subtitle={t('frameworks.import.subtitle')} />
      {error && <ImportErrors error={error} />}
      <div class="grid-2">
        <form method="post" action="/frameworks/import" enctype="multipart/form-data" class="card">
          <CsrfField token={csrf} />
          <div class="field">
            <label for="f-file">{t('frameworks.import.file')}</label>
            <p class="hint" id="f-file-hint">
              {t('frameworks.import.fileHint', { mb: formatCount(Math.round((maxBytes / 1024 / 1024) * 10) / 10) })}
            </p>
            <input id="f-file" type="file" name="file" accept=".json,application/json" aria-describedby="f-file-hint" />
          </div>
          <div class="field">
            <label for="f-json">{t('frameworks.import.paste')}</label>
            <textarea id="f-json" name="json" rows={8} spellcheck={false} class="mono">
              {pasted}
            </textarea>
          </div>
          <div class="field">
            <label for="f-id">{t('frameworks.import.id')}</label>
            <p class="hint" id="f-id-hint">
              {t('frameworks.import.idHint')}
            </p>
            <input id="f-id" name="id" type="text" value={id} maxlength={64} autocomplete="off" aria-describedby="f-id-hint" />
          </div>
          <button type="submit" class="btn">
            {t('frameworks.import.preview')}
          </button>
        </form>
        <section class="card" aria-labelledby="format-h">
          <h2 id="format-h">{t('frameworks.import.format')}</h2>
          <p>{t('frameworks.import.formatBody')}</p>
          <ul class="small">
            <li>{t('frameworks.import.rule.groups')}</li>
            <li>{t('frameworks.import.rule.controls')}</li>
            <li>{t('frameworks.import.rule.prose')}</li>
            <li>{t('frameworks.import.rule.props')}</li>
            <li>{t('frameworks.import.rule.again')}</li>
            <li>{t('frameworks.import.rule.withdrawn')}</li>
          </ul>
        </section>
      </div>
    </>
  );
}

// A catalog of a thousand controls would make a page nobody reads; the counts stay complete.
const SHOWN = 300;
const More = ({ total }: { total: number }) => (total > SHOWN ? <p class="muted small">{t('frameworks.import.more', { shown: formatCount(SHOWN), total: formatCount(total) })}</p> : null);

function RefList({ id, title, items, extra }: { id: string; title: string; items: { ref: string; title: string }[]; extra?: (i: number) => string }) {
  if (!items.length) return null;
  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {title} ({formatCount(items.length)})
      </h2>
      <ul>
        {items.slice(0, SHOWN).map((r, i) => (
          <li>
            <span class="mono">{r.ref}</span> {r.title}
            {extra && <span class="muted small"> · {extra(i)}</span>}
          </li>
        ))}
      </ul>
      <More total={items.length} />
    </section>
  );
}

export function ImportPreview({ result: r, json, id, csrf }: { result: ImportResult; json: string; id: string; csrf: string }) {
  const writes = r.summary.added + r.summary.changed + r.summary.restored + r.summary.removed + r.summary.withdrawn;
  return (
    <>
      <p class="eyebrow">
        <a href="/frameworks/import">{t('frameworks.import.title')}</a>
      </p>
      <PageHeader
        title={t('frameworks.import.previewTitle', { name: r.framework.name })}
        subtitle={t('frameworks.import.previewSubtitle', { id: r.framework.id, version: r.framework.version, n: formatCount(r.summary.requirements) })}
      />
      <p>{r.framework.exists ? <Pill tone="info">{t('frameworks.import.updates')}</Pill> : <Pill tone="ok">{t('frameworks.import.creates')}</Pill>}</p>
      <div class="stats">
        <Stat label={t('frameworks.import.added')} value={formatCount(r.summary.added)} />
        <Stat label={t('frameworks.import.changed')} value={formatCount(r.summary.changed + r.summary.restored)} />
        <Stat label={t('frameworks.import.removed')} value={formatCount(r.summary.removed + r.summary.withdrawn)} />
        <Stat label={t('frameworks.import.unchanged')} value={formatCount(r.summary.unchanged)} />
        {r.summary.skipped > 0 && <Stat label={t('frameworks.import.skipped')} value={formatCount(r.summary.skipped)} />}
      </div>
      {r.warnings.length > 0 && (
        <div class="alert alert--warn" role="status">
          <h2>{t('frameworks.import.warnings')}</h2>
          <ul>
            {r.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <form method="post" action="/frameworks/import/apply" class="card">
        <CsrfField token={csrf} />
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="json" value={json} />
        <p>{writes === 0 && r.framework.exists ? t('frameworks.import.nothing') : t('frameworks.import.confirmBody')}</p>
        <div class="filters-actions">
          {(writes > 0 || !r.framework.exists) && (
            <button type="submit" class="btn">
              {t('frameworks.import.apply')}
            </button>
          )}
          <a href="/frameworks/import">{t('frameworks.import.cancel')}</a>
        </div>
      </form>
      <RefList id="added" title={t('frameworks.import.added')} items={r.added} />
      <RefList id="changed" title={t('frameworks.import.changed')} items={r.changed} extra={(i) => r.changed[i]!.fields.map((f) => t(`frameworks.change.${f}`)).join(', ')} />
      <RefList id="restored" title={t('frameworks.import.restored')} items={r.restored} />
      <RefList id="removed" title={t('frameworks.import.removed')} items={r.removed} />
      <RefList id="withdrawn" title={t('frameworks.import.withdrawn')} items={r.withdrawn} extra={(i) => t(`frameworks.import.reason.${r.withdrawn[i]!.reason}`)} />
    </>
  );
}
