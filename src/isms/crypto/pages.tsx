// Crypto policy pages: the list, a policy's detail, copying a policy and editing an organisation's
// rules, and the CSV and JSON exports.
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
import { CopyForm, EditForm, ruleValues, type CopyValues, type EditValues, type RuleValues } from './form-view.js';
import './messages.js';
import type { Rule } from './policy-schema.js';
import { POLICY_SORTS, type PolicySort } from './repo.js';
import type { CopyInput, PolicyOut, PolicyPatch } from './schema.js';
import * as crypto from './service.js';
import { POLICY_KINDS, type PolicyKind } from './tables.js';
import { DetailView, ListView } from './views.js';

type C = Context<AppEnv>;
const roleOf = (c: C) => c.get('auth')!.role;

function listQuery(c: C) {
  const q = readListQuery<PolicySort>(c.req.url, { sortable: POLICY_SORTS, defaultSort: 'name', filters: ['q', 'kind'] });
  // Hand-edited filters that cannot match anything are dropped rather than refused.
  for (const [k, v] of Object.entries(q.filters)) {
    if (hasControlChars(v) || (k === 'kind' && !POLICY_KINDS.includes(v as PolicyKind))) {
      delete q.filters[k];
      q.query.delete(k);
    }
  }
  return q;
}

const filterOf = (f: Record<string, string>) => ({ q: f.q, kind: f.kind as PolicyKind | undefined });

