// Asset inventory pages: list, detail, add/edit forms, retire/reactivate and the CSV import with its preview.
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
import { peopleNames } from '../people/service.js';
import { ASSET_KINDS, ASSET_STATUSES, CLASSIFICATIONS, ENVIRONMENTS } from '../tables.js';
import { textStream } from './api.js';
import { CSV_COLUMNS } from './csv.js';
import { DetailView, ownerIdsIn } from './detail-view.js';
import { AssetForm, emptyForm, FORM_FIELDS, type FormValues } from './form-view.js';
import { ImportForm, ImportPreview } from './import-view.js';
import { tMsg } from './messages.js';
import { ASSET_SORTS, type AssetDetailOut, type AssetsFilter, type AssetPatch, type NewAssetInput } from './schema.js';
import * as assets from './service.js';
import { ListView } from './views.js';

type C = Context<AppEnv>;

const roleOf = (c: C) => c.get('auth')!.role;
const FILTERS = ['q', 'kind', 'classification', 'environment', 'owner', 'status'] as const;
const ALLOWED: Partial<Record<(typeof FILTERS)[number], readonly string[]>> = {
  kind: ASSET_KINDS,
  classification: CLASSIFICATIONS,
  environment: [...ENVIRONMENTS, 'none'],
  status: ASSET_STATUSES,
};

function listQuery(c: C) {
  const q = readListQuery(c.req.url, { sortable: ASSET_SORTS, defaultSort: 'ref', filters: FILTERS });
  // Hand-edited filters that cannot match anything (an unknown kind, control characters, which
  // PostgreSQL refuses in text) are dropped rather than refused.
  for (const [k, v] of Object.entries(q.filters)) {
    const allowed = ALLOWED[k as (typeof FILTERS)[number]];
    if (hasControlChars(v) || (allowed && !allowed.includes(v)) || (k === 'owner' && v.length > 64)) {
      delete q.filters[k];
      q.query.delete(k);
    }
  }
  return q;
}

const filterOf = (f: Record<string, string>): Omit<AssetsFilter, 'sort' | 'dir'> => f as Omit<AssetsFilter, 'sort' | 'dir'>;
const count = (v: string | undefined) => (v && /^\d{1,6}$/.test(v) ? Number(v) : null);

