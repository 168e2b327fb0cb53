// Controls pages: the list, the detail with its review form, and the add/edit form with link pickers.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { csvHeaders } from '../../core/csv.js';
import { isAppError, type FieldError } from '../../core/errors.js';
import { hasControlChars } from '../../core/text.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState, readListQuery } from '../../web/list.js';
import { assetSummaries } from '../assets/service.js';
import { managerOptions, peopleNames, personByEmail } from '../people/service.js';
import { riskSummaries } from '../risks/service.js';
import { DetailView, type ReviewFormState } from './detail-view.js';
import { ControlForm, emptyForm, FORM_FIELDS, type FormValues } from './form-view.js';
import { personIdsIn } from './history-view.js';
import { ListView } from './list-view.js';
import './messages.js';
import { todayOf } from './rules.js';
import { CONTROL_LEVELS, CONTROL_SORTS, CONTROL_STATUSES, MAX_LINKS, MSG, REVIEW_FILTERS, type ControlDetailOut, type ControlsFilter, type NewControlInput, type NewReviewInput } from './schema.js';
import * as controls from './service.js';

type C = Context<AppEnv>;

const roleOf = (c: C) => c.get('auth')!.role;
const FILTERS = ['q', 'level', 'status', 'owner', 'framework', 'requirement', 'risk', 'asset', 'review'] as const;
const ENUMS: Record<string, readonly string[]> = { level: CONTROL_LEVELS, status: CONTROL_STATUSES, review: REVIEW_FILTERS };

function listQuery(c: C) {
  const q = readListQuery(c.req.url, { sortable: CONTROL_SORTS, defaultSort: 'ref', filters: FILTERS });
  // Hand-edited filters that cannot match anything (an unknown level, control characters, which
  // PostgreSQL refuses in text) are dropped rather than refused.
  for (const [k, v] of Object.entries(q.filters)) {
    if (hasControlChars(v) || (ENUMS[k] && !ENUMS[k].includes(v))) {
      delete q.filters[k];
      q.query.delete(k);
    }
  }
  return q;
}

const filterOf = (f: Record<string, string>): Partial<ControlsFilter> => ({
  q: f.q,
  level: f.level as ControlsFilter['level'],
  status: f.status as ControlsFilter['status'],
  owner: f.owner,
  framework: f.framework,
  requirement: f.requirement,
  risk: f.risk,
  asset: f.asset,
  review: f.review as ControlsFilter['review'],
});

