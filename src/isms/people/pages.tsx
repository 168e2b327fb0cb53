// People directory pages: list, detail, add/edit forms and the CSV import with its preview.
import type { Context, Hono } from 'hono';
import { hasControlChars } from '../../core/text.js';
import { can } from '../../auth/permissions.js';
import { csvHeaders } from '../../core/csv.js';
import { AppError, badRequest, isAppError } from '../../core/errors.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState, readListQuery } from '../../web/list.js';
import { emptyForm, FORM_FIELDS, PersonForm, type FormValues } from './form-view.js';
import { ImportForm, ImportPreview } from './import-view.js';
import './messages.js';
import { PERSON_STATUSES, type PersonStatus } from './repo.js';
import { MISSING_MODES, PEOPLE_SORTS, type MissingMode, type NewPersonInput, type PersonOut, type PersonPatch } from './schema.js';
import * as people from './service.js';
import { DetailView, ListView, managerIdsIn } from './views.js';

type C = Context<AppEnv>;

const roleOf = (c: C) => c.get('auth')!.role;

function listQuery(c: C) {
  const q = readListQuery(c.req.url, { sortable: PEOPLE_SORTS, defaultSort: 'name', filters: ['q', 'department', 'status', 'manager_id'] });
  // Hand-edited filters that cannot match anything (an unknown status, control characters, which
  // PostgreSQL refuses in text) are dropped rather than refused.
  for (const [k, v] of Object.entries(q.filters)) {
    if (hasControlChars(v) || (k === 'status' && !PERSON_STATUSES.includes(v as PersonStatus))) {
      delete q.filters[k];
      q.query.delete(k);
    }
  }
  return q;
}

const filterOf = (f: Record<string, string>) => ({
  q: f.q,
  department: f.department,
  status: f.status as PersonStatus | undefined,
  manager_id: f.manager_id,
});

const count = (v: string | undefined) => (v && /^\d{1,6}$/.test(v) ? Number(v) : null);

