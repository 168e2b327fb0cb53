// Policy pages: the list, a new policy (blank or from a template), the policy page, its details
// form, and the reader's acknowledgement and the owner's review confirmation.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { csvHeaders } from '../../core/csv.js';
import { hasControlChars } from '../../core/text.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState, readListQuery } from '../../web/list.js';
import { managerOptions } from '../people/service.js';
import { registerCampaignPages } from './campaign-pages.js';
import { flashOf, formError, roleOf } from './page-helpers.js';
import { acknowledgePolicy, listCampaigns, myAcknowledgement, myPending } from './campaigns.js';
import { DetailView, type ShownVersion } from './detail-view.js';
import { DetailsForm, emptyForm, FORM_FIELDS, NewPolicyForm, type FormValues } from './form-view.js';
import { ListView } from './list-view.js';
import './messages.js';
import { POLICY_SORTS, POLICY_STATUS_FILTERS, REVIEW_STATES, type NewPolicyInput, type PolicyFilter, type PolicyOut, type PolicyPatch } from './schema.js';
import { confirmReview, createPolicy, exportPoliciesCsv, getPolicy, listPolicies, listVersions, policyHistory, readVersion, updatePolicy } from './service.js';
import { POLICY_LEVELS } from './tables.js';
import { policyTemplates } from './templates.js';
import { registerVersionPages } from './version-pages.js';
import { todayOf } from './rules.js';

type C = Context<AppEnv>;

const ENUMS: Record<string, readonly string[]> = { level: POLICY_LEVELS, status: POLICY_STATUS_FILTERS, review: REVIEW_STATES };

function listQuery(c: C, drafts: boolean) {
  const q = readListQuery(c.req.url, { sortable: POLICY_SORTS, defaultSort: 'ref', filters: drafts ? ['q', 'level', 'status', 'owner_id', 'review'] : ['q', 'level', 'review'] });
  // Hand-edited filters that cannot match anything are dropped rather than refused.
  for (const [k, v] of Object.entries(q.filters)) {
    if (hasControlChars(v) || (ENUMS[k] && !ENUMS[k].includes(v))) {
      delete q.filters[k];
      q.query.delete(k);
    }
  }
  return q;
}

const filterOf = (f: Record<string, string>): Partial<PolicyFilter> => ({
  q: f.q,
  level: f.level as PolicyFilter['level'],
  status: f.status as PolicyFilter['status'],
  owner_id: f.owner_id,
  review: f.review as PolicyFilter['review'],
});

async function listPage(c: C) {
  const ctx = ctxOf(c);
  const role = roleOf(c);
  const drafts = can(role, 'policy_drafts.read');
  const q = listQuery(c, drafts);
  const { items, total } = await listPolicies(ctx, { ...filterOf(q.filters), sort: q.sort, dir: q.dir, limit: q.perPage, offset: q.offset });
  const pending = can(role, 'policies.acknowledge') ? (await myPending(ctx)).items : [];
  const owners = drafts && total > 0 ? await managerOptions(ctx, q.filters.owner_id ?? null) : [];
  return renderPage(
    c,
    { title: t('policies.title'), active: 'policies' },
    <ListView items={items} state={listState(q, total)} filters={q.filters} owners={owners} pending={pending} today={todayOf(ctx.clock)} can={{ write: can(role, 'policies.write'), drafts }} />,
  );
}

async function exportCsv(c: C) {
  const q = listQuery(c, can(roleOf(c), 'policy_drafts.read'));
  const csv = await exportPoliciesCsv(ctxOf(c), { ...filterOf(q.filters), sort: q.sort, dir: q.dir } as PolicyFilter);
  return c.body(csv, 200, csvHeaders('policies.csv'));
}

/** The version a reader is shown: the published one, or (for oversight) the open draft before any publication. */
async function shownVersion(c: C, p: PolicyOut, drafts: boolean): Promise<ShownVersion | null> {
  const n = p.published_version ?? (drafts ? p.open_version : null);
  if (n === null) return null;
  const { version, html } = await readVersion(ctxOf(c), p.id, n);
  return { number: version.number, status: version.status, html, approved_by: version.approved_by, approved_at: version.approved_at, published_at: version.published_at };
}

