// Statement of Applicability pages: the SoA with filters and inline editing, one control's page,
// versions (list, prepare, read, approve), diffs between versions, and downloads of every export.
import type { Context, Hono } from 'hono';
import { listAudit } from '../../audit/service.js';
import { can } from '../../auth/permissions.js';
import { csvHeaders } from '../../core/csv.js';
import { isAppError, notFound } from '../../core/errors.js';
import { sameOriginPath } from '../../core/text.js';
import { parseOrThrow } from '../../core/validation.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState, readListQuery } from '../../web/list.js';
import { personByEmail } from '../people/service.js';
import { RowDetailView } from './detail-view.js';
import { DiffView } from './diff-view.js';
import { versionsCsv } from './export/csv.js';
import { exportSoa } from './export/index.js';
import './messages.js';
import { EditRow, rowAnchor, SoaRow, valuesOf, type EditValues } from './row-view.js';
import { ControlIdParam, DiffParams, ExportQuery, SOA_SORTS, SoaFilter, VersionParam, type SoaRowOut } from './schema.js';
import * as soa from './service.js';
import { VersionDetailView, VersionsListView, type ApproveState } from './version-views.js';
import { SoaListView } from './views.js';

type C = Context<AppEnv>;

const roleOf = (c: C) => c.get('auth')!.role;
const tz = (c: C) => c.get('services').timeZone;
const isHtmx = (c: C) => c.req.header('hx-request') === 'true';

/** The SoA's filters from the URL; values that cannot match anything are dropped, never refused. */
function listQuery(c: C) {
  const q = readListQuery(c.req.url, { sortable: SOA_SORTS, defaultSort: 'control_id', filters: ['theme', 'applicable', 'status', 'gap'], perPage: 200 });
  for (const [k, v] of Object.entries(q.filters)) {
    if (!SoaFilter.safeParse({ [k]: v }).success) {
      delete q.filters[k];
      q.query.delete(k);
    }
  }
  return q;
}

async function listPage(c: C) {
  const ctx = ctxOf(c);
  const q = listQuery(c);
  const filter = parseOrThrow(SoaFilter, { ...q.filters, sort: q.sort, dir: q.dir });
  const current = await soa.currentSoa(ctx, filter);
  const [approved, latest] = [await soa.latestApprovedVersion(ctx, tz(c)), await soa.latestVersion(ctx, tz(c))];
  const state = listState(q, current.total);
  return renderPage(
    c,
    { title: t('soa.title'), active: 'soa' },
    <SoaListView
      rows={current.items}
      summary={current.summary}
      filters={q.filters}
      state={{ sort: state.sort, dir: state.dir, query: state.query, base: '/soa' }}
      framework={current.framework}
      approved={approved}
      latest={latest}
      can={{ write: can(roleOf(c), 'soa.write') }}
    />,
  );
}

async function exportDownload(c: C) {
  const q = parseOrThrow(ExportQuery, { format: c.req.query('format'), version: c.req.query('version') }, 'export');
  const s = c.get('services');
  const out = await exportSoa(ctxOf(c), { format: q.format, version: q.version, organisation: s.orgName, timeZone: s.timeZone });
  return c.body(new Uint8Array(out.body), 200, { 'Content-Type': out.contentType, 'Content-Disposition': `attachment; filename="${out.filename}"` });
}

/** The Annex A identifier in the path, or a 404 for anything that cannot be one. */
function controlIdOf(c: C): string {
  const r = ControlIdParam.safeParse({ control_id: c.req.param('control_id') });
  if (!r.success) throw notFound('The Annex A control');
  return r.data.control_id;
}

async function detailPage(c: C, edit: { values: EditValues; errors: { field: string; message: string }[] } | null = null, status: 200 | 400 = 200) {
  const ctx = ctxOf(c);
  const row = await soa.soaRow(ctx, controlIdOf(c));
  const role = roleOf(c);
  const history = can(role, 'audit.read')
    ? (await listAudit(ctx, { entity_type: 'soa_entry', entity_id: row.control_id, order: 'desc', limit: 50, offset: 0 })).items
    : null;
  const editing = can(role, 'soa.write') ? { csrf: c.get('csrfToken'), values: edit?.values ?? valuesOf(row), errors: edit?.errors ?? [] } : null;
  return renderPage(c, { title: `${row.control_id} ${row.title}`, active: 'soa' }, <RowDetailView row={row} history={history} timeZone={tz(c)} edit={editing} />, status);
}

const editRow = (c: C, row: SoaRowOut, values: EditValues, errors: { field: string; message: string }[]) =>
  c.html(<EditRow row={row} values={values} errors={errors} csrf={c.get('csrfToken')} inline next={`/soa#${rowAnchor(row.control_id)}`} />);

/** The edit form swapped into the table (htmx); without htmx, the control's page holds the form. */
async function editFragment(c: C) {
  const id = controlIdOf(c);
  if (!isHtmx(c)) return c.redirect(`/soa/${id}#edit`, 303);
  const row = await soa.soaRow(ctxOf(c), id);
  return editRow(c, row, valuesOf(row), []);
}

/** The display row again (htmx cancel). */
async function rowFragment(c: C) {
  const id = controlIdOf(c);
  if (!isHtmx(c)) return c.redirect(`/soa#${rowAnchor(id)}`, 303);
  const row = await soa.soaRow(ctxOf(c), id);
  return c.html(<SoaRow row={row} editable={can(roleOf(c), 'soa.write')} linked />);
}