async function listPage(c: C) {
  const ctx = ctxOf(c);
  const q = listQuery(c);
  const { items, total } = await people.peopleDirectory(ctx, { ...filterOf(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  const departments = await people.listDepartments(ctx);
  const role = roleOf(c);
  const [joined, changed, left] = [count(c.req.query('joined')), count(c.req.query('changed')), count(c.req.query('marked_left'))];
  const imported = joined !== null && changed !== null && left !== null ? { joined, changed, left } : null;
  return renderPage(
    c,
    { title: t('people.title'), active: 'people' },
    <ListView
      items={items}
      state={listState(q, total)}
      filters={q.filters}
      departments={departments}
      can={{ write: can(role, 'people.write'), import: can(role, 'people.import') }}
      imported={imported}
    />,
  );
}

async function exportCsv(c: C) {
  const q = listQuery(c);
  const csv = await people.exportPeopleCsv(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir });
  return c.body(csv, 200, csvHeaders('people.csv'));
}

async function detailPage(c: C) {
  const ctx = ctxOf(c);
  const id = c.req.param('id')!;
  const { person, manager, reports } = await people.personDetail(ctx, id);
  const role = roleOf(c);
  const history = can(role, 'audit.read') ? await people.personHistory(ctx, id) : null;
  const names = await people.peopleNames(ctx, history ? managerIdsIn(history) : []);
  return renderPage(
    c,
    { title: person.name, active: 'people' },
    <DetailView person={person} manager={manager} reports={reports} history={history} names={names} canWrite={can(role, 'people.write')} timeZone={c.get('services').timeZone} />,
  );
}

const valuesOf = (p: PersonOut): FormValues => ({
  name: p.name,
  email: p.email,
  title: p.title ?? '',
  department: p.department ?? '',
  manager_id: p.manager_id ?? '',
  status: p.status,
  start_date: p.start_date ?? '',
  end_date: p.end_date ?? '',
});

/** The posted form's fields as strings; a file sent in place of a field counts as blank. */
async function postedValues(c: C): Promise<FormValues> {
  const body = await c.req.parseBody();
  const out = emptyForm();
  for (const f of FORM_FIELDS) {
    const v = body[f];
    out[f] = typeof v === 'string' ? v : '';
  }
  return out;
}

async function formPage(c: C, mode: 'new' | 'edit', values: FormValues, errors: { field: string; message: string }[], person?: PersonOut, status: 200 | 400 | 409 = 200) {
  const ctx = ctxOf(c);
  const managers = await people.managerOptions(ctx, values.manager_id || null);
  const departments = await people.listDepartments(ctx);
  const title = mode === 'new' ? t('people.form.newTitle') : t('people.form.editTitle', { name: person!.name });
  return renderPage(
    c,
    { title, active: 'people' },
    <PersonForm mode={mode} {...(person ? { person } : {})} values={values} errors={errors} managers={managers} departments={departments} csrf={c.get('csrfToken')} />,
    status,
  );
}

/** Validation and conflict errors go back to the form; anything else is a real error page. */
const formError = (e: unknown): AppError | null => (isAppError(e) && (e.status === 400 || e.status === 409) && e.errors?.length ? e : null);

async function createSubmit(c: C) {
  const values = await postedValues(c);
  try {
    // Raw strings on purpose: the service validates every field and reports each one.
    const p = await people.createPerson(ctxOf(c), values as unknown as NewPersonInput);
    return c.redirect(`/people/${p.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, 'new', values, fe.errors!, undefined, fe.status as 400 | 409);
  }
}

async function editSubmit(c: C) {
  const id = c.req.param('id')!;
  const person = await people.getPerson(ctxOf(c), id);
  const values = await postedValues(c);
  try {
    await people.updatePerson(ctxOf(c), id, values as unknown as PersonPatch);
    return c.redirect(`/people/${id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, 'edit', values, fe.errors!, person, fe.status as 400 | 409);
  }
}

const missingOf = (v: unknown): MissingMode => (MISSING_MODES.includes(v as MissingMode) ? (v as MissingMode) : 'ignore');

function importForm(c: C, pasted: string, missing: MissingMode, error: AppError | null) {
  const details = error?.errors?.filter((e) => e.field === 'columns').map((e) => e.message) ?? [];
  return renderPage(
    c,
    { title: t('people.import.title'), active: 'people' },
    <ImportForm csrf={c.get('csrfToken')} pasted={pasted} missing={missing} error={error ? { message: error.message, details } : null} />,
    error ? 400 : 200,
  );
}

/** The CSV from the upload (a file wins over pasted text); bytes that are not UTF-8 are refused. */
async function uploadedCsv(body: Record<string, string | File | (string | File)[]>): Promise<string> {
  const file = body.file;
  if (file instanceof File && file.size > 0) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      throw badRequest(t('people.import.notUtf8'));
    }
  }
  const pasted = typeof body.csv === 'string' ? body.csv : '';
  if (!pasted.trim()) throw badRequest(t('people.import.nothingSent'));
  return pasted;
}

async function importPreview(c: C) {
  const body = await c.req.parseBody();
  const missing = missingOf(body.missing);
  const pasted = typeof body.csv === 'string' ? body.csv : '';
  try {
    const csv = await uploadedCsv(body);
    const result = await people.importPeople(ctxOf(c), csv, { dryRun: true, missing });
    return renderPage(c, { title: t('people.import.previewTitle'), active: 'people' }, <ImportPreview result={result} csv={csv} csrf={c.get('csrfToken')} />);
  } catch (e) {
    if (isAppError(e) && e.status === 400) return importForm(c, pasted, missing, e);
    throw e;
  }
}

async function importApply(c: C) {
  const body = await c.req.parseBody();
  const missing = missingOf(body.missing);
  const csv = typeof body.csv === 'string' ? body.csv : '';
  const ctx = ctxOf(c);
  try {
    // Validated again from scratch: the hidden field is only as trustworthy as the browser.
    const r = await people.importPeople(ctx, csv, { dryRun: false, missing });
    const marked = r.leaves.filter((l) => l.action === 'mark_left').length;
    return c.redirect(`/people?joined=${r.summary.joins}&changed=${r.summary.changes}&marked_left=${marked}`, 303);
  } catch (e) {
    if (!isAppError(e) || e.status !== 400) throw e;
    // Rows went wrong since the preview (or the field was tampered with): show the fresh preview.
    const result = await people.importPeople(ctx, csv, { dryRun: true, missing }).catch(() => null);
    if (!result) return importForm(c, '', missing, e);
    return renderPage(c, { title: t('people.import.previewTitle'), active: 'people' }, <ImportPreview result={result} csv={csv} csrf={c.get('csrfToken')} />, 400);
  }
}

export function registerPeoplePages(app: Hono<AppEnv>): void {
  app.get('/people', guard('people.read', listPage));
  app.get('/people/export.csv', guard('people.read', exportCsv));
  app.get('/people/new', guard('people.write', (c) => formPage(c, 'new', emptyForm(), [])));
  app.post('/people/new', guard('people.write', createSubmit));
  app.get('/people/import', guard('people.import', (c) => importForm(c, '', 'ignore', null)));
  app.post('/people/import', guard('people.import', importPreview));
  app.post('/people/import/apply', guard('people.import', importApply));
  app.get(
    '/people/:id',
    guard('people.read', (c) => detailPage(c)),
  );
  app.get(
    '/people/:id/edit',
    guard('people.write', async (c) => {
      const person = await people.getPerson(ctxOf(c), c.req.param('id')!);
      return formPage(c, 'edit', valuesOf(person), [], person);
    }),
  );
  app.post('/people/:id/edit', guard('people.write', editSubmit));
}