async function detailPage(c: C) {
  const ctx = ctxOf(c);
  const role = roleOf(c);
  const drafts = can(role, 'policy_drafts.read');
  const policy = await getPolicy(ctx, c.req.param('id')!);
  const acknowledge = can(role, 'policies.acknowledge');
  const own = acknowledge ? await myAcknowledgement(ctx, policy.id) : null;
  const pending = own && !own.acknowledged_at ? ((await myPending(ctx)).items.find((i) => i.policy_id === policy.id) ?? null) : null;
  return renderPage(
    c,
    { title: policy.title, active: 'policies' },
    <DetailView
      policy={policy}
      shown={await shownVersion(c, policy, drafts)}
      versions={drafts ? await listVersions(ctx, policy.id) : null}
      campaigns={drafts ? await listCampaigns(ctx, policy.id) : null}
      ack={own ? { ...own, pending } : null}
      history={can(role, 'audit.read') ? await policyHistory(ctx, policy.id) : null}
      can={{ write: can(role, 'policies.write'), approve: can(role, 'policies.approve'), drafts, acknowledge }}
      csrf={c.get('csrfToken')}
      today={todayOf(ctx.clock)}
      timeZone={c.get('services').timeZone}
      flash={flashOf(c)}
    />,
  );
}

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

/** Blank form fields mean "not given" (the template's value, or unchanged). */
const given = (s: string) => (s.trim() === '' ? undefined : s);

async function newForm(c: C, values: FormValues, errors: { field: string; message: string }[], status: 200 | 400 = 200) {
  const owners = await managerOptions(ctxOf(c), values.owner_id || null);
  return renderPage(
    c,
    { title: t('policies.form.newTitle'), active: 'policies' },
    <NewPolicyForm values={values} errors={errors} owners={owners} csrf={c.get('csrfToken')} templates={policyTemplates()} />,
    status,
  );
}

async function createSubmit(c: C) {
  const v = await postedValues(c);
  try {
    // Raw strings on purpose: the service validates every field and reports each one.
    const input = { title: given(v.title), level: given(v.level), owner_id: v.owner_id, review_interval_months: given(v.review_interval_months), template: given(v.template) };
    const p = await createPolicy(ctxOf(c), input as unknown as NewPolicyInput, { organisation: c.get('services').orgName });
    return c.redirect(`/policies/${p.id}?done=created`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return newForm(c, v, fe.errors!, 400);
  }
}

async function editForm(c: C, policy: PolicyOut, values: FormValues, errors: { field: string; message: string }[], status: 200 | 400 = 200) {
  const owners = await managerOptions(ctxOf(c), values.owner_id || null);
  return renderPage(
    c,
    { title: t('policies.form.editTitle', { title: policy.title }), active: 'policies' },
    <DetailsForm values={values} errors={errors} owners={owners} csrf={c.get('csrfToken')} policy={policy} />,
    status,
  );
}

const valuesOf = (p: PolicyOut): FormValues => ({ template: '', title: p.title, level: p.level, owner_id: p.owner?.id ?? '', review_interval_months: String(p.review_interval_months) });

async function editSubmit(c: C) {
  const policy = await getPolicy(ctxOf(c), c.req.param('id')!);
  const v = await postedValues(c);
  try {
    const patch = { title: v.title, level: v.level, owner_id: v.owner_id, review_interval_months: v.review_interval_months };
    await updatePolicy(ctxOf(c), policy.id, patch as unknown as PolicyPatch);
    return c.redirect(`/policies/${policy.id}?done=updated`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return editForm(c, policy, v, fe.errors!, 400);
  }
}

export function registerPoliciesPages(app: Hono<AppEnv>): void {
  app.get('/policies', guard('policies.read', listPage));
  app.get('/policies/export.csv', guard('policies.read', exportCsv));
  app.get(
    '/policies/new',
    guard('policies.write', (c) => {
      const tpl = c.req.query('template') ?? '';
      return newForm(c, { ...emptyForm(), template: policyTemplates().some((x) => x.id === tpl) ? tpl : '' }, []);
    }),
  );
  app.post('/policies/new', guard('policies.write', createSubmit));
  registerVersionPages(app);
  registerCampaignPages(app);
  app.get('/policies/:id', guard('policies.read', detailPage));
  app.get(
    '/policies/:id/edit',
    guard('policies.write', async (c) => {
      const policy = await getPolicy(ctxOf(c), c.req.param('id')!);
      return editForm(c, policy, valuesOf(policy), []);
    }),
  );
  app.post('/policies/:id/edit', guard('policies.write', editSubmit));
  app.post(
    '/policies/:id/acknowledge',
    guard('policies.acknowledge', async (c) => {
      const ack = await acknowledgePolicy(ctxOf(c), c.req.param('id')!);
      return c.redirect(`/policies/${ack.policy_id}?done=acknowledged`, 303);
    }),
  );
  app.post(
    '/policies/:id/review',
    guard('policies.write', async (c) => {
      const p = await confirmReview(ctxOf(c), c.req.param('id')!);
      return c.redirect(`/policies/${p.id}?done=reviewed`, 303);
    }),
  );
}
