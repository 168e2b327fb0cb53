// Risk register pages: the list, the overview (heatmaps and trend), the matrix, a risk's page with
// its plan, acceptance and reviews, and the add/edit forms. Pages validate nothing themselves.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { csvHeaders } from '../../core/csv.js';
import { isAppError, type AppError } from '../../core/errors.js';
import { hasControlChars } from '../../core/text.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState, readListQuery } from '../../web/list.js';
import { assetSummaries, assetSummariesByRefs } from '../assets/service.js';
import { controlsForRisks } from '../controls/service.js';
import { managerOptions } from '../people/service.js';
import { TREATMENTS } from '../tables.js';
import { DetailView } from './detail-view.js';
import { emptyForm, FORM_FIELDS, RiskForm, type FormValues } from './form-view.js';
import { ListView } from './list-view.js';
import { configureMatrix, getMatrix, OutsideMatrixError } from './matrix-service.js';
import { MatrixView, matrixFormValues, type MatrixFormValues } from './matrix-view.js';
import './messages.js';
import { needsAttention, riskHeatmap, riskTrend } from './overview-service.js';
import { OverviewView } from './overview-view.js';
import { matrixInput, patchOf, riskInputOf } from './page-input.js';
import { acceptRisk, addReview, addTask, callerIsOwner, listAcceptances, listReviews, updateTask, withdrawAcceptance } from './plan-service.js';
import type { PostedForm } from './plan-view.js';
import { todayOf } from './rules.js';
import { BASES, RISK_SORTS, STATUS_FILTERS, type RiskDetailOut, type RiskFilter } from './schema.js';
import * as risks from './service.js';

type C = Context<AppEnv>;
const roleOf = (c: C) => c.get('auth')!.role;

const FILTERS = ['q', 'band', 'basis', 'status', 'owner_id', 'treatment', 'asset', 'likelihood', 'impact'] as const;
const VALID: Partial<Record<(typeof FILTERS)[number], (v: string) => boolean>> = {
  band: (v) => /^[a-z][a-z0-9_]{0,19}$/.test(v),
  basis: (v) => (BASES as readonly string[]).includes(v),
  status: (v) => (STATUS_FILTERS as readonly string[]).includes(v),
  treatment: (v) => v === 'none' || (TREATMENTS as readonly string[]).includes(v),
  likelihood: (v) => /^([1-9]|10)$/.test(v),
  impact: (v) => /^([1-9]|10)$/.test(v),
  owner_id: (v) => v.length <= 64,
};

function listQuery(c: C) {
  const q = readListQuery(c.req.url, { sortable: RISK_SORTS, defaultSort: 'ref', filters: FILTERS });
  // Hand-edited filters that cannot match anything are dropped rather than refused.
  for (const [k, v] of Object.entries(q.filters)) {
    if (hasControlChars(v) || VALID[k as keyof typeof VALID]?.(v) === false) {
      delete q.filters[k];
      q.query.delete(k);
    }
  }
  return q;
}

/** The filter for the service; an asset ref that names no asset matches no risk. */
async function filterOf(c: C, f: Record<string, string>): Promise<{ filter: Omit<RiskFilter, 'sort' | 'dir'>; asset: { ref: string; name: string } | null }> {
  let asset: { id: string; ref: string; name: string } | undefined;
  if (f.asset) asset = (await assetSummariesByRefs(ctxOf(c), [f.asset.toUpperCase()])).get(f.asset.toUpperCase());
  return {
    filter: {
      q: f.q,
      band: f.band,
      basis: (f.basis as RiskFilter['basis'] | undefined) ?? 'residual',
      likelihood: f.likelihood ? Number(f.likelihood) : undefined,
      impact: f.impact ? Number(f.impact) : undefined,
      status: f.status as RiskFilter['status'],
      owner_id: f.owner_id,
      treatment: f.treatment as RiskFilter['treatment'],
      asset_id: f.asset ? (asset?.id ?? '-') : undefined,
    },
    asset: asset ? { ref: asset.ref, name: asset.name } : null,
  };
}

