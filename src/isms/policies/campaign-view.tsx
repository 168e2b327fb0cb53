// Campaign pages: the start form (everyone, a department or chosen people; a due date) and one
// campaign's progress, per-person states and reminders.
import { CompletionBar } from '../../web/charts.js';
import { CsrfField, EmptyState, ErrorSummary, Field, PageHeader, Pagination, Pill, type ListState } from '../../web/components.js';
import { formatDateTime, formatNumber, t } from '../../web/i18n.js';
import { AckPill, CampaignPill, DueDate } from './parts.js';
import { ACK_STATES, type AckState, type CampaignDetailOut, type MemberOut, type PolicyOut } from './schema.js';

const Crumbs = ({ policy }: { policy: PolicyOut }) => (
  <p class="eyebrow">
    <a href="/policies">{t('policies.title')}</a> › <a href={`/policies/${policy.id}`}>{policy.ref}</a>
  </p>
);

export const CAMPAIGN_FIELDS = ['audience', 'department', 'person_ids', 'due_date'] as const;
export interface CampaignFormValues {
  audience: string;
  department: string;
  person_ids: string[];
  due_date: string;
}

export interface CampaignFormProps {
  policy: PolicyOut;
  values: CampaignFormValues;
  errors: { field: string; message: string }[];
  departments: { name: string; count: number }[];
  people: { id: string; name: string; department: string | null }[];
  everyone: number;
  csrf: string;
}

export function CampaignForm({ policy, values, errors, departments, people, everyone, csrf }: CampaignFormProps) {
  // Errors about one chosen person (person_ids.3) show at the people field.
  const shown = errors.map((e) => ({ field: e.field.startsWith('person_ids') ? 'person_ids' : e.field, message: t(e.message) }));
  const err = (f: string) => shown.find((e) => e.field === f)?.message;
  const radio = (value: string, label: string, hint: string) => (
    <label class="choice">
      <input type="radio" name="audience" value={value} checked={values.audience === value} />
      <span>
        <strong>{label}</strong>
        <span class="hint">{hint}</span>
      </span>
    </label>
  );
  return (
    <>
      <Crumbs policy={policy} />
      <PageHeader title={t('policies.campaign.newTitle')} subtitle={t('policies.campaign.newSubtitle', { title: policy.title, n: policy.published_version ?? '' })} />
      <ErrorSummary errors={shown} />
      <form method="post" action={`/policies/${policy.id}/campaigns/new`} class="card" novalidate>
        <CsrfField token={csrf} />
        <fieldset class="choices" id="f-audience">
          <legend>{t('policies.campaign.who')}</legend>
          {radio('all', t('policies.campaign.audience.all'), t('policies.campaign.allHint', { n: everyone }))}
          {radio('department', t('policies.campaign.aDepartment'), t('policies.campaign.departmentHint'))}
          {radio('people', t('policies.campaign.audience.people'), t('policies.campaign.peopleHint'))}
          {err('audience') && <p class="error">{err('audience')}</p>}
        </fieldset>
        <div class={err('department') ? 'field field--error' : 'field'}>
          <label for="f-department">{t('policies.campaign.department')}</label>
          <select id="f-department" name="department" aria-invalid={err('department') ? 'true' : undefined}>
            <option value="">{t('policies.campaign.chooseDepartment')}</option>
            {departments.map((d) => (
              <option value={d.name} selected={d.name === values.department}>
                {t('policies.campaign.departmentOption', { name: d.name, n: d.count })}
              </option>
            ))}
          </select>
          {err('department') && <p class="error">{err('department')}</p>}
        </div>
        <div class={err('person_ids') ? 'field field--error' : 'field'}>
          <label for="f-person_ids">{t('policies.campaign.people')}</label>
          <p class="hint" id="f-person_ids-hint">
            {t('policies.campaign.peopleSelectHint')}
          </p>
          <select id="f-person_ids" name="person_ids" multiple size={10} aria-describedby="f-person_ids-hint" aria-invalid={err('person_ids') ? 'true' : undefined}>
            {people.map((p) => (
              <option value={p.id} selected={values.person_ids.includes(p.id)}>
                {p.department ? `${p.name} · ${p.department}` : p.name}
              </option>
            ))}
          </select>
          {err('person_ids') && <p class="error">{err('person_ids')}</p>}
        </div>
        <Field name="due_date" label={t('policies.campaign.dueDate')} type="date" value={values.due_date} error={err('due_date')} required />
        <div class="filters-actions">
          <button type="submit" class="btn">
            {t('policies.campaign.start')}
          </button>
          <a href={`/policies/${policy.id}`}>{t('policies.form.cancel')}</a>
        </div>
      </form>
    </>
  );
}

export interface CampaignViewProps {
  policy: PolicyOut;
  campaign: CampaignDetailOut;
  /** The members on this page (after the state filter). */
  members: MemberOut[];
  state: ListState;
  stateFilter: AckState | null;
  canRemind: boolean;
  mail: { configured: boolean; server: string | null };
  csrf: string;
  today: string;
  timeZone: string;
  flash: { tone: 'ok' | 'warn' | 'error'; text: string } | null;
}