async function listPage(c: C) {
  const ctx = ctxOf(c);
  const q = listQuery(c);
  const { items, total } = await crypto.listPolicies(ctx, { ...filterOf(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  const counts = await crypto.cryptoSummary(ctx);
  return renderPage(
    c,
    { title: t('crypto.title'), active: 'crypto' },
    <ListView items={items} state={listState(q, total)} filters={q.filters} hasOwn={counts.organisation > 0} canWrite={can(roleOf(c), 'crypto.write')} timeZone={c.get('services').timeZone} />,
  );
}

async function listCsv(c: C) {
  const q = listQuery(c);
  return c.body(await crypto.exportPoliciesCsv(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir }), 200, csvHeaders('crypto-policies.csv'));
}

async function detailPage(c: C) {
  const ctx = ctxOf(c);
  const id = c.req.param('id')!;
  const policy = await crypto.getPolicy(ctx, id);
  const role = roleOf(c);
  const baseline = policy.baseline_id ? await crypto.getPolicy(ctx, policy.baseline_id).catch(() => null) : null;
  const names = await crypto.policyNames(ctx, policy.copied_from_id ? [policy.copied_from_id] : []);
  const history = can(role, 'audit.read') ? await crypto.policyHistory(ctx, id) : null;
  return renderPage(
    c,
    { title: policy.name, active: 'crypto' },
    <DetailView
      policy={policy}
      baselineRevision={baseline?.revision ?? null}
      copiedFromName={policy.copied_from_id ? (names.get(policy.copied_from_id) ?? null) : null}
      versions={await crypto.policyVersions(ctx, id)}
      history={history}
      canWrite={can(role, 'crypto.write')}
      timeZone={c.get('services').timeZone}
    />,
  );
}

/** Validation and conflict errors go back to the form; anything else is a real error page. */
const formError = (e: unknown): AppError | null => (isAppError(e) && (e.status === 400 || e.status === 409) ? e : null);
const errorsOf = (e: AppError) => (e.errors?.length ? e.errors : [{ field: '(form)', message: e.message }]);

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const texts = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

function copyPage(c: C, from: PolicyOut, values: CopyValues, errors: { field: string; message: string }[], status: 200 | 400 | 409 = 200) {
  return renderPage(c, { title: t('crypto.copy.title', { name: from.name }), active: 'crypto' }, <CopyForm from={from} values={values} errors={errors} csrf={c.get('csrfToken')} />, status);
}

async function copySubmit(c: C) {
  const ctx = ctxOf(c);
  const from = await crypto.getPolicy(ctx, c.req.param('id')!);
  const body = await c.req.parseBody();
  const values: CopyValues = { name: text(body.name), description: text(body.description), scope: text(body.scope) };
  try {
    // Raw strings on purpose: the service validates every field and reports each one.
    const p = await crypto.copyPolicy(ctx, from.id, values as CopyInput);
    return c.redirect(`/crypto/${p.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return copyPage(c, from, values, errorsOf(fe), fe.status as 400 | 409);
  }
}

/** A rule as edited: the stored rule with the posted setting in place of each editable field. */
function editedRule(r: Rule, v: RuleValues): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r, severity: v.severity };
  // A blank or non-numeric entry stays a string so validation names the field instead of guessing.
  const bits = (s: string | undefined) => (s !== undefined && /^\s*\d{1,6}\s*$/.test(s) ? Number(s) : (s ?? ''));
  if ('min' in r) out.min = v.min;
  if ('version' in r) out.version = v.version;
  if ('min_bits' in r) out.min_bits = bits(v.min_bits);
  if ('allow' in r) out.allow = v.allow ?? [];
  if ('modes' in r) out.modes = v.modes ?? [];
  if ('algorithms' in r) out.algorithms = v.algorithms ?? [];
  if (r.kind === 'certificate_wildcard') out.allowed = v.allowed === true;
  return out;
}

function postedRuleValues(body: Record<string, unknown>, rules: Rule[]): RuleValues[] {
  return rules.map((r, i) => {
    const f = (name: string) => body[`r${i}.${name}`];
    const v: RuleValues = { severity: text(f('severity')) };
    if (r.kind === 'protocol_min') v.min = text(f('min'));
    if (r.kind === 'protocol_offered') v.version = text(f('version'));
    if ('min_bits' in r) v.min_bits = text(f('min_bits'));
    if ('allow' in r) v.allow = texts(f('allow'));
    if ('modes' in r) v.modes = texts(f('modes'));
    if ('algorithms' in r) v.algorithms = texts(f('algorithms'));
    if (r.kind === 'certificate_wildcard') v.allowed = text(f('allowed')) === 'true';
    return v;
  });
}

async function editPage(c: C, policy: PolicyOut, values: EditValues, errors: { field: string; message: string }[], status: 200 | 400 | 409 = 200) {
  const baseline = policy.baseline_id ? await crypto.getPolicy(ctxOf(c), policy.baseline_id).catch(() => null) : null;
  return renderPage(
    c,
    { title: t('crypto.edit.title', { name: policy.name }), active: 'crypto' },
    <EditForm policy={policy} rules={policy.rules} baselineRuleIds={new Set(baseline?.rules.map((r) => r.id) ?? [])} values={values} errors={errors} csrf={c.get('csrfToken')} />,
    status,
  );
}

async function editForm(c: C) {
  const policy = await crypto.getPolicy(ctxOf(c), c.req.param('id')!);
  if (policy.kind !== 'organisation') return c.redirect(`/crypto/${policy.id}`, 303);
  const values: EditValues = { name: policy.name, description: policy.description ?? '', scope: policy.scope ?? '', revision: String(policy.revision), rules: policy.rules.map(ruleValues) };
  return editPage(c, policy, values, []);
}

async function editSubmit(c: C) {
  const ctx = ctxOf(c);
  const policy = await crypto.getPolicy(ctx, c.req.param('id')!);
  const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  const values: EditValues = {
    name: text(body.name),
    description: text(body.description),
    scope: text(body.scope),
    revision: text(body.revision),
    rules: postedRuleValues(body, policy.rules),
  };
  const revision = /^\d{1,9}$/.test(values.revision) ? Number(values.revision) : policy.revision;
  try {
    const patch = { name: values.name, description: values.description, scope: values.scope, revision, rules: policy.rules.map((r, i) => editedRule(r, values.rules[i]!)) };
    await crypto.updatePolicy(ctx, policy.id, patch as unknown as PolicyPatch);
    return c.redirect(`/crypto/${policy.id}`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return editPage(c, policy, values, errorsOf(fe), fe.status as 400 | 409);
  }
}

async function rulesCsv(c: C) {
  const { csv } = await crypto.exportRulesCsv(ctxOf(c), c.req.param('id')!);
  return c.body(csv, 200, csvHeaders(`crypto-policy-${c.req.param('id')}-rules.csv`));
}

async function exportJson(c: C) {
  const doc = await crypto.exportPolicy(ctxOf(c), c.req.param('id')!);
  return c.body(JSON.stringify(doc, null, 2) + '\n', 200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="crypto-policy-${doc.id.replace(/[^A-Za-z0-9._-]/g, '_')}.json"`,
  });
}

export function registerCryptoPages(app: Hono<AppEnv>): void {
  app.get('/crypto', guard('crypto.read', listPage));
  app.get('/crypto/export.csv', guard('crypto.read', listCsv));
  app.get('/crypto/:id', guard('crypto.read', detailPage));
  app.get('/crypto/:id/rules.csv', guard('crypto.read', rulesCsv));
  app.get('/crypto/:id/export.json', guard('crypto.read', exportJson));
  app.get(
    '/crypto/:id/copy',
    guard('crypto.write', async (c) => {
      const from = await crypto.getPolicy(ctxOf(c), c.req.param('id')!);
      return copyPage(c, from, { name: '', description: from.description ?? '', scope: '' }, []);
    }),
  );
  app.post('/crypto/:id/copy', guard('crypto.write', copySubmit));
  app.get('/crypto/:id/edit', guard('crypto.write', editForm));
  app.post('/crypto/:id/edit', guard('crypto.write', editSubmit));
  // The navigation's first address for this area; kept so old links still land.
  app.get(
    '/crypto-policy',
    guard('crypto.read', (c) => c.redirect('/crypto', 301)),
  );
}
