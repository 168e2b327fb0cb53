// A control's audit history, event by event: facts changed, links added and removed, reviews.
import type { AuditEventOut } from '../../audit/schema.js';
import { formatDate, formatDateTime, t } from '../../web/i18n.js';

type Side = Record<string, unknown>;
const FACTS = ['title', 'description', 'level', 'owner_id', 'status', 'review_interval_days', 'next_review'] as const;
const LINK_KEYS = ['requirements', 'risks', 'assets'] as const;

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** The person ids a history mentions (owners, reviewers), so the page can show names instead. */
export function personIdsIn(events: AuditEventOut[]): string[] {
  const ids: string[] = [];
  for (const e of events) {
    for (const side of [e.before, e.after] as (Side | null)[]) {
      for (const k of ['owner_id', 'reviewer_id']) if (typeof side?.[k] === 'string') ids.push(side[k] as string);
    }
  }
  return ids;
}

function factLabel(field: string, v: string, names: Map<string, string>): string {
  if (v === '—') return v;
  if (field === 'owner_id') return names.get(v) ?? v;
  if (field === 'level') return t(`controls.level.${v}`);
  if (field === 'status') return t(`controls.status.${v}`);
  if (field === 'next_review') return formatDate(v);
  if (field === 'description') return t('controls.history.textChanged');
  return v;
}

function Changes({ e, names }: { e: AuditEventOut; names: Map<string, string> }) {
  const before = (e.before ?? {}) as Side;
  const after = (e.after ?? {}) as Side;
  if (e.action === 'control.update') {
    const changed = FACTS.filter((f) => show(before[f]) !== show(after[f]));
    return (
      <div class="small">
        {changed.map((f) =>
          f === 'description' ? (
            <div>{t('controls.history.descriptionChanged')}</div>
          ) : (
            <div>
              {t(`controls.field.${f === 'owner_id' ? 'owner' : f}`)}: {factLabel(f, show(before[f]), names)} → {factLabel(f, show(after[f]), names)}
            </div>
          ),
        )}
      </div>
    );
  }
  if (e.action === 'control.review') {
    return (
      <div class="small">
        <div>{t('controls.history.reviewed', { date: formatDate(show(after.reviewed_on)), who: names.get(show(after.reviewer_id)) ?? show(after.reviewer_id) })}</div>
        <div>{t('controls.history.nextReview', { date: formatDate(show(after.next_review)) })}</div>
      </div>
    );
  }
  const kind = LINK_KEYS.find((k) => Array.isArray(after[k]));
  if (!kind) return null;
  const was = new Set((before[kind] as string[] | undefined) ?? []);
  const now = new Set(after[kind] as string[]);
  const added = [...now].filter((x) => !was.has(x));
  const removed = [...was].filter((x) => !now.has(x));
  return (
    <div class="small">
      {added.length > 0 && (
        <div>
          {t('controls.history.added')} <span class="mono">{added.join(', ')}</span>
        </div>
      )}
      {removed.length > 0 && (
        <div>
          {t('controls.history.removed')} <span class="mono">{removed.join(', ')}</span>
        </div>
      )}
    </div>
  );
}

export function History({ events, timeZone, names }: { events: AuditEventOut[]; timeZone: string; names: Map<string, string> }) {
  if (!events.length) return <p class="muted">{t('controls.history.none')}</p>;
  return (
    <ol class="events">
      {events.map((e) => (
        <li>
          <div class="what">
            <strong>{t(`controls.action.${e.action}`)}</strong>
            {e.action !== 'control.create' && <Changes e={e} names={names} />}
          </div>
          <time class="when" datetime={e.occurred_at}>
            {formatDateTime(e.occurred_at, timeZone)}
          </time>
          <span class="who">{t('controls.history.by', { who: e.actor.label })}</span>
        </li>
      ))}
    </ol>
  );
}