function Reminders({ campaign: c, canRemind, mail, csrf, timeZone }: Pick<CampaignViewProps, 'campaign' | 'canRemind' | 'mail' | 'csrf' | 'timeZone'>) {
  const waiting = c.counts.pending + c.counts.overdue;
  const open = c.status === 'open' || c.status === 'overdue';
  return (
    <section class="card" aria-labelledby="reminders-h">
      <h2 id="reminders-h">{t('policies.reminders.title')}</h2>
      {!mail.configured && (
        <div class="notice">
          <p>
            <strong>{t('policies.reminders.noMail')}</strong> {t('policies.reminders.noMailBody')}
          </p>
        </div>
      )}
      {canRemind && open && waiting > 0 && (
        <form method="post" action={`/policies/${c.policy_id}/campaigns/${c.id}/remind`}>
          <CsrfField token={csrf} />
          {c.next_reminder_from ? (
            <p class="muted">{t('policies.reminders.next', { when: formatDateTime(c.next_reminder_from, timeZone) })}</p>
          ) : (
            <button type="submit" class="btn">
              {t('policies.reminders.send', { n: waiting })}
            </button>
          )}
        </form>
      )}
      {c.reminders.length === 0 ? (
        <p class="muted">{t('policies.reminders.none')}</p>
      ) : (
        <ol class="events">
          {c.reminders.map((r) => (
            <li>
              <span class="what">{t(`policies.reminders.outcome.${r.outcome}`, { n: r.recipients, delivered: r.delivered, failed: r.failed })}</span>
              <time class="when" datetime={r.sent_at}>
                {formatDateTime(r.sent_at, timeZone)}
              </time>
              <span class="who">{t('policies.history.by', { who: r.sent_by })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function StateFilter({ campaign: c, stateFilter }: Pick<CampaignViewProps, 'campaign' | 'stateFilter'>) {
  const base = `/policies/${c.policy_id}/campaigns/${c.id}`;
  return (
    <nav class="chips-nav" aria-label={t('policies.campaign.filter')}>
      <ul class="chips">
        <li>
          <a class="chip" href={base} aria-current={stateFilter === null ? 'true' : undefined}>
            {t('policies.filter.all')} ({formatNumber(c.counts.members)})
          </a>
        </li>
        {ACK_STATES.map((s) => (
          <li>
            <a class="chip" href={`${base}?state=${s}`} aria-current={stateFilter === s ? 'true' : undefined}>
              {t(`policies.ack.${s}`)} ({formatNumber(c.counts[s])})
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function CampaignView({ policy, campaign: c, members, state, stateFilter, canRemind, mail, csrf, today, timeZone, flash }: CampaignViewProps) {
  return (
    <>
      <Crumbs policy={policy} />
      <PageHeader
        title={t('policies.campaign.title', { title: policy.title, n: c.version })}
        subtitle={`${t(`policies.campaign.audience.${c.audience}`, { department: c.department ?? '' })} · ${t('policies.campaign.startedBy', { who: c.created_by, when: formatDateTime(c.created_at, timeZone) })}`}
      />
      {flash && (
        <div class={`alert alert--${flash.tone}`} role={flash.tone === 'error' ? 'alert' : 'status'}>
          <p>{flash.text}</p>
        </div>
      )}
      <div class="grid-2">
        <section class="card" aria-labelledby="progress-h">
          <div class="card-head">
            <h2 id="progress-h">{t('policies.campaign.progressTitle')}</h2>
            <CampaignPill state={c.status} />
          </div>
          <CompletionBar part={c.counts.acknowledged} total={c.counts.required} label={t('policies.campaign.progress', { done: c.counts.acknowledged, total: c.counts.required })} />
          <dl class="facts">
            <dt>{t('policies.campaign.dueDate')}</dt>
            <dd>
              <DueDate date={c.due_date} today={today} />
            </dd>
            <dt>{t('policies.ack.acknowledged')}</dt>
            <dd>{formatNumber(c.counts.acknowledged)}</dd>
            <dt>{t('policies.ack.pending')}</dt>
            <dd>{formatNumber(c.counts.pending)}</dd>
            <dt>{t('policies.ack.overdue')}</dt>
            <dd>{c.counts.overdue > 0 ? <Pill tone="bad">{formatNumber(c.counts.overdue)}</Pill> : '0'}</dd>
            <dt>{t('policies.ack.left')}</dt>
            <dd>{formatNumber(c.counts.left)}</dd>
          </dl>
          <p class="small muted">{t('policies.campaign.basis')}</p>
        </section>
        <Reminders campaign={c} canRemind={canRemind} mail={mail} csrf={csrf} timeZone={timeZone} />
      </div>
      <section class="card" aria-labelledby="members-h">
        <div class="card-head">
          <h2 id="members-h">{t('policies.campaign.members')}</h2>
        </div>
        <StateFilter campaign={c} stateFilter={stateFilter} />
        {members.length === 0 ? (
          <EmptyState title={t('policies.campaign.noneInState')} />
        ) : (
          <>
            {/* Focusable, so keyboard users can scroll a long table (WCAG 2.1.1). */}
            <div class="table-wrap" tabindex={0} role="region" aria-labelledby="members-h">
              <table class="data">
                <caption class="visually-hidden">{t('policies.campaign.members')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('policies.campaign.person')}</th>
                    <th scope="col">{t('policies.campaign.department')}</th>
                    <th scope="col">{t('policies.field.status')}</th>
                    <th scope="col">{t('policies.campaign.acknowledgedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr>
                      <td>
                        <a href={`/people/${m.person_id}`}>{m.name}</a>
                        <span class="sub">{m.email}</span>
                      </td>
                      <td>{m.department ?? '—'}</td>
                      <td>
                        <AckPill state={m.state} />
                      </td>
                      <td class="nowrap">{m.acknowledged_at ? formatDateTime(m.acknowledged_at, timeZone) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination state={state} />
          </>
        )}
      </section>
    </>
  );
}