async function listPage(c: C) {
  const ctx = ctxOf(c);
  const q = listQuery(c);
  const { items, total, counts } = await controls.controlsOverview(ctx, { ...filterOf(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  const owners = await managerOptions(ctx, q.filters.owner ?? null);
  const frameworks = await controls.frameworkChoices(ctx);
  const risk = q.filters.risk ? ((await riskSummaries(ctx, [q.filters.risk])).get(q.filters.risk)?.ref ?? q.filters.risk) : null;
  const asset = q.filters.asset ? ((await assetSummaries(ctx, [q.filters.asset])).get(q.filters.asset)?.ref ?? q.filters.asset) : null;
  return renderPage(
    c,
    { title: t('controls.title'), active: 'controls' },
    <ListView
      items={items}
      state={listState(q, total)}
      filters={q.filters}
      counts={counts}
      owners={owners}
      frameworks={frameworks}
      linkedTo={{ risk, asset }}
      canWrite={can(roleOf(c), 'controls.write')}
      today={todayOf(ctx.clock)}
    />,
  );
}

async function exportCsv(c: C) {
  const q = listQuery(c);
  const csv = await controls.exportControlsCsv(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir });
  return c.body(csv, 200, csvHeaders('controls.csv'));
}

async function detailPage(c: C, review: { values: ReviewFormState['values']; errors: FieldError[] } | null = null, status: 200 | 400 = 200) {
  const ctx = ctxOf(c);
  const id = c.req.param('id')!;
  const control = await controls.controlDetail(ctx, id);
  const role = roleOf(c);
  const history = can(role, 'audit.read') ? await controls.controlHistory(ctx, id) : null;
  const names = await peopleNames(ctx, history ? personIdsIn(history) : []);
  const frameworks = new Map((await controls.frameworkChoices(ctx)).map((f) => [f.id, f.name]));
  const canWrite = can(role, 'controls.write');
  let reviewForm: ReviewFormState | null = null;
  if (canWrite) {
    // The signed-in person reviews unless someone else is chosen.
    const me = review ? null : await personByEmail(ctx, c.get('auth')!.user.email);
    reviewForm = {
      csrf: c.get('csrfToken'),
      values: review?.values ?? { reviewed_on: todayOf(ctx.clock), reviewer_id: me?.id ?? '', note: '' },
      errors: review?.errors ?? [],
      reviewers: await managerOptions(ctx, null),
    };
  }
  return renderPage(
    c,
    { title: `${control.ref} ${control.title}`, active: 'controls' },
    <DetailView
      control={control}
      frameworks={frameworks}
      history={history}
      names={names}
      canWrite={canWrite}
      reviewForm={reviewForm}
      reviewed={c.req.query('reviewed') === '1'}
      timeZone={c.get('services').timeZone}
      today={todayOf(ctx.clock)}
    />,
    status,
  );
}

/** Validation errors go back to the form; anything else is a real error page. */
const formErrors = (e: unknown): FieldError[] | null => (isAppError(e) && e.status === 400 && e.errors?.length ? e.errors : null);

async function reviewSubmit(c: C) {
  const body = await c.req.parseBody();
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const values = { reviewed_on: str('reviewed_on'), reviewer_id: str('reviewer_id'), note: str('note') };
  const id = c.req.param('id')!;
  try {
    await controls.recordReview(ctxOf(c), id, values as NewReviewInput);
    return c.redirect(`/controls/${id}?reviewed=1#reviews`, 303);
  } catch (e) {
    const errors = formErrors(e);
    if (!errors) throw e;
    return detailPage(c, { values, errors }, 400);
  }
}

/** Keys and references typed into a picker: separated by white space, commas or semicolons. */
const tokens = (text: string): string[] => text.split(/[\s,;]+/).filter(Boolean);

const typedLinks = (v: FormValues) => ({ requirement_keys: tokens(v.requirement_keys), risk_refs: tokens(v.risk_refs), asset_refs: tokens(v.asset_refs) });

/** The posted form's fields as strings; a file sent in place of a field counts as blank. */
async function postedValues(c: C): Promise<{ values: FormValues; intent: 'check' | 'save' }> {
  const body = await c.req.parseBody();
  const values = emptyForm();
  for (const f of FORM_FIELDS) values[f] = typeof body[f] === 'string' ? (body[f] as string) : '';
  if (typeof body.level !== 'string') values.level = '';
  return { values, intent: body.intent === 'check' ? 'check' : 'save' };
}

const valuesOf = (d: ControlDetailOut): FormValues => ({
  title: d.title,
  description: d.description ?? '',
  level: d.level,
  status: d.status,
  owner_id: d.owner_id ?? '',
  review_interval_days: String(d.review_interval_days),
  requirement_keys: d.requirements.map((r) => r.key).join('\n'),
  risk_refs: d.risks.map((r) => r.ref).join('\n'),
  asset_refs: d.assets.map((a) => a.ref).join('\n'),
});

async function formPage(c: C, mode: 'new' | 'edit', values: FormValues, errors: FieldError[], control?: ControlDetailOut, status: 200 | 400 = 200) {
  const ctx = ctxOf(c);
  const owners = await managerOptions(ctx, values.owner_id || null);
  const typed = typedLinks(values);
  const anyTyped = typed.requirement_keys.length + typed.risk_refs.length + typed.asset_refs.length > 0;
  const preview = anyTyped ? await controls.previewLinks(ctx, typed) : null;
  return renderPage(
    c,
    { title: mode === 'new' ? t('controls.form.newTitle') : t('controls.form.editTitle', { ref: control!.ref }), active: 'controls' },
    <ControlForm mode={mode} {...(control ? { control } : {})} values={values} errors={errors} owners={owners} preview={preview} csrf={c.get('csrfToken')} />,
    status,
  );
}

/** Service errors on link fields point at the picker the person typed into. */
const PICKER_OF: Record<string, string> = { requirement_keys: 'requirement_keys', risk_ids: 'risk_refs', asset_ids: 'asset_refs' };
const toFormField = (e: FieldError): FieldError => ({ field: PICKER_OF[e.field.split('.')[0]!] ?? e.field, message: e.message });

/**
 * Resolves the typed links; unknown keys or references become errors naming each. Saving then
 * goes through the service with the ids, which checks everything again in its transaction.
 */
async function submit(c: C, mode: 'new' | 'edit') {
  const ctx = ctxOf(c);
  const existing = mode === 'edit' ? await controls.controlDetail(ctx, c.req.param('id')!) : undefined;
  const { values, intent } = await postedValues(c);
  const typed = typedLinks(values);
  if (intent === 'check') return formPage(c, mode, values, [], existing);
  const errors: FieldError[] = [];
  for (const [field, list] of [
    ['requirement_keys', typed.requirement_keys],
    ['risk_refs', typed.risk_refs],
    ['asset_refs', typed.asset_refs],
  ] as const) {
    if (new Set(list).size > MAX_LINKS) errors.push({ field, message: MSG.tooManyLinks });
  }
  if (errors.length) return formPage(c, mode, values, errors, existing, 400);
  const preview = await controls.previewLinks(ctx, typed);
  for (const key of preview.requirements.unknown) errors.push({ field: 'requirement_keys', message: t('controls.form.unknownRequirement', { key }) });
  for (const ref of preview.risks.unknown) errors.push({ field: 'risk_refs', message: t('controls.form.unknownRisk', { ref }) });
  for (const ref of preview.assets.unknown) errors.push({ field: 'asset_refs', message: t('controls.form.unknownAsset', { ref }) });
  const links = { requirement_keys: typed.requirement_keys, risk_ids: preview.risks.found.map((r) => r.id), asset_ids: preview.assets.found.map((a) => a.id) };
  const facts = { title: values.title, description: values.description, level: values.level, status: values.status, owner_id: values.owner_id, review_interval_days: values.review_interval_days };
  try {
    if (errors.length) {
      // Still validate the facts, so every problem shows at once.
      await controls.validateControlFacts(ctx, facts as unknown as NewControlInput, existing?.owner_id ?? null).catch((e: unknown) => {
        errors.push(...(formErrors(e) ?? []).map(toFormField));
      });
      return formPage(c, mode, values, errors, existing, 400);
    }
    // Raw strings on purpose: the service validates every field and reports each one.
    const saved = existing
      ? await controls.updateControl(ctx, existing.id, facts as unknown as NewControlInput, links)
      : await controls.createControl(ctx, { ...facts, ...links } as unknown as NewControlInput);
    return c.redirect(`/controls/${saved.id}`, 303);
  } catch (e) {
    const fe = formErrors(e);
    if (!fe) throw e;
    return formPage(c, mode, values, fe.map(toFormField), existing, 400);
  }
}

export function registerControlsPages(app: Hono<AppEnv>): void {
  app.get('/controls', guard('controls.read', listPage));
  app.get('/controls/export.csv', guard('controls.read', exportCsv));
  app.get('/controls/new', guard('controls.write', (c) => formPage(c, 'new', emptyForm(), [])));
  app.post('/controls/new', guard('controls.write', (c) => submit(c, 'new')));
  app.get(
    '/controls/:id',
    guard('controls.read', (c) => detailPage(c)),
  );
  app.post('/controls/:id/reviews', guard('controls.write', reviewSubmit));
  app.get(
    '/controls/:id/edit',
    guard('controls.write', async (c) => {
      const control = await controls.controlDetail(ctxOf(c), c.req.param('id')!);
      return formPage(c, 'edit', valuesOf(control), [], control);
    }),
  );
  app.post('/controls/:id/edit', guard('controls.write', (c) => submit(c, 'edit')));
}
