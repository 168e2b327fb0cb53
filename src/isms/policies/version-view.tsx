// Version pages: one version with its approvals, the draft editor with preview, and the line diff.
import { CsrfField, ErrorSummary, PageHeader } from '../../web/components.js';
import { formatDateTime, formatNumber, t } from '../../web/i18n.js';
import { foldUnchanged, type DiffLine } from './line-diff.js';
import { PolicyDocument, VersionPill } from './parts.js';
import { MAX_BODY, type DiffOut, type PolicyOut, type VersionOut } from './schema.js';

const Crumbs = ({ policy }: { policy: PolicyOut }) => (
  <p class="eyebrow">
    <a href="/policies">{t('policies.title')}</a> › <a href={`/policies/${policy.id}`}>{policy.ref}</a>
  </p>
);

export interface VersionViewProps {
  policy: PolicyOut;
  version: VersionOut;
  html: string;
  can: { write: boolean; approve: boolean; drafts: boolean };
  csrf: string;
  timeZone: string;
  flash: string | null;
}

function Step({ label, who, when, timeZone }: { label: string; who: string | null; when: string | null; timeZone: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{who && when ? t('policies.version.byOn', { who, when: formatDateTime(when, timeZone) }) : '—'}</dd>
    </>
  );
}

export function VersionView({ policy, version: v, html, can, csrf, timeZone, flash }: VersionViewProps) {
  const actions = (
    <>
      {can.write && v.status === 'draft' && (
        <a class="btn btn--ghost" href={`/policies/${policy.id}/draft`}>
          {t('policies.action.edit')}
        </a>
      )}
      {can.approve && v.status === 'draft' && (
        <form method="post" action={`/policies/${policy.id}/versions/${v.number}/approve`} class="inline">
          <CsrfField token={csrf} />
          <button type="submit" class="btn" data-confirm={t('policies.version.approveConfirm')}>
            {t('policies.action.approve')}
          </button>
        </form>
      )}
      {can.approve && v.status === 'approved' && (
        <form method="post" action={`/policies/${policy.id}/versions/${v.number}/publish`} class="inline">
          <CsrfField token={csrf} />
          <button type="submit" class="btn" data-confirm={t('policies.version.publishConfirm')}>
            {t('policies.action.publish')}
          </button>
        </form>
      )}
    </>
  );
  return (
    <>
      <Crumbs policy={policy} />
      <PageHeader title={t('policies.version.title', { title: policy.title, n: v.number })} actions={actions} />
      {flash && (
        <div class="alert alert--ok" role="status">
          <p>{flash}</p>
        </div>
      )}
      {v.status === 'draft' && !can.approve && (
        <div class="notice">
          <p>{t('policies.version.draftNote')}</p>
        </div>
      )}
      <div class="grid-2 policy-grid">
        <section class="card" aria-labelledby="doc-h">
          <div class="card-head">
            <h2 id="doc-h">{t('policies.detail.textOf', { n: v.number })}</h2>
            <VersionPill status={v.status} />
          </div>
          {v.body.trim() ? <PolicyDocument html={html} label={policy.title} /> : <p class="muted">{t('policies.version.empty')}</p>}
        </section>
        <section class="card" aria-labelledby="vfacts-h">
          <h2 id="vfacts-h">{t('policies.detail.facts')}</h2>
          <dl class="facts">
            <dt>{t('policies.field.status')}</dt>
            <dd>
              <VersionPill status={v.status} />
            </dd>
            <dt>{t('policies.field.changeSummary')}</dt>
            <dd>{v.change_summary || '—'}</dd>
            <Step label={t('policies.field.created')} who={v.created_by} when={v.created_at} timeZone={timeZone} />
            <Step label={t('policies.field.approved')} who={v.approved_by} when={v.approved_at} timeZone={timeZone} />
            <Step label={t('policies.field.published')} who={v.published_by} when={v.published_at} timeZone={timeZone} />
            {v.superseded_at && (
              <>
                <dt>{t('policies.status.superseded')}</dt>
                <dd>{formatDateTime(v.superseded_at, timeZone)}</dd>
              </>
            )}
            <dt>{t('policies.field.sha256')}</dt>
            <dd class="mono small hash">{v.body_sha256}</dd>
          </dl>
          {can.drafts && v.number > 1 && (
            <p>
              <a href={`/policies/${policy.id}/diff?from=${v.number - 1}&to=${v.number}`}>{t('policies.action.changesFrom', { n: v.number - 1 })}</a>
            </p>
          )}
        </section>
      </div>
    </>
  );
}

export interface DraftEditorProps {
  policy: PolicyOut;
  /** The draft being edited, or null when saving starts a new one. */
  draftNumber: number | null;
  body: string;
  changeSummary: string;
  preview: string | null;
  errors: { field: string; message: string }[];
  csrf: string;
}