async function saveRow(c: C) {
  const id = controlIdOf(c);
  const body = await c.req.parseBody();
  const values: EditValues = {
    applicable: typeof body.applicable === 'string' ? body.applicable : '',
    justification: typeof body.justification === 'string' ? body.justification : '',
  };
  const next = sameOriginPath(body.next) ?? `/soa/${id}`;
  // Raw values on purpose: the service validates and names each bad field.
  const applicable: unknown = values.applicable === 'true' ? true : values.applicable === 'false' ? false : values.applicable === '' ? undefined : values.applicable;
  try {
    const row = await soa.updateEntry(ctxOf(c), id, { applicable: applicable as boolean | undefined, justification: values.justification });
    if (isHtmx(c)) return c.html(<SoaRow row={row} editable linked />);
    return c.redirect(next, 303);
  } catch (e) {
    if (!isAppError(e) || e.status !== 400) throw e;
    const errors = e.errors?.length ? e.errors : [{ field: '(body)', message: e.message }];
    if (isHtmx(c)) return editRow(c, await soa.soaRow(ctxOf(c), id), values, errors);
    return detailPage(c, { values, errors }, 400);
  }
}

async function versionsPage(c: C, error: string | null = null, status: 200 | 409 = 200) {
  const q = readListQuery(c.req.url, { sortable: ['number'] as const, defaultSort: 'number', defaultDir: 'desc', filters: [] });
  const list = await soa.listVersions(ctxOf(c), { limit: q.perPage, offset: q.offset }, tz(c));
  return renderPage(
    c,
    { title: t('soa.versions.title'), active: 'soa' },
    <VersionsListView items={list.items} state={listState(q, list.total)} timeZone={tz(c)} canWrite={can(roleOf(c), 'soa.write')} csrf={c.get('csrfToken')} error={error} />,
    status,
  );
}

async function versionsCsvDownload(c: C) {
  const list = await soa.listVersions(ctxOf(c), { limit: 200, offset: 0 }, tz(c));
  return c.body(versionsCsv(list.items), 200, csvHeaders('soa-versions.csv'));
}

async function prepareSubmit(c: C) {
  const body = await c.req.parseBody();
  try {
    const v = await soa.prepareVersion(ctxOf(c), { note: typeof body.note === 'string' ? body.note : '' }, tz(c));
    return c.redirect(`/soa/versions/${v.number}`, 303);
  } catch (e) {
    if (!isAppError(e) || (e.status !== 409 && e.status !== 400)) throw e;
    const detail = e.errors?.map((f) => t(f.message)).join(' ') || e.message;
    return versionsPage(c, detail, 409);
  }
}

async function versionPage(c: C, approve: ApproveState | null = null, status: 200 | 400 | 409 = 200) {
  const ctx = ctxOf(c);
  const { n } = parseOrThrow(VersionParam, { n: c.req.param('n') }, 'path');
  const v = await soa.getVersion(ctx, n, tz(c));
  const canApprove = can(roleOf(c), 'soa.approve') && v.status === 'draft';
  const title = approve?.title ?? (canApprove ? ((await personByEmail(ctx, c.get('auth')!.user.email))?.title ?? '') : '');
  return renderPage(
    c,
    { title: t('soa.version.heading', { n }), active: 'soa' },
    <VersionDetailView v={v} timeZone={tz(c)} canApprove={canApprove} csrf={c.get('csrfToken')} approve={{ title, error: approve?.error ?? null }} justApproved={c.req.query('approved') === '1'} />,
    status,
  );
}

async function approveSubmit(c: C) {
  const { n } = parseOrThrow(VersionParam, { n: c.req.param('n') }, 'path');
  const body = await c.req.parseBody();
  const title = typeof body.title === 'string' ? body.title : '';
  try {
    await soa.approveVersion(ctxOf(c), n, { acknowledge_gaps: body.acknowledge_gaps === 'true', title }, tz(c));
    return c.redirect(`/soa/versions/${n}?approved=1`, 303);
  } catch (e) {
    if (!isAppError(e) || (e.status !== 409 && e.status !== 400)) throw e;
    const field = e.errors?.[0]?.field ?? null;
    const message = [e.message, ...(e.errors ?? []).map((f) => t(f.message))].join(' ');
    return versionPage(c, { title, error: { message, field } }, e.status as 400 | 409);
  }
}

async function diffPage(c: C) {
  const p = parseOrThrow(DiffParams, { a: c.req.param('a'), b: c.req.param('b') }, 'path');
  const d = await soa.diffVersions(ctxOf(c), p.a, p.b);
  return renderPage(c, { title: t('soa.diff.pageTitle'), active: 'soa' }, <DiffView d={d} />);
}

export function registerSoaPages(app: Hono<AppEnv>): void {
  app.get('/soa', guard('soa.read', listPage));
  // Fixed paths before /soa/:control_id, so "export" and "versions" are never taken for a control.
  app.get('/soa/export', guard('soa.read', exportDownload));
  app.get('/soa/versions', guard('soa.read', (c) => versionsPage(c)));
  app.get('/soa/versions/export.csv', guard('soa.read', versionsCsvDownload));
  app.post('/soa/versions', guard('soa.write', prepareSubmit));
  app.get('/soa/versions/:n', guard('soa.read', (c) => versionPage(c)));
  app.post('/soa/versions/:n/approve', guard('soa.approve', approveSubmit));
  app.get('/soa/versions/:a/diff/:b', guard('soa.read', diffPage));
  app.get('/soa/:control_id', guard('soa.read', (c) => detailPage(c)));
  app.get('/soa/:control_id/edit', guard('soa.write', editFragment));
  app.get('/soa/:control_id/row', guard('soa.read', rowFragment));
  app.post('/soa/:control_id', guard('soa.write', saveRow));
}
