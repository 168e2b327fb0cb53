// The requirement page: our paraphrase, attributes, parent and sub-requirements, the controls that
// meet it, and the licensed text the organisation keeps (editable for frameworks.manage).
import type { AuditEventOut } from '../../audit/schema.js';
import { CsrfField, PageHeader, Pill } from '../../web/components.js';
import { formatDateTime, t, tOr } from '../../web/i18n.js';
import { formatCount } from './format.js';
import { isIso27002AttributeKey } from './attributes.js';
import { LICENSED_TEXT_MAX } from './schema.js';
import type { RequirementDetail } from './service.js';
import { frameworkHref, kindLabel, requirementHref } from './views.js';

export interface RequirementViewProps {
  detail: RequirementDetail;
  canManage: boolean;
  csrf: string;
  history: AuditEventOut[];
  timeZone: string;
  /** The text just posted, kept when it was refused, with the reason. */
  draft?: { text: string; error: string } | undefined;
  saved?: boolean;
}

const attributeLabel = (key: string) => (isIso27002AttributeKey(key) ? t(`frameworks.attr.${key}`) : key);
const valueLabel = (key: string, v: string) => (isIso27002AttributeKey(key) ? tOr(`frameworks.attrValue.${v}`, v) : v);

function Attributes({ attributes }: { attributes: Record<string, string[]> }) {
  const entries = Object.entries(attributes);
  if (!entries.length) return <p class="muted">{t('frameworks.attributes.none')}</p>;
  return (
    <dl class="facts">
      {entries.map(([k, vs]) => (
        <>
          <dt>{attributeLabel(k)}</dt>
          <dd>
            <ul class="chips">
              {vs.map((v) => (
                <li class="chip">{valueLabel(k, v)}</li>
              ))}
            </ul>
          </dd>
        </>
      ))}
    </dl>
  );
}

