// Frameworks pages: the catalogue list, a framework with its requirements, a requirement with its
// licensed text, downloads (CSV, OSCAL) and the OSCAL import with its preview.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { csvHeaders } from '../../core/csv.js';
import { AppError, badRequest, isAppError } from '../../core/errors.js';
import { hasControlChars } from '../../core/text.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState, readListQuery } from '../../web/list.js';
import { downloadName } from './api.js';
import { REQUIREMENT_KINDS, type RequirementKind } from './catalogue-schema.js';
import { ImportForm, ImportPreview } from './import-view.js';
import './messages.js';
import { exportOscal, importOscal } from './oscal-service.js';
import { RequirementView } from './requirement-view.js';
import { MSG, REQUIREMENT_SORTS, REQUIREMENT_STATUSES } from './schema.js';
import * as frameworks from './service.js';
import { FrameworkListView, FrameworkView, frameworkHref, requirementHref } from './views.js';

type C = Context<AppEnv>;

const roleOf = (c: C) => c.get('auth')!.role;
const timeZoneOf = (c: C) => c.get('services').timeZone;

function listQuery(c: C) {
  const q = readListQuery(c.req.url, { sortable: REQUIREMENT_SORTS, defaultSort: 'order', filters: ['q', 'group', 'kind', 'status'] });
  // Hand-edited filters that cannot match anything are dropped rather than refused.
  for (const [k, v] of Object.entries(q.filters)) {
    const bad =
      hasControlChars(v) ||
      (k === 'group' && v.length > 40) ||
      (k === 'kind' && !REQUIREMENT_KINDS.includes(v as RequirementKind)) ||
      (k === 'status' && !(REQUIREMENT_STATUSES as readonly string[]).includes(v));
    if (bad) {
      delete q.filters[k];
      q.query.delete(k);
    }
  }
  return q;
}

const filterOf = (f: Record<string, string>) => ({
  q: f.q,
  group: f.group,
  kind: f.kind as RequirementKind | undefined,
  status: f.status as (typeof REQUIREMENT_STATUSES)[number] | undefined,
});

const count = (v: string | undefined) => (v && /^\d{1,6}$/.test(v) ? Number(v) : null);

async function listPage(c: C) {
  const items = await frameworks.listFrameworks(ctxOf(c));
  return renderPage(c, { title: t('frameworks.title'), active: 'frameworks' }, <FrameworkListView items={items} canManage={can(roleOf(c), 'frameworks.manage')} timeZone={timeZoneOf(c)} />);
}