async function listPage(c: C) {
  const ctx = ctxOf(c);
  const q = listQuery(c);
  const inventory = await assets.assetInventory(ctx, { ...filterOf(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  const owners = await assets.assetOwners(ctx);
  const role = roleOf(c);
  const [created, changed] = [count(c.req.query('created')), count(c.req.query('changed'))];
  return renderPage(
    c,
    { title: t('assets.title'), active: 'assets' },
    <ListView
      inventory={inventory}
      state={listState(q, inventory.total)}
      filters={q.filters}
      owners={owners}
      can={{ write: can(role, 'assets.write'), import: can(role, 'assets.import') }}
      timeZone={c.get('services').timeZone}
      imported={created !== null && changed !== null ? { created, changed } : null}
    />,
  );
}

function exportCsv(c: C) {
  const q = listQuery(c);
  return c.body(textStream(assets.exportAssetsCsv(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir })), 200, csvHeaders('assets.csv'));
}

async function detailPage(c: C) {
  const ctx = ctxOf(c);
  const asset = await assets.assetDetail(ctx, c.req.param('id')!);
  const role = roleOf(c);
  const { risks, controls } = await assets.assetLinks(ctx, asset.id);
  const history = can(role, 'audit.read') ? await assets.assetHistory(ctx, asset.id) : null;
  const names = history && can(role, 'people.read') ? await peopleNames(ctx, ownerIdsIn(history)) : new Map<string, string>();
  return renderPage(
    c,
    { title: asset.name, active: 'assets' },
    <DetailView
      asset={asset}
      ownerStatus={asset.owner_status}
      risks={risks}
      controls={controls}
      history={history}
      names={names}
      canWrite={can(role, 'assets.write')}
      csrf={c.get('csrfToken')}
      timeZone={c.get('services').timeZone}
    />,
  );
}

const valuesOf = (a: AssetDetailOut): FormValues => ({
  ref: a.ref,
  name: a.name,
  kind: a.kind,
  description: a.description ?? '',
  owner_id: a.owner_id ?? '',
  classification: a.classification,
  confidentiality: String(a.confidentiality),
  integrity: String(a.integrity),
  availability: String(a.availability),
  environment: a.environment ?? '',
  depends_on: a.depends_on.map((d) => d.ref).join('; '),
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

/**
 * The form as service input. Raw strings on purpose: the service validates every field and names
 * each bad one. Only the shapes a browser cannot send are adapted: C, I and A as numbers when they
 * are digits, and the dependency list split at semicolons, commas or spaces.
 */
function inputOf(v: FormValues, mode: 'new' | 'edit'): Record<string, unknown> {
  const num = (s: string) => (/^\s*\d{1,2}\s*$/.test(s) ? Number(s) : s);
  return {
    ...(mode === 'edit' || v.ref.trim() ? { ref: v.ref } : {}),
    name: v.name,
    kind: v.kind,
    description: v.description,
    owner_id: v.owner_id,
    classification: v.classification,
    confidentiality: num(v.confidentiality),
    integrity: num(v.integrity),
    availability: num(v.availability),
    environment: v.environment,
    depends_on: v.depends_on.split(/[;,\s]+/).filter(Boolean),
  };
}

async function formPage(c: C, mode: 'new' | 'edit', values: FormValues, errors: { field: string; message: string }[], asset?: { id: string; name: string }, status: 200 | 400 | 409 = 200) {
  const owners = await assets.ownerChoices(ctxOf(c), values.owner_id || null);
  const title = mode === 'new' ? t('assets.form.newTitle') : t('assets.form.editTitle', { name: asset!.name });
  return renderPage(
    c,
    { title, active: 'assets' },
    <AssetForm mode={mode} {...(asset ? { asset } : {})} values={values} errors={errors} owners={owners} csrf={c.get('csrfToken')} />,
    status,
  );
}

/** Validation and conflict errors go back to the form; anything else is a real error page. */
const formError = (e: unknown): AppError | null => (isAppError(e) && (e.status === 400 || e.status === 409) && e.errors?.length ? e : null);

async function createSubmit(c: C) {
  const values = await postedValues(c);
  try {
    const a = await assets.createAsset(ctxOf(c), inputOf(values, 'new') as NewAssetInput);
    return c.redirect(`/assets/${a.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, 'new', values, fe.errors!, undefined, fe.status as 400 | 409);
  }
}

async function editSubmit(c: C) {
  const asset = await assets.getAsset(ctxOf(c), c.req.param('id')!);
  const values = await postedValues(c);
  try {
    await assets.updateAsset(ctxOf(c), asset.id, inputOf(values, 'edit') as AssetPatch);
    return c.redirect(`/assets/${asset.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return formPage(c, 'edit', values, fe.errors!, asset, fe.status as 400 | 409);
  }
}

function statusChange(verb: typeof assets.retireAsset) {
  return async (c: C) => {
    const a = await verb(ctxOf(c), c.req.param('id')!);
    return c.redirect(`/assets/${a.id}`, 303);
  };
}

function importForm(c: C, pasted: string, error: AppError | null) {
  const details = error?.errors?.filter((e) => e.field === 'columns').map((e) => tMsg(e.message)) ?? [];
  // A wrong header lists each problem below one translated lead; other file problems are one sentence.
  const message = details.length ? t('assets.import.headerLead', { columns: CSV_COLUMNS.join(', ') }) : error ? tMsg(error.message) : '';
  return renderPage(
    c,
    { title: t('assets.import.title'), active: 'assets' },
    <ImportForm csrf={c.get('csrfToken')} pasted={pasted} error={error ? { message, details } : null} />,
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
      throw badRequest(t('assets.import.notUtf8'));
    }
  }
  const pasted = typeof body.csv === 'string' ? body.csv : '';
  if (!pasted.trim()) throw badRequest(t('assets.import.nothingSent'));
  return pasted;
}

const previewPage = (c: C, result: Awaited<ReturnType<typeof assets.importAssets>>, csv: string, status: 200 | 400 = 200) =>
  renderPage(c, { title: t('assets.import.previewTitle'), active: 'assets' }, <ImportPreview result={result} csv={csv} csrf={c.get('csrfToken')} />, status);

async function importPreview(c: C) {
  const body = await c.req.parseBody();
  const pasted = typeof body.csv === 'string' ? body.csv : '';
  try {
    const csv = await uploadedCsv(body);
    return previewPage(c, await assets.importAssets(ctxOf(c), csv, { dryRun: true }), csv);
  } catch (e) {
    if (isAppError(e) && e.status === 400) return importForm(c, pasted.slice(0, 100_000), e);
    throw e;
  }
}

async function importApply(c: C) {
  const body = await c.req.parseBody();
  const csv = typeof body.csv === 'string' ? body.csv : '';
  const ctx = ctxOf(c);
  try {
    // Validated again from scratch: the hidden field is only as trustworthy as the browser.
    const r = await assets.importAssets(ctx, csv, { dryRun: false });
    return c.redirect(`/assets?created=${r.summary.new}&changed=${r.summary.changes}`, 303);
  } catch (e) {
    if (!isAppError(e) || e.status !== 400) throw e;
    // Rows went wrong since the preview (or the field was tampered with): show the fresh preview.
    const result = await assets.importAssets(ctx, csv, { dryRun: true }).catch(() => null);
    return result ? previewPage(c, result, csv, 400) : importForm(c, '', e);
  }
}

export function registerAssetsPages(app: Hono<AppEnv>): void {
  app.get('/assets', guard('assets.read', listPage));
  app.get('/assets/export.csv', guard('assets.read', exportCsv));
  app.get('/assets/new', guard('assets.write', (c) => formPage(c, 'new', emptyForm(), [])));
  app.post('/assets/new', guard('assets.write', createSubmit));
  app.get('/assets/import', guard('assets.import', (c) => importForm(c, '', null)));
  app.post('/assets/import', guard('assets.import', importPreview));
  app.post('/assets/import/apply', guard('assets.import', importApply));
  app.get('/assets/:id', guard('assets.read', detailPage));
  app.get(
    '/assets/:id/edit',
    guard('assets.write', async (c) => {
      const asset = await assets.assetDetail(ctxOf(c), c.req.param('id')!);
      return formPage(c, 'edit', valuesOf(asset), [], asset);
    }),
  );
  app.post('/assets/:id/edit', guard('assets.write', editSubmit));
  app.post('/assets/:id/retire', guard('assets.write', statusChange(assets.retireAsset)));
  app.post('/assets/:id/reactivate', guard('assets.write', statusChange(assets.reactivateAsset)));
}
