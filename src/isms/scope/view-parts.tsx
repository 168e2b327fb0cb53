// Page parts this area shares: text with line breaks, text areas, history lists, countdowns, list toolbars.
import type { Child } from 'hono/jsx';
import type { AuditEventOut } from '../../audit/schema.js';
import { Pill, type PillTone } from '../../web/components.js';
import { formatDateTime, t, tOr } from '../../web/i18n.js';
import { relativeDays } from './format.js';
import type { ObjectiveStatus, ReviewStatus } from './status.js';

/** Text that may hold line breaks, as paragraphs (blank lines) and line breaks (single ones). */
export function Paragraphs({ text, class: cls }: { text: string | null; class?: string }) {
  if (!text) return <p class="muted">—</p>;
  return (
    <>
      {text.split(/\n{2,}/).map((para) => (
        <p class={cls}>
          {para.split('\n').map((line, i) => (
            <>
              {i > 0 && <br />}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

export interface TextAreaProps {
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  rows?: number;
  maxlength?: number;
  /** The id when the name has characters an id should not (defaults to `f-<name>`). */
  id?: string;
}

/** A labelled text area, with its hint and error wired to it like `Field`. */
export function TextArea(p: TextAreaProps) {
  const id = p.id ?? `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field field--error field--wide' : 'field field--wide'}>
      <label for={id}>
        {p.label}
        {p.required && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      <textarea id={id} name={p.name} rows={p.rows ?? 4} maxlength={p.maxlength} required={p.required} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy}>
        {p.value}
      </textarea>
      {p.error && (
        <p class="error" id={`${id}-err`}>
          {p.error}
        </p>
      )}
    </div>
  );
}

/** "in 24 days" / "3 days ago", with the date itself for hover and machines. */
export const Countdown = ({ days, date }: { days: number; date: string }) => (
  <time class="countdown" datetime={date}>
    {relativeDays(days)}
  </time>
);

const OBJECTIVE_TONE: Record<ObjectiveStatus, PillTone> = { met: 'ok', on_track: 'info', at_risk: 'warn', missed: 'bad', no_data: 'muted' };
export const ObjectiveStatusPill = ({ status }: { status: ObjectiveStatus }) => <Pill tone={OBJECTIVE_TONE[status]}>{t(`scope.status.${status}`)}</Pill>;

const REVIEW_TONE: Record<ReviewStatus, PillTone> = { scheduled: 'ok', due_soon: 'warn', overdue: 'bad', not_scheduled: 'muted' };
export const ReviewPill = ({ status }: { status: ReviewStatus }) => <Pill tone={REVIEW_TONE[status]}>{t(`scope.review.${status}`)}</Pill>;

export const YesNoPill = ({ yes }: { yes: boolean }) => <Pill tone={yes ? 'ok' : 'muted'}>{yes ? t('scope.parties.throughYes') : t('scope.parties.throughNo')}</Pill>;

/** Fields no reader needs to see in a change list. */
const HIDDEN = new Set(['id', 'ref', 'created_at', 'updated_at', 'version', 'search_key', 'name_key', 'current_measured_on', 'previous_value']);

/** The top-level fields an audit event changed, in the order the record has them. */
export function changedFields(e: AuditEventOut): string[] {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => !HIDDEN.has(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

/** A record's history from the audit trail: what happened, what changed, when and by whom. */
export function History({ events, timeZone, detail, auditHref }: { events: AuditEventOut[]; timeZone: string; detail?: (e: AuditEventOut) => Child; auditHref: string }) {
  return (
    <section class="card" aria-labelledby="history-h">
      <div class="card-head">
        <h2 id="history-h">{t('scope.history.title')}</h2>
        <a href={auditHref}>{t('scope.history.all')}</a>
      </div>
      {events.length === 0 ? (
        <p class="muted">{t('scope.history.none')}</p>
      ) : (
        <ol class="events">
          {events.map((e) => {
            const changed = e.action.endsWith('.update') ? changedFields(e) : [];
            return (
              <li>
                <span class="what">
                  <strong>{tOr(`scope.event.${e.action}`, e.action)}</strong>
                  {detail?.(e)}
                  {changed.length > 0 && <span class="sub">{t('scope.history.changed', { fields: changed.map((f) => tOr(`scope.field.${f}`, f)).join(', ') })}</span>}
                </span>
                <time class="when" datetime={e.occurred_at}>
                  {formatDateTime(e.occurred_at, timeZone)}
                </time>
                <span class="who">{t('scope.history.by', { who: e.actor.label })}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** The count, a spacer and the CSV link that keeps the list's filters and order. */
export function ListToolbar({ count, exportHref }: { count: string; exportHref: string }) {
  return (
    <div class="toolbar">
      <span>{count}</span>
      <span class="spacer" />
      <a href={exportHref} download>
        {t('scope.action.export')}
      </a>
    </div>
  );
}

/** The export link's query: the list's filters and order, without paging. */
export function exportQuery(query: URLSearchParams, sort: string, dir: string): string {
  const q = new URLSearchParams(query);
  q.delete('per_page');
  q.set('sort', sort);
  q.set('dir', dir);
  return q.toString();
}

/** The area's breadcrumb back to the overview (and a list, when on a record). */
export function Crumbs({ list }: { list?: { href: string; label: string } }) {
  return (
    <p class="eyebrow">
      <a href="/scope">{t('scope.title')}</a>
      {list && (
        <>
          {' / '}
          <a href={list.href}>{list.label}</a>
        </>
      )}
    </p>
  );
}

/** Error summary entries that name their field ("Title: Fill in this field."), since messages alone can be vague. */
export function namedErrors(errors: { field: string; message: string }[], labelOf: (field: string) => string | undefined): { field: string; message: string }[] {
  return errors.map((e) => {
    const label = labelOf(e.field);
    return { field: e.field, message: label ? `${label}: ${e.message}` : e.message };
  });
}

/**
 * A form field's label for the error summary: `scope.field.<name>` for plain fields; for a repeated
 * row (`exclusions.1.item`) the row's legend and the field's label.
 */
export function fieldLabel(field: string, rows: Record<string, { legend: string; fields: Record<string, string> }> = {}): string | undefined {
  const [head, index, leaf] = field.split('.');
  const row = head ? rows[head] : undefined;
  if (row && index !== undefined && leaf) return `${t(row.legend, { n: Number(index) + 1 })}, ${t(row.fields[leaf] ?? `scope.field.${leaf}`).toLowerCase()}`;
  return head ? tOr(`scope.field.${head}`, '') || undefined : undefined;
}
