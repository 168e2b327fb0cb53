// Campaign pages: start a campaign for the published version, follow one, send its reminders.
import type { Context, Hono } from 'hono';
import { can } from '../../auth/permissions.js';
import { isAppError, type AppError } from '../../core/errors.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { guard } from '../../http/guard.js';
import { t } from '../../web/i18n.js';
import { renderPage } from '../../web/layout.js';
import { listState, readListQuery } from '../../web/list.js';
import { peopleNotLeft, peopleSummary } from '../people/service.js';
import { siteOrigin } from './api.js';
import { campaignDetail, remindCampaign, startCampaign } from './campaigns.js';
import { CampaignForm, CampaignView, type CampaignFormValues } from './campaign-view.js';
import { formError, roleOf } from './page-helpers.js';
import { defaultDueDate } from './parts.js';
import { todayOf } from './rules.js';
import { ACK_STATES, type AckState, type CampaignInput, type PolicyOut } from './schema.js';
import { getPolicy } from './service.js';

type C = Context<AppEnv>;

async function campaignForm(c: C, policy: PolicyOut, values: CampaignFormValues, errors: { field: string; message: string }[], status: 200 | 400 | 409 = 200) {
  const ctx = ctxOf(c);
  const people = await peopleNotLeft(ctx);
  const departments = (await peopleSummary(ctx)).departments.filter((d) => d.name !== '');
  return renderPage(
    c,
    { title: t('policies.campaign.newTitle'), active: 'policies' },
    <CampaignForm policy={policy} values={values} errors={errors} departments={departments} people={people} everyone={people.length} csrf={c.get('csrfToken')} />,
    status,
  );
}

async function newCampaignPage(c: C) {
  const ctx = ctxOf(c);
  const policy = await getPolicy(ctx, c.req.param('id')!);
  if (policy.published_version === null) return c.redirect(`/policies/${policy.id}`, 303);
  return campaignForm(c, policy, { audience: 'all', department: '', person_ids: [], due_date: defaultDueDate(todayOf(ctx.clock)) }, []);
}

async function startSubmit(c: C) {
  const ctx = ctxOf(c);
  const policy = await getPolicy(ctx, c.req.param('id')!);
  const form = await c.req.parseBody({ all: true });
  const one = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
  const many = (v: unknown) => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
  const values: CampaignFormValues = { audience: one(form.audience), department: one(form.department), person_ids: many(form.person_ids), due_date: one(form.due_date) };
  try {
    const input = {
      audience: values.audience,
      due_date: values.due_date,
      ...(values.audience === 'department' ? { department: values.department } : {}),
      ...(values.audience === 'people' ? { person_ids: values.person_ids } : {}),
    };
    const campaign = await startCampaign(ctx, policy.id, input as CampaignInput);
    return c.redirect(`/policies/${policy.id}/campaigns/${campaign.id}?done=campaign`, 303);
  } catch (e) {
    const fe = formError(e);
    if (!fe) throw e;
    return campaignForm(c, policy, values, fe.errors!, fe.status as 400 | 409);
  }
}

const OUTCOME_FLASH: Record<string, { tone: 'ok' | 'warn' | 'error'; key: string }> = {
  sent: { tone: 'ok', key: 'policies.flash.remindedSent' },
  not_configured: { tone: 'warn', key: 'policies.flash.remindedUnconfigured' },
  partly_failed: { tone: 'warn', key: 'policies.flash.remindedPartly' },
  failed: { tone: 'error', key: 'policies.flash.remindedFailed' },
  campaign: { tone: 'ok', key: 'policies.flash.campaign' },
};

async function campaignPage(c: C, problem: AppError | null = null) {
  const ctx = ctxOf(c);
  const policy = await getPolicy(ctx, c.req.param('id')!);
  const campaign = await campaignDetail(ctx, policy.id, c.req.param('cid')!);
  const q = readListQuery(c.req.url, { sortable: ['state'], defaultSort: 'state', filters: ['state'], perPage: 100 });
  const stateFilter = ACK_STATES.includes(q.filters.state as AckState) ? (q.filters.state as AckState) : null;
  if (!stateFilter) q.query.delete('state');
  const matching = stateFilter ? campaign.members.filter((m) => m.state === stateFilter) : campaign.members;
  const members = matching.slice(q.offset, q.offset + q.perPage);
  const done = c.req.query('done') ?? '';
  const known = Object.hasOwn(OUTCOME_FLASH, done) ? OUTCOME_FLASH[done]! : null;
  const problemText = problem?.status === 429 ? t('policies.reminders.tooSoon') : problem ? t(problem.message) : null;
  const flash = problemText ? { tone: 'error' as const, text: problemText } : known ? { tone: known.tone, text: t(known.key) } : null;
  const mail = c.get('services').mail;
  return renderPage(
    c,
    { title: t('policies.campaign.title', { title: policy.title, n: campaign.version }), active: 'policies' },
    <CampaignView
      policy={policy}
      campaign={campaign}
      members={members}
      state={listState(q, matching.length)}
      stateFilter={stateFilter}
      canRemind={can(roleOf(c), 'policies.write')}
      mail={{ configured: !!mail, server: mail?.server ?? null }}
      csrf={c.get('csrfToken')}
      today={todayOf(ctx.clock)}
      timeZone={c.get('services').timeZone}
      flash={flash}
    />,
    problem ? (problem.status as 409 | 429) : 200,
  );
}

async function remindSubmit(c: C) {
  const s = c.get('services');
  const id = c.req.param('id')!;
  const cid = c.req.param('cid')!;
  try {
    const r = await remindCampaign(ctxOf(c), id, cid, { mailer: s.mail, baseUrl: siteOrigin(c), organisation: s.orgName });
    return c.redirect(`/policies/${encodeURIComponent(id)}/campaigns/${encodeURIComponent(cid)}?done=${r.outcome}`, 303);
  } catch (e) {
    // Too soon, or no one left to remind: say so on the campaign page itself.
    if (isAppError(e) && (e.status === 429 || e.status === 409)) return campaignPage(c, e);
    throw e;
  }
}

export function registerCampaignPages(app: Hono<AppEnv>): void {
  app.get('/policies/:id/campaigns/new', guard('policies.write', newCampaignPage));
  app.post('/policies/:id/campaigns/new', guard('policies.write', startSubmit));
  app.get('/policies/:id/campaigns/:cid', guard('policy_drafts.read', (c) => campaignPage(c)));
  app.post('/policies/:id/campaigns/:cid/remind', guard('policies.write', remindSubmit));
}