async function listPage(c: C) {
  const ctx = ctxOf(c);
  const q = listQuery(c);
  const { filter, asset } = await filterOf(c, q.filters);
  const { items, total, matrix } = await risks.listRisks(ctx, { ...filter, sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  const owners = await managerOptions(ctx, q.filters.owner_id ?? null);
  const role = roleOf(c);
  return renderPage(
    c,
    { title: t('risks.title'), active: 'risks' },
    <ListView items={items} state={listState(q, total)} filters={q.filters} matrix={matrix} owners={owners} asset={asset} can={{ write: can(role, 'risks.write'), configure: can(role, 'risks.configure') }} />,
  );
}

async function exportCsv(c: C) {
  const q = listQuery(c);
  const { filter } = await filterOf(c, q.filters);
  return c.body(await risks.exportRisksCsv(ctxOf(c), { ...filter, sort: q.sort, dir: q.dir }), 200, csvHeaders('risks.csv'));
}

async function overviewPage(c: C) {
  const ctx = ctxOf(c);
  const { matrix, ...heat } = await riskHeatmap(ctx);
  const trend = await riskTrend(ctx, 180);
  const attention = await needsAttention(ctx);
  return renderPage(c, { title: t('risks.overview.title'), active: 'risks' }, <OverviewView matrix={matrix} heat={heat} trend={trend} attention={attention} today={todayOf(ctx.clock)} />);
}

async function matrixPage(c: C, values?: MatrixFormValues, error?: AppError) {
  const matrix = await getMatrix(ctxOf(c));
  const stranded = error instanceof OutsideMatrixError ? error.risks : [];
  return renderPage(
    c,
    { title: t('risks.matrix.title'), active: 'risks' },
    <MatrixView
      matrix={matrix}
      canConfigure={can(roleOf(c), 'risks.configure')}
      values={values ?? matrixFormValues(matrix)}
      errors={error && !stranded.length ? (error.errors ?? []) : []}
      stranded={stranded}
      saved={c.req.query('saved') === '1'}
      csrf={c.get('csrfToken')}
      timeZone={c.get('services').timeZone}
    />,
    error ? (error.status as 400 | 409) : 200,
  );
}

async function postedFields(c: C): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' && k.length <= 80 ? [[k, v]] : [])));
}

/** Validation and conflict errors go back to the form; anything else is a real error page. */
const formError = (e: unknown): AppError | null => (isAppError(e) && (e.status === 400 || e.status === 409) ? e : null);

async function matrixSubmit(c: C) {
  const values = await postedFields(c);
  try {
    await configureMatrix(ctxOf(c), matrixInput(values));
    return c.redirect('/risks/matrix?saved=1', 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return matrixPage(c, values, fe);
  }
}

async function formPage(c: C, mode: 'new' | 'edit', values: FormValues, errors: { field: string; message: string }[], risk?: RiskDetailOut, status: 200 | 400 | 409 = 200) {
  const ctx = ctxOf(c);
  const owners = await managerOptions(ctx, values.owner_id || null);
  const matrix = await risks.loadMatrix(ctx.db);
  const title = mode === 'new' ? t('risks.form.newTitle') : t('risks.form.editTitle', { ref: risk!.ref });
  return renderPage(
    c,
    { title, active: 'risks' },
    <RiskForm mode={mode} {...(risk ? { risk } : {})} values={values} errors={errors} owners={owners} matrix={matrix} csrf={c.get('csrfToken')} />,
    status,
  );
}

async function formValuesOf(c: C, r: RiskDetailOut): Promise<FormValues> {
  const assets = await assetSummaries(ctxOf(c), r.asset_ids);
  const s = (v: string | number | null) => (v === null ? '' : String(v));
  return {
    title: r.title,
    description: s(r.description),
    owner_id: s(r.owner_id),
    threat: s(r.threat),
    vulnerability: s(r.vulnerability),
    likelihood: s(r.likelihood),
    impact: s(r.impact),
    treatment: s(r.treatment),
    treatment_notes: s(r.treatment_notes),
    residual_likelihood: s(r.residual_likelihood),
    residual_impact: s(r.residual_impact),
    assets: r.asset_ids.map((id) => assets.get(id)?.ref ?? id).join(', '),
    next_review: s(r.next_review),
    status: r.status,
  };
}

async function postedForm(c: C): Promise<FormValues> {
  const body = await postedFields(c);
  const out = emptyForm();
  for (const f of FORM_FIELDS) out[f] = body[f] ?? '';
  return out;
}

async function createSubmit(c: C) {
  const values = await postedForm(c);
  try {
    const r = await risks.createRisk(ctxOf(c), await riskInputOf(ctxOf(c), values));
    return c.redirect(`/risks/${r.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe?.errors?.length) throw e;
    return formPage(c, 'new', values, fe.errors, undefined, fe.status as 400 | 409);
  }
}

async function editSubmit(c: C) {
  const id = c.req.param('id')!;
  const risk = await risks.getRisk(ctxOf(c), id);
  const values = await postedForm(c);
  try {
    await risks.updateRisk(ctxOf(c), id, await patchOf(ctxOf(c), values));
    return c.redirect(`/risks/${risk.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe?.errors?.length) throw e;
    return formPage(c, 'edit', values, fe.errors, risk, fe.status as 400 | 409);
  }
}

async function detailPage(c: C, posted: PostedForm | null = null, status: 200 | 400 | 409 = 200) {
  const ctx = ctxOf(c);
  const role = roleOf(c);
  const risk = await risks.getRisk(ctx, c.req.param('id')!);
  const matrix = await risks.loadMatrix(ctx.db);
  const assets = [...(await assetSummaries(ctx, risk.asset_ids)).values()].sort((a, b) => a.ref.localeCompare(b.ref));
  const controls = (await controlsForRisks(ctx, [risk.id])).get(risk.id) ?? [];
  const write = can(role, 'risks.write');
  const accept = can(role, 'risks.accept');
  return renderPage(
    c,
    { title: `${risk.ref} ${risk.title}`, active: 'risks' },
    <DetailView
      risk={risk}
      matrix={matrix}
      assets={assets}
      controls={controls}
      reviews={await listReviews(ctx, risk.id)}
      acceptances={await listAcceptances(ctx, risk.id)}
      history={can(role, 'audit.read') ? await risks.riskHistory(ctx, risk.id) : null}
      owners={write ? await managerOptions(ctx, null) : []}
      can={{ write, accept }}
      callerIsOwner={accept ? await callerIsOwner(ctx, risk.owner_id) : false}
      today={todayOf(ctx.clock)}
      timeZone={c.get('services').timeZone}
      csrf={c.get('csrfToken')}
      posted={posted}
    />,
    status,
  );
}

/** Runs a form action on the risk page: success goes back to its section, errors show beside the form. */
function detailAction(form: (c: C) => PostedForm['form'], section: string, run: (c: C, v: Record<string, string>) => Promise<unknown>) {
  return async (c: C) => {
    const values = await postedFields(c);
    try {
      await run(c, values);
      return c.redirect(`/risks/${c.req.param('id')}#${section}`, 303);
    } catch (e) {
      const fe = formError(e);
      if (!fe) throw e;
      return detailPage(c, { form: form(c), values, errors: fe.errors?.length ? fe.errors : [{ field: '(form)', message: fe.message }] }, fe.status as 400 | 409);
    }
  };
}

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

export function registerRisksPages(app: Hono<AppEnv>): void {
  app.get('/risks', guard('risks.read', listPage));
  app.get('/risks/export.csv', guard('risks.read', exportCsv));
  app.get('/risks/overview', guard('risks.read', overviewPage));
  app.get('/risks/matrix', guard('risks.read', (c) => matrixPage(c)));
  app.post('/risks/matrix', guard('risks.configure', matrixSubmit));
  app.get('/risks/new', guard('risks.write', (c) => formPage(c, 'new', emptyForm(), [])));
  app.post('/risks/new', guard('risks.write', createSubmit));
  app.get('/risks/:id', guard('risks.read', (c) => detailPage(c)));
  app.get(
    '/risks/:id/edit',
    guard('risks.write', async (c) => {
      const risk = await risks.getRisk(ctxOf(c), c.req.param('id')!);
      return formPage(c, 'edit', await formValuesOf(c, risk), [], risk);
    }),
  );
  app.post('/risks/:id/edit', guard('risks.write', editSubmit));
  app.post(
    '/risks/:id/tasks',
    guard(
      'risks.write',
      detailAction(
        () => 'task',
        'plan',
        (c, v) => addTask(ctxOf(c), c.req.param('id')!, { title: v.task_title ?? '', owner_id: v.task_owner_id ?? '', due_date: v.task_due_date ?? '' }),
      ),
    ),
  );
  app.post(
    '/risks/:id/tasks/:task_id',
    guard(
      'risks.write',
      detailAction(
        (c) => `task:${c.req.param('task_id')}`,
        'plan',
        (c, v) => updateTask(ctxOf(c), c.req.param('id')!, c.req.param('task_id')!, { status: (v.status ?? '') as 'open' }),
      ),
    ),
  );
  app.post(
    '/risks/:id/reviews',
    guard(
      'risks.write',
      detailAction(
        () => 'review',
        'reviews',
        (c, v) => addReview(ctxOf(c), c.req.param('id')!, { reviewed_on: blankToUndefined(v.reviewed_on), note: v.review_note ?? '', next_review: blankToUndefined(v.next_review) }),
      ),
    ),
  );
  app.post(
    '/risks/:id/acceptance',
    guard(
      'risks.accept',
      detailAction(
        () => 'accept',
        'acceptance',
        (c, v) => acceptRisk(ctxOf(c), c.req.param('id')!, { decided_on: blankToUndefined(v.decided_on), expires_on: v.expires_on ?? '', note: v.accept_note ?? '' }),
      ),
    ),
  );
  app.post(
    '/risks/:id/acceptance/withdraw',
    guard(
      'risks.accept',
      detailAction(
        () => 'accept',
        'acceptance',
        (c) => withdrawAcceptance(ctxOf(c), c.req.param('id')!),
      ),
    ),
  );
}
