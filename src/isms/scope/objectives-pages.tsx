// Objective pages: the list with status counts and trends, CSV, the detail with its measurements, and forms.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { csvHeaders } from '../../core/csv.js';
import { isAppError, type FieldError } from '../../core/errors.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState } from '../../web/list.js';
import { listQuery, postedText } from './form-posts.js';
import { ObjectiveDetailView, type MeasureValues } from './objective-detail.js';
import { OBJECTIVE_SORTS, type MeasurementInput, type NewObjective, type ObjectiveOut, type ObjectivePatch } from './objectives-schema.js';
import * as objectives from './objectives-service.js';
import { emptyObjectiveForm, OBJECTIVE_FORM_FIELDS, ObjectiveForm, ObjectivesListView, type ObjectiveFormValues } from './objectives-views.js';
import { todayOf } from './service.js';
import { OBJECTIVE_STATUSES, type ObjectiveStatus } from './status.js';

type C = Context<AppEnv>;

const readQuery = (c: C) => listQuery(c.req.url, { sortable: OBJECTIVE_SORTS, defaultSort: 'ref', filters: ['q', 'status', 'owner_id'] }, { status: OBJECTIVE_STATUSES });
const filterOf = (f: Record<string, string>) => ({ q: f.q, status: f.status as ObjectiveStatus | undefined, owner_id: f.owner_id });

async function listPage(c: C) {
  const ctx = ctxOf(c);
  const q = readQuery(c);
  const { items, total } = await objectives.listObjectives(ctx, { ...filterOf(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  const [counts, owners, trends] = [await objectives.objectiveStatusCounts(ctx), await objectives.objectiveOwners(ctx), await objectives.recentValues(ctx, items.map((o) => o.id))];
  return renderPage(
    c,
    { title: t('scope.objectives.title'), active: 'scope' },
    <ObjectivesListView
      items={items}
      trends={trends}
      counts={counts}
      owners={owners}
      state={listState(q, total)}
      filters={q.filters}
      canWrite={can(c.get('auth')!.role, 'scope.write')}
    />,
  );
}

async function exportCsv(c: C) {
  const q = readQuery(c);
  return c.body(await objectives.exportObjectivesCsv(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir }), 200, csvHeaders('objectives.csv'));
}

async function detailPage(c: C, measure?: { values: MeasureValues; errors: FieldError[] }, status: 200 | 400 = 200) {
  const ctx = ctxOf(c);
  const o = await objectives.getObjective(ctx, c.req.param('id')!);
  const role = c.get('auth')!.role;
  const today = todayOf(ctx);
  const history = can(role, 'audit.read') ? await objectives.objectiveHistory(ctx, o.id) : null;
  return renderPage(
    c,
    { title: `${o.ref} ${o.title}`, active: 'scope' },
    <ObjectiveDetailView
      objective={o}
      today={today}
      history={history}
      canWrite={can(role, 'scope.write')}
      csrf={c.get('csrfToken')}
      timeZone={c.get('services').timeZone}
      measure={measure ?? { values: { value: '', measured_on: today, note: '' }, errors: [] }}
      recorded={c.req.query('recorded') === '1'}
    />,
    status,
  );
}

const formError = (e: unknown) => (isAppError(e) && e.status === 400 && e.errors?.length ? e : null);

async function measureSubmit(c: C) {
  const body = await c.req.parseBody();
  const values: MeasureValues = { value: postedText(body, 'value'), measured_on: postedText(body, 'measured_on'), note: postedText(body, 'note') };
  const id = c.req.param('id')!;
  try {
    // A blank date means today; the service reads "95,5" as well as "95.5".
    const input = { value: values.value, note: values.note, ...(values.measured_on.trim() ? { measured_on: values.measured_on } : {}) } as MeasurementInput;
    const o = await objectives.recordMeasurement(ctxOf(c), id, input);
    return c.redirect(`/scope/objectives/${o.id}?recorded=1`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return detailPage(c, { values, errors: fe.errors! }, 400);
  }
}

const valuesOf = (o: ObjectiveOut): ObjectiveFormValues => ({
  title: o.title,
  description: o.description ?? '',
  metric: o.metric,
  unit: o.unit ?? '',
  target: String(o.target),
  direction: o.direction,
  owner_id: o.owner_id ?? '',
  due_date: o.due_date,
  current_value: '',
});

async function formPage(c: C, values: ObjectiveFormValues, errors: FieldError[], objective?: ObjectiveOut, status: 200 | 400 = 200) {
  const owners = await objectives.ownerOptions(ctxOf(c), values.owner_id || null);
  const title = objective ? t('scope.objectives.editTitle', { ref: objective.ref }) : t('scope.objectives.newTitle');
  return renderPage(c, { title, active: 'scope' }, <ObjectiveForm {...(objective ? { objective } : {})} values={values} errors={errors} owners={owners} csrf={c.get('csrfToken')} />, status);
}

async function postedForm(c: C): Promise<ObjectiveFormValues> {
  const body = await c.req.parseBody();
  return Object.fromEntries(OBJECTIVE_FORM_FIELDS.map((f) => [f, postedText(body, f)])) as ObjectiveFormValues;
}

async function createSubmit(c: C) {
  const values = await postedForm(c);
  const { current_value, ...rest } = values;
  try {
    // Raw strings on purpose: the service validates and reports every field. A blank first value means none.
    const input = { ...rest, ...(current_value.trim() ? { current_value } : {}) } as unknown as NewObjective;
    const o = await objectives.createObjective(ctxOf(c), input);
    return c.redirect(`/scope/objectives/${o.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, values, fe.errors!, undefined, 400);
  }
}

async function editSubmit(c: C) {
  const objective = await objectives.getObjective(ctxOf(c), c.req.param('id')!);
  const values = await postedForm(c);
  const { current_value: _ignored, ...patch } = values;
  try {
    await objectives.updateObjective(ctxOf(c), objective.id, patch as unknown as ObjectivePatch);
    return c.redirect(`/scope/objectives/${objective.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, values, fe.errors!, objective, 400);
  }
}

export function registerObjectivePages(app: Hono<AppEnv>): void {
  app.get('/scope/objectives', guard('scope.read', listPage));
  app.get('/scope/objectives/export.csv', guard('scope.read', exportCsv));
  app.get('/scope/objectives/new', guard('scope.write', (c) => formPage(c, emptyObjectiveForm(), [])));
  app.post('/scope/objectives/new', guard('scope.write', createSubmit));
  app.get(
    '/scope/objectives/:id',
    guard('scope.read', (c) => detailPage(c)),
  );
  app.post('/scope/objectives/:id/measurements', guard('scope.write', measureSubmit));
  app.get(
    '/scope/objectives/:id/edit',
    guard('scope.write', async (c) => {
      const o = await objectives.getObjective(ctxOf(c), c.req.param('id')!);
      return formPage(c, valuesOf(o), [], o);
    }),
  );
  app.post('/scope/objectives/:id/edit', guard('scope.write', editSubmit));
}