function LicensedText({ detail, canManage, csrf, draft, saved }: Pick<RequirementViewProps, 'detail' | 'canManage' | 'csrf' | 'draft' | 'saved'>) {
  const r = detail.requirement;
  const action = `${requirementHref(detail.framework.id, r.ref)}/licensed-text`;
  return (
    <section class="card" aria-labelledby="licensed-h">
      <h2 id="licensed-h">{t('frameworks.licensed.title')}</h2>
      <p class="small muted">{t('frameworks.licensed.basis')}</p>
      {saved && (
        <div class="alert alert--ok" role="status">
          {t('frameworks.licensed.saved')}
        </div>
      )}
      {!canManage &&
        (r.licensed_text ? (
          <div class="prose">
            {r.licensed_text.split(/\n{2,}/).map((p) => (
              <p>{p}</p>
            ))}
          </div>
        ) : (
          <p class="muted">{t('frameworks.licensed.noneReadOnly')}</p>
        ))}
      {canManage && (
        <form method="post" action={action}>
          <CsrfField token={csrf} />
          <div class={draft ? 'field field--error' : 'field'}>
            <label for="f-licensed_text">{t('frameworks.licensed.label')}</label>
            <p class="hint" id="f-licensed_text-hint">
              {t('frameworks.licensed.hint', { max: formatCount(LICENSED_TEXT_MAX) })}
            </p>
            <textarea
              id="f-licensed_text"
              name="licensed_text"
              rows={8}
              maxlength={LICENSED_TEXT_MAX}
              aria-describedby={draft ? 'f-licensed_text-hint f-licensed_text-err' : 'f-licensed_text-hint'}
              aria-invalid={draft ? 'true' : undefined}
            >
              {draft ? draft.text : (r.licensed_text ?? '')}
            </textarea>
            {draft && (
              <p class="error" id="f-licensed_text-err">
                {draft.error}
              </p>
            )}
          </div>
          <div class="filters-actions">
            <button type="submit" class="btn">
              {t('frameworks.licensed.save')}
            </button>
            {r.licensed_text && (
              <button type="submit" class="btn btn--ghost" name="remove" value="1" data-confirm={t('frameworks.licensed.removeConfirm')}>
                {t('frameworks.licensed.remove')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

function History({ events, timeZone }: { events: AuditEventOut[]; timeZone: string }) {
  return (
    <section class="card" aria-labelledby="history-h">
      <h2 id="history-h">{t('frameworks.history.title')}</h2>
      {events.length === 0 ? (
        <p class="muted">{t('frameworks.history.none')}</p>
      ) : (
        <ol class="events">
          {events.map((e) => {
            const after = (e.after as { licensed_text?: { length: number } | null } | null)?.licensed_text;
            return (
              <li>
                <span class="what">
                  <strong>{after ? t('frameworks.history.set', { n: formatCount(after.length) }) : t('frameworks.history.removed')}</strong>
                </span>
                <time class="when" datetime={e.occurred_at}>
                  {formatDateTime(e.occurred_at, timeZone)}
                </time>
                <span class="who">{t('frameworks.history.by', { who: e.actor.label })}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

export function RequirementView({ detail, canManage, csrf, history, timeZone, draft, saved }: RequirementViewProps) {
  const { framework: f, requirement: r, group, parent, children, controls } = detail;
  return (
    <>
      <p class="eyebrow">
        <a href="/frameworks">{t('frameworks.title')}</a> › <a href={frameworkHref(f.id)}>{f.name}</a>
      </p>
      <PageHeader title={`${r.ref} ${r.title}`} subtitle={[kindLabel(r.kind), group ? (group.ref === group.title ? group.title : `${group.ref} ${group.title}`) : ''].filter(Boolean).join(' · ')} />
      {r.withdrawn_at && (
        <div class="alert alert--warn" role="status">
          {t('frameworks.withdrawnNotice', { when: formatDateTime(r.withdrawn_at, timeZone) })}
        </div>
      )}
      <div class="grid-2">
        <div class="stack">
          <section class="card" aria-labelledby="paraphrase-h">
            <h2 id="paraphrase-h">{t('frameworks.paraphrase.title')}</h2>
            <p class="lead">{r.paraphrase}</p>
            <p class="small muted">{f.origin === 'bundled' ? t('frameworks.paraphrase.basis') : t('frameworks.paraphrase.basisOscal')}</p>
            <dl class="facts">
              <dt>{t('frameworks.field.key')}</dt>
              <dd class="mono">{r.key}</dd>
              {parent && (
                <>
                  <dt>{t('frameworks.field.parent')}</dt>
                  <dd>
                    <a href={requirementHref(f.id, parent.ref)}>
                      {parent.ref} {parent.title}
                    </a>
                  </dd>
                </>
              )}
            </dl>
            {children.length > 0 && (
              <>
                <h3>{t('frameworks.children.title')}</h3>
                <ul>
                  {children.map((c) => (
                    <li>
                      <a href={requirementHref(f.id, c.ref)}>
                        {c.ref} {c.title}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
          <section class="card" aria-labelledby="attributes-h">
            <h2 id="attributes-h">{t('frameworks.attributes.title')}</h2>
            <Attributes attributes={r.attributes} />
          </section>
          {controls !== null && (
            <section class="card" aria-labelledby="controls-h">
              <h2 id="controls-h">{t('frameworks.controls.title', { n: controls.length })}</h2>
              {controls.length === 0 ? (
                <p class="muted">
                  {t('frameworks.controls.empty')} <a href="/controls">{t('frameworks.controls.go')}</a>
                </p>
              ) : (
                <ul>
                  {controls.map((c) => (
                    <li>
                      <a href={`/controls/${c.id}`}>
                        <span class="mono">{c.ref}</span> {c.title}
                      </a>{' '}
                      <Pill tone="muted">{tOr(`frameworks.level.${c.level}`, c.level)}</Pill>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
        </div>
        <div class="stack">
          <LicensedText detail={detail} canManage={canManage} csrf={csrf} draft={draft} saved={saved ?? false} />
          {history.length > 0 || canManage ? <History events={history} timeZone={timeZone} /> : null}
        </div>
      </div>
    </>
  );
}