async function frameworkPage(c: C) {
  const ctx = ctxOf(c);
  const framework = await frameworks.getFramework(ctx, c.req.param('id')!);
  const q = listQuery(c);
  const { items, total } = await frameworks.requirementTable(ctx, framework.id, { ...filterOf(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  const [added, changed, removed] = [count(c.req.query('added')), count(c.req.query('changed')), count(c.req.query('removed'))];
  const imported = added !== null && changed !== null && removed !== null ? { added, changed, removed } : null;
  return renderPage(
    c,
    { title: framework.name, active: 'frameworks' },
    <FrameworkView framework={framework} items={items} state={listState(q, total)} filters={q.filters} timeZone={timeZoneOf(c)} imported={imported} />,
  );
}

async function exportCsv(c: C) {
  const q = listQuery(c);
  const id = c.req.param('id')!;
  const csv = await frameworks.exportRequirementsCsv(ctxOf(c), id, { ...filterOf(q.filters), sort: q.sort, dir: q.dir });
  return c.body(csv, 200, csvHeaders(downloadName(id, '-requirements.csv')));
}

async function exportOscalFile(c: C) {
  const id = c.req.param('id')!;
  const doc = await exportOscal(ctxOf(c), id);
  return c.body(JSON.stringify(doc, null, 2), 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="${downloadName(id, '.oscal.json')}"`,
  });
}

async function requirementPage(c: C, extra: { draft?: { text: string; error: string }; status?: 200 | 400 } = {}) {
  const ctx = ctxOf(c);
  const detail = await frameworks.requirementDetail(ctx, c.req.param('id')!, c.req.param('ref')!);
  const history = await frameworks.requirementHistory(ctx, detail.requirement.id);
  return renderPage(
    c,
    { title: `${detail.requirement.ref} ${detail.requirement.title}`, active: 'frameworks' },
    <RequirementView
      detail={detail}
      canManage={can(roleOf(c), 'frameworks.manage')}
      csrf={c.get('csrfToken')}
      history={history}
      timeZone={timeZoneOf(c)}
      draft={extra.draft}
      saved={c.req.query('saved') === '1'}
    />,
    extra.status ?? 200,
  );
}

async function licensedTextSubmit(c: C) {
  const body = await c.req.parseBody();
  const remove = body.remove === '1';
  const text = typeof body.licensed_text === 'string' ? body.licensed_text : '';
  const id = c.req.param('id')!;
  const ref = c.req.param('ref')!;
  try {
    await frameworks.setLicensedText(ctxOf(c), id, ref, { licensed_text: remove ? null : text });
    return c.redirect(`${requirementHref(id, ref)}?saved=1`, 303);
  } catch (e) {
    if (!isAppError(e) || e.status !== 400) throw e;
    const message = e.errors?.[0]?.message ?? e.message;
    // Show at most what the field can hold; a hostile megabyte is not echoed back whole.
    return requirementPage(c, { draft: { text: text.slice(0, 20_000), error: t(message) }, status: 400 });
  }
}

function importForm(c: C, pasted: string, id: string, error: AppError | null) {
  return renderPage(
    c,
    { title: t('frameworks.import.title'), active: 'frameworks' },
    <ImportForm
      csrf={c.get('csrfToken')}
      pasted={pasted.length <= 200_000 ? pasted : ''}
      id={id}
      maxBytes={c.get('services').limits.maxBodyBytes}
      error={error ? { message: t(error.message), details: error.errors ?? [] } : null}
    />,
    error ? (error.status === 409 ? 409 : 400) : 200,
  );
}

/** The JSON from the upload (a file wins over pasted text), within the API's body limit. */
async function uploadedJson(c: C, body: Record<string, string | File | (string | File)[]>): Promise<{ text: string; doc: unknown }> {
  const limit = c.get('services').limits.maxBodyBytes;
  let text: string;
  const file = body.file;
  if (file instanceof File && file.size > 0) {
    if (file.size > limit) throw badRequest(t(MSG.tooLarge), [{ field: '(file)', message: `${file.size} > ${limit} bytes` }]);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      throw badRequest(t(MSG.notUtf8));
    }
  } else {
    text = typeof body.json === 'string' ? body.json : '';
    if (!text.trim()) throw badRequest(t(MSG.nothingSent));
    if (Buffer.byteLength(text) > limit) throw badRequest(t(MSG.tooLarge), [{ field: '(file)', message: `> ${limit} bytes` }]);
  }
  try {
    return { text, doc: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (e) {
    throw badRequest(t(MSG.notJson), [{ field: '(file)', message: (e as Error).message.slice(0, 200) }]);
  }
}

const idOf = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 64) : '');

async function importPreview(c: C) {
  const body = await c.req.parseBody();
  const id = idOf(body.id);
  const pasted = typeof body.json === 'string' ? body.json : '';
  try {
    const { text, doc } = await uploadedJson(c, body);
    const result = await importOscal(ctxOf(c), doc, { dryRun: true, id: id || undefined });
    return renderPage(c, { title: t('frameworks.import.previewTitle', { name: result.framework.name }), active: 'frameworks' }, <ImportPreview result={result} json={text} id={id} csrf={c.get('csrfToken')} />);
  } catch (e) {
    if (isAppError(e) && (e.status === 400 || e.status === 409)) return importForm(c, pasted, id, e);
    throw e;
  }
}

async function importApply(c: C) {
  const body = await c.req.parseBody();
  const id = idOf(body.id);
  try {
    // Validated again from scratch: the hidden field is only as trustworthy as the browser.
    const { doc } = await uploadedJson(c, body);
    const r = await importOscal(ctxOf(c), doc, { dryRun: false, id: id || undefined });
    return c.redirect(`${frameworkHref(r.framework.id)}?added=${r.summary.added}&changed=${r.summary.changed + r.summary.restored}&removed=${r.summary.removed + r.summary.withdrawn}`, 303);
  } catch (e) {
    if (isAppError(e) && (e.status === 400 || e.status === 409)) return importForm(c, '', id, e);
    throw e;
  }
}

export function registerFrameworksPages(app: Hono<AppEnv>): void {
  app.get('/frameworks', guard('frameworks.read', listPage));
  app.get('/frameworks/import', guard('frameworks.manage', (c) => importForm(c, '', '', null)));
  app.post('/frameworks/import', guard('frameworks.manage', importPreview));
  app.post('/frameworks/import/apply', guard('frameworks.manage', importApply));
  app.get('/frameworks/:id', guard('frameworks.read', frameworkPage));
  app.get('/frameworks/:id/requirements.csv', guard('frameworks.read', exportCsv));
  app.get('/frameworks/:id/oscal.json', guard('frameworks.read', exportOscalFile));
  app.get(
    '/frameworks/:id/requirements/:ref',
    guard('frameworks.read', (c) => requirementPage(c)),
  );
  app.post('/frameworks/:id/requirements/:ref/licensed-text', guard('frameworks.manage', licensedTextSubmit));
}
