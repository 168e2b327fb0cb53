// Context issue pages: list with filters and CSV, detail with history, add/edit forms, delete.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { csvHeaders } from '../../core/csv.js';
import { isAppError, type FieldError } from '../../core/errors.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState } from '../../web/list.js';
import { CONTEXT_SORTS, ContextIssuePatch, NewContextIssue, type ContextIssueOut } from './context-schema.js';
import * as context from './context-service.js';
import { CONTEXT_FORM_FIELDS, ContextDetailView, ContextForm, ContextListView, emptyContextForm, type ContextFormValues } from './context-views.js';
import { MSG } from './fields.js';
import { listQuery, postedText, schemaErrors } from './form-posts.js';
import { ISSUE_CATEGORIES, ISSUE_KINDS, type IssueCategory, type IssueKind } from './tables.js';

type C = Context<AppEnv>;

const readQuery = (c: C) => listQuery(c.req.url, { sortable: CONTEXT_SORTS, defaultSort: 'ref', filters: ['q', 'kind', 'category'] }, { kind: ISSUE_KINDS, category: ISSUE_CATEGORIES });
const filterOf = (f: Record<string, string>) => ({ q: f.q, kind: f.kind as IssueKind | undefined, category: f.category as IssueCategory | undefined });

async function listPage(c: C) {
  const q = readQuery(c);
  const { items, total } = await context.listContextIssues(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  return renderPage(
    c,
    { title: t('scope.context.title'), active: 'scope' },
    <ContextListView items={items} state={listState(q, total)} filters={q.filters} canWrite={can(c.get('auth')!.role, 'scope.write')} timeZone={c.get('services').timeZone} />,
  );
}

async function exportCsv(c: C) {
  const q = readQuery(c);
  return c.body(await context.exportContextCsv(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir }), 200, csvHeaders('context-issues.csv'));
}

async function detailPage(c: C) {
  const ctx = ctxOf(c);
  const issue = await context.getContextIssue(ctx, c.req.param('id')!);
  const role = c.get('auth')!.role;
  const history = can(role, 'audit.read') ? await context.contextIssueHistory(ctx, issue.id) : null;
  return renderPage(
    c,
    { title: `${issue.ref} ${issue.title}`, active: 'scope' },
    <ContextDetailView issue={issue} history={history} canWrite={can(role, 'scope.write')} csrf={c.get('csrfToken')} timeZone={c.get('services').timeZone} />,
  );
}

const valuesOf = (i: ContextIssueOut): ContextFormValues => ({
  title: i.title,
  kind: i.kind,
  category: i.category,
  description: i.description,
  effect: i.effect ?? '',
  risks: i.risks.map((r) => r.ref).join(', '),
});

function formPage(c: C, values: ContextFormValues, errors: FieldError[], issue?: ContextIssueOut, status: 200 | 400 = 200) {
  const title = issue ? t('scope.context.editTitle', { ref: issue.ref }) : t('scope.context.newTitle');
  return renderPage(c, { title, active: 'scope' }, <ContextForm {...(issue ? { issue } : {})} values={values} errors={errors} csrf={c.get('csrfToken')} />, status);
}

/** The form's fields, and its risk references resolved to ids (unknown references are a field error). */
async function posted(c: C): Promise<{ values: ContextFormValues; riskIds: string[]; errors: FieldError[] }> {
  const body = await c.req.parseBody();
  const values = Object.fromEntries(CONTEXT_FORM_FIELDS.map((f) => [f, postedText(body, f)])) as ContextFormValues;
  const refs = [...new Set(values.risks.toUpperCase().split(/[\s,;]+/).filter(Boolean))].slice(0, 60);
  const { ids, unknown } = await context.riskIdsForRefs(ctxOf(c), refs);
  const errors = unknown.length ? [{ field: 'risks', message: `${t(MSG.riskRefMissing)} (${unknown.slice(0, 10).join(', ')})` }] : [];
  return { values, riskIds: ids, errors };
}

/** Service errors on the form: `risk_ids.3` belongs to the risks field. */
const onForm = (errors: FieldError[]) => errors.map((e) => (e.field.startsWith('risk_ids') ? { field: 'risks', message: e.message } : e));
const formError = (e: unknown) => (isAppError(e) && e.status === 400 && e.errors?.length ? e : null);

async function createSubmit(c: C) {
  const { values, riskIds, errors } = await posted(c);
  const input = { title: values.title, kind: values.kind, category: values.category, description: values.description, effect: values.effect, risk_ids: riskIds } as NewContextIssue;
  try {
    if (errors.length) return formPage(c, values, [...schemaErrors(NewContextIssue, input), ...errors], undefined, 400);
    const issue = await context.createContextIssue(ctxOf(c), input);
    return c.redirect(`/scope/context/${issue.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, values, onForm(fe.errors!), undefined, 400);
  }
}

async function editSubmit(c: C) {
  const issue = await context.getContextIssue(ctxOf(c), c.req.param('id')!);
  const { values, riskIds, errors } = await posted(c);
  const patch = { title: values.title, kind: values.kind, category: values.category, description: values.description, effect: values.effect, risk_ids: riskIds } as ContextIssuePatch;
  try {
    if (errors.length) return formPage(c, values, [...schemaErrors(ContextIssuePatch, patch), ...errors], issue, 400);
    await context.updateContextIssue(ctxOf(c), issue.id, patch);
    return c.redirect(`/scope/context/${issue.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, values, onForm(fe.errors!), issue, 400);
  }
}

export function registerContextPages(app: Hono<AppEnv>): void {
  app.get('/scope/context', guard('scope.read', listPage));
  app.get('/scope/context/export.csv', guard('scope.read', exportCsv));
  app.get('/scope/context/new', guard('scope.write', (c) => formPage(c, emptyContextForm(), [])));
  app.post('/scope/context/new', guard('scope.write', createSubmit));
  app.get('/scope/context/:id', guard('scope.read', detailPage));
  app.get(
    '/scope/context/:id/edit',
    guard('scope.write', async (c) => {
      const issue = await context.getContextIssue(ctxOf(c), c.req.param('id')!);
      return formPage(c, valuesOf(issue), [], issue);
    }),
  );
  app.post('/scope/context/:id/edit', guard('scope.write', editSubmit));
  app.post(
    '/scope/context/:id/delete',
    guard('scope.write', async (c) => {
      await context.deleteContextIssue(ctxOf(c), c.req.param('id')!);
      return c.redirect('/scope/context', 303);
    }),
  );
}