export function DraftEditor({ policy, draftNumber, body, changeSummary, preview, errors, csrf }: DraftEditorProps) {
  const shown = errors.map((e) => ({ field: e.field, message: t(e.message) }));
  const err = (f: string) => shown.find((e) => e.field === f)?.message;
  return (
    <>
      <Crumbs policy={policy} />
      <PageHeader
        title={draftNumber === null ? t('policies.draft.newTitle', { title: policy.title }) : t('policies.draft.editTitle', { title: policy.title, n: draftNumber })}
        subtitle={t(draftNumber === null ? 'policies.draft.newSubtitle' : 'policies.draft.editSubtitle')}
      />
      <ErrorSummary errors={shown} />
      <form method="post" action={`/policies/${policy.id}/draft`} class="card draft-form" novalidate>
        <CsrfField token={csrf} />
        <div class={err('body') ? 'field field--wide field--error' : 'field field--wide'}>
          <label for="f-body">{t('policies.field.body')}</label>
          <p class="hint" id="f-body-hint">
            {t('policies.draft.bodyHint', { max: formatNumber(MAX_BODY) })}
          </p>
          <textarea id="f-body" name="body" rows={24} maxlength={MAX_BODY} class="mono" aria-describedby={err('body') ? 'f-body-hint f-body-err' : 'f-body-hint'} aria-invalid={err('body') ? 'true' : undefined}>
            {/* A browser drops one newline right after <textarea>: this one, so the text keeps its own. */}
            {'\n' + body}
          </textarea>
          {err('body') && (
            <p class="error" id="f-body-err">
              {err('body')}
            </p>
          )}
        </div>
        <div class={err('change_summary') ? 'field field--error' : 'field'}>
          <label for="f-change_summary">{t('policies.field.changeSummary')}</label>
          <p class="hint" id="f-change_summary-hint">
            {t('policies.draft.summaryHint')}
          </p>
          <input id="f-change_summary" name="change_summary" value={changeSummary} maxlength={500} aria-describedby="f-change_summary-hint" />
          {err('change_summary') && <p class="error">{err('change_summary')}</p>}
        </div>
        <div class="filters-actions">
          <button type="submit" class="btn" name="intent" value="save">
            {t('policies.draft.save')}
          </button>
          <button type="submit" class="btn btn--ghost" name="intent" value="preview">
            {t('policies.draft.preview')}
          </button>
          <a href={`/policies/${policy.id}`}>{t('policies.form.cancel')}</a>
        </div>
      </form>
      {preview !== null && (
        <section class="card" aria-labelledby="preview-h">
          <h2 id="preview-h">{t('policies.draft.previewTitle')}</h2>
          <PolicyDocument html={preview} label={t('policies.draft.previewTitle')} />
        </section>
      )}
    </>
  );
}

export interface DiffViewProps {
  policy: PolicyOut;
  versions: number[];
  diff: DiffOut | null;
  from: number | null;
  to: number | null;
}

function DiffRow({ line }: { line: DiffLine | { op: 'gap'; count: number } }) {
  if (line.op === 'gap') {
    return (
      <tr class="diff-gap">
        <td colspan={3}>{t('policies.diff.gap', { n: line.count })}</td>
      </tr>
    );
  }
  const mark = line.op === 'add' ? '+' : line.op === 'del' ? '−' : ' ';
  const label = line.op === 'add' ? t('policies.diff.added') : line.op === 'del' ? t('policies.diff.removed') : '';
  return (
    <tr class={`diff-${line.op}`}>
      <td class="num">{line.old_no ?? ''}</td>
      <td class="num">{line.new_no ?? ''}</td>
      <td class="diff-text">
        <span aria-hidden="true" class="diff-mark">
          {mark}
        </span>
        {label && <span class="visually-hidden">{label}: </span>}
        {line.text}
      </td>
    </tr>
  );
}

export function DiffView({ policy, versions, diff, from, to }: DiffViewProps) {
  const select = (name: 'from' | 'to', value: number | null) => (
    <div class="field">
      <label for={`f-${name}`}>{t(`policies.diff.${name}`)}</label>
      <select id={`f-${name}`} name={name}>
        {versions.map((n) => (
          <option value={String(n)} selected={n === value}>
            {t('policies.list.versionN', { n })}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <Crumbs policy={policy} />
      <PageHeader title={t('policies.diff.title', { title: policy.title })} />
      <form class="filters" method="get" action={`/policies/${policy.id}/diff`} aria-label={t('policies.diff.choose')}>
        {select('from', from)}
        {select('to', to)}
        <div class="filters-actions">
          <button type="submit" class="btn">
            {t('policies.diff.show')}
          </button>
        </div>
      </form>
      {!diff ? (
        <p class="muted">{t('policies.diff.needTwo')}</p>
      ) : (
        <section class="card" aria-labelledby="diff-h">
          <div class="card-head">
            <h2 id="diff-h">{t('policies.diff.summary', { from: diff.from, to: diff.to, added: diff.added, removed: diff.removed })}</h2>
          </div>
          {diff.approximate && <p class="muted">{t('policies.diff.approximate')}</p>}
          {diff.added + diff.removed === 0 ? (
            <p class="muted">{t('policies.diff.same')}</p>
          ) : (
            <div class="table-wrap">
              <table class="data line-diff">
                <caption class="visually-hidden">{t('policies.diff.caption', { from: diff.from, to: diff.to })}</caption>
                <thead>
                  <tr>
                    <th scope="col" class="num">
                      {t('policies.list.versionN', { n: diff.from })}
                    </th>
                    <th scope="col" class="num">
                      {t('policies.list.versionN', { n: diff.to })}
                    </th>
                    <th scope="col">{t('policies.diff.line')}</th>
                  </tr>
                </thead>
                <tbody>
                  {foldUnchanged(diff.lines).map((l) => (
                    <DiffRow line={l} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
