// One SoA row as the pages show it, and its edit form (a whole page without JavaScript, or swapped
// into the table row by htmx): only applicability and justification are typed; the rest is computed.
import { CsrfField, Pill, type PillTone } from '../../web/components.js';
import { t } from '../../web/i18n.js';
import { basisText, gapLabel, statusLabel } from './labels.js';
import type { GapKind } from './rules.js';
import { JUSTIFICATION_MAX, type SoaRowOut } from './schema.js';
import type { SoaStatus } from './tables.js';

const TONE: Record<SoaStatus, PillTone> = { implemented: 'ok', partially_implemented: 'warn', not_implemented: 'bad', not_applicable: 'muted' };

export const StatusPill = ({ status }: { status: SoaStatus }) => <Pill tone={TONE[status]}>{statusLabel(status)}</Pill>;
export const ApplicablePill = ({ applicable }: { applicable: boolean }) =>
  applicable ? <Pill tone="info">{t('soa.applicable.yes')}</Pill> : <Pill tone="muted">{t('soa.applicable.no')}</Pill>;
export const GapPills = ({ gaps }: { gaps: GapKind[] }) => (
  <>
    {gaps.map((g) => (
      <>
        <Pill tone="warn">{gapLabel(g)}</Pill>{' '}
      </>
    ))}
  </>
);

/** How many implementing controls a list row shows before "and N more". */
const SHOWN = 3;

/** The columns of the SoA table with its actions column (the version page has one fewer). */
export const ROW_COLUMNS = 7;

export const rowAnchor = (controlId: string) => `row-${controlId}`;

function ImplementedBy({ row, href }: { row: SoaRowOut; href: string | null }) {
  if (!row.implemented_by.length) return <span class="muted">{t('soa.implementedBy.none')}</span>;
  const more = row.implemented_by.length - SHOWN;
  return (
    <ul class="soa-implementers">
      {row.implemented_by.slice(0, SHOWN).map((c) => (
        <li>
          <span class="mono">{c.ref}</span> {c.title}
        </li>
      ))}
      {more > 0 && <li>{href ? <a href={href}>{t('soa.implementedBy.more', { n: more })}</a> : t('soa.implementedBy.more', { n: more })}</li>}
    </ul>
  );
}

/** A display row. `editable` adds the edit action (for soa.write); `linked` links the id to the row's page. */
export function SoaRow({ row, editable, linked }: { row: SoaRowOut; editable: boolean; linked: boolean }) {
  const page = `/soa/${row.control_id}`;
  return (
    <tr id={rowAnchor(row.control_id)}>
      <th scope="row" class="mono">
        {linked ? <a href={page}>{row.control_id}</a> : row.control_id}
      </th>
      <td>{row.title}</td>
      <td>
        <ApplicablePill applicable={row.applicable} />
      </td>
      <td class="soa-justification">{row.justification ?? <span class="muted">{t('soa.justification.none')}</span>}</td>
      <td>
        <StatusPill status={row.status} />
        <span class="sub">{basisText(row)}</span>
        {row.gaps.length > 0 && (
          <span class="soa-gaps">
            <GapPills gaps={row.gaps} />
          </span>
        )}
      </td>
      <td>
        <ImplementedBy row={row} href={linked ? page : null} />
      </td>
      {editable && (
        <td class="soa-actions">
          <a href={`${page}/edit`} hx-get={`${page}/edit`} hx-target="closest tr" hx-swap="outerHTML" aria-label={t('soa.action.editRow', { id: row.control_id })}>
            {t('soa.action.edit')}
          </a>
        </td>
      )}
    </tr>
  );
}

export interface EditValues {
  applicable: string;
  justification: string;
}

export const valuesOf = (r: SoaRowOut): EditValues => ({ applicable: r.applicable ? 'true' : 'false', justification: r.justification ?? '' });

/** The edit form. `inline` makes htmx post it and swap the answer into the table row. */
export function EditForm(p: { row: SoaRowOut; values: EditValues; errors: { field: string; message: string }[]; csrf: string; inline: boolean; next: string }) {
  const id = p.row.control_id;
  const key = id.replace(/[^A-Za-z0-9]/g, '-');
  const err = (f: string) => p.errors.find((e) => e.field === f)?.message;
  const other = p.errors.filter((e) => e.field !== 'applicable' && e.field !== 'justification');
  const htmx = p.inline ? { 'hx-post': `/soa/${id}`, 'hx-target': 'closest tr', 'hx-swap': 'outerHTML' } : {};
  return (
    <form class="soa-edit" method="post" action={`/soa/${id}`} {...htmx}>
      <CsrfField token={p.csrf} />
      <input type="hidden" name="next" value={p.next} />
      {other.length > 0 && (
        <div class="alert alert--error" role="alert">
          {other.map((e) => (
            <p>{e.message}</p>
          ))}
        </div>
      )}
      <fieldset class={err('applicable') ? 'choices field--error' : 'choices'}>
        <legend>{t('soa.field.applicable', { id })}</legend>
        <label class="choice">
          <input type="radio" name="applicable" value="true" checked={p.values.applicable === 'true'} />
          <span>{t('soa.applicable.yesLong')}</span>
        </label>
        <label class="choice">
          <input type="radio" name="applicable" value="false" checked={p.values.applicable === 'false'} />
          <span>{t('soa.applicable.noLong')}</span>
        </label>
        {err('applicable') && <p class="error">{t(err('applicable')!)}</p>}
      </fieldset>
      <div class={err('justification') ? 'field field--wide field--error' : 'field field--wide'}>
        <label for={`f-justification-${key}`}>{t('soa.field.justification')}</label>
        <p class="hint" id={`f-justification-${key}-hint`}>
          {t('soa.field.justificationHint')}
        </p>
        <textarea
          id={`f-justification-${key}`}
          name="justification"
          rows={4}
          maxlength={JUSTIFICATION_MAX}
          aria-describedby={`f-justification-${key}-hint${err('justification') ? ` f-justification-${key}-err` : ''}`}
          aria-invalid={err('justification') ? 'true' : undefined}
        >
          {p.values.justification}
        </textarea>
        {err('justification') && (
          <p class="error" id={`f-justification-${key}-err`}>
            {t(err('justification')!)}
          </p>
        )}
      </div>
      <div class="filters-actions">
        <button type="submit" class="btn">
          {t('soa.action.save')}
        </button>
        {p.inline ? (
          <a href={p.next} hx-get={`/soa/${id}/row`} hx-target="closest tr" hx-swap="outerHTML">
            {t('soa.action.cancel')}
          </a>
        ) : (
          <a href={p.next}>{t('soa.action.cancel')}</a>
        )}
      </div>
    </form>
  );
}

/** The edit form in place of a table row (htmx). */
export function EditRow(p: Parameters<typeof EditForm>[0]) {
  return (
    <tr id={rowAnchor(p.row.control_id)} class="soa-editing">
      <th scope="row" class="mono">
        {p.row.control_id}
      </th>
      <td colspan={ROW_COLUMNS - 1}>
        <p class="soa-edit-title">{p.row.title}</p>
        <EditForm {...p} />
      </td>
    </tr>
  );
}
