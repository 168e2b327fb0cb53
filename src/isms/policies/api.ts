// Policies API under /api/v1: documents, versions (draft → approved → published), diffs, sanitised
// HTML, acknowledgement campaigns with reminders, the caller's own acknowledgements, templates.
import type { Context } from 'hono';
import { z } from 'zod';
import { csvHeaders } from '../../core/csv.js';
import type { ApiRouter } from '../../http/api-router.js';
import { ctxOf, type AppEnv } from '../../http/env.js';
import { acknowledgePolicy, campaignDetail, listCampaigns, myPending, remindCampaign, startCampaign } from './campaigns.js';
import {
  AcknowledgementOut,
  CampaignDetailOut,
  CampaignInput,
  CampaignList,
  CampaignOut,
  DiffOut,
  DiffQuery,
  DraftInput,
  DraftPatch,
  NewPolicyInput,
  PendingList,
  PolicyFilter,
  PolicyList,
  PolicyOut,
  PolicyPatch,
  PolicyQuery,
  ReminderOut,
  TemplateList,
  VersionList,
  VersionOut,
} from './schema.js';
import {
  approveVersion,
  confirmReview,
  createDraft,
  createPolicy,
  diffVersions,
  exportPoliciesCsv,
  getPolicy,
  getVersion,
  listPolicies,
  listVersions,
  publishVersion,
  updateDraft,
  updatePolicy,
  versionHtml,
} from './service.js';
import { policyTemplates } from './templates.js';

const tag = 'Policies';
const IdParams = z.object({ id: z.string().max(64) });
const VersionParams = z.object({ id: z.string().max(64), n: z.coerce.number().int().min(1).max(1_000_000) });
const CampaignParams = z.object({ id: z.string().max(64), cid: z.string().max(64) });
const V = '/policies/:id/versions/:n{[0-9]{1,7}}';

/** The site's origin as readers reach it, for links in email (HTTPS behind a TLS-terminating proxy). */
export function siteOrigin(c: Context<AppEnv>): string {
  const u = new URL(c.req.url);
  if (c.get('services').behindProxy) u.protocol = 'https:';
  return u.origin;
}

export function registerPoliciesApi(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/policies', access: 'policies.read', tag, summary: 'List policies, filtered, sorted and paged (staff see published ones only)', query: PolicyQuery, response: PolicyList },
    async (c, { query }) => c.json(await listPolicies(ctxOf(c), query)),
  );
  // Registered before /policies/:id so "export.csv" is not taken for an id.
  api.route(
    {
      method: 'get',
      path: '/policies/export.csv',
      access: 'policies.read',
      tag,
      summary: 'Export policies as CSV (same filters as the list)',
      query: PolicyFilter,
      response: { mediaType: 'text/csv', description: 'ref,title,level,owner,published_version,published_at,open_version,open_status,review_interval_months,last_reviewed,next_review,review_status' },
    },
    async (c, { query }) => c.body(await exportPoliciesCsv(ctxOf(c), query), 200, csvHeaders('policies.csv')),
  );
  api.route(
    { method: 'post', path: '/policies', access: 'policies.write', tag, summary: 'Create a policy with its first draft (blank, from Markdown or from a template)', body: NewPolicyInput, response: PolicyOut, status: 201 },
    async (c, { body }) => {
      const p = await createPolicy(ctxOf(c), body, { organisation: c.get('services').orgName });
      c.header('Location', `/api/v1/policies/${p.id}`);
      return c.json(p, 201);
    },
  );
  api.route(
    { method: 'get', path: '/policies/:id', access: 'policies.read', tag, summary: 'One policy', params: IdParams, response: PolicyOut, errors: [404] },
    async (c, { params }) => c.json(await getPolicy(ctxOf(c), params.id)),
  );
  api.route(
    { method: 'patch', path: '/policies/:id', access: 'policies.write', tag, summary: 'Change title, level, owner or review interval (the text is versioned)', params: IdParams, body: PolicyPatch, response: PolicyOut, errors: [404] },
    async (c, { params, body }) => c.json(await updatePolicy(ctxOf(c), params.id, body)),
  );
  api.route(
    { method: 'post', path: '/policies/:id/review', access: 'policies.write', tag, summary: 'Record a review that leaves the published text as it is; the review clock restarts today', params: IdParams, response: PolicyOut, status: 200, errors: [404, 409] },
    async (c, { params }) => c.json(await confirmReview(ctxOf(c), params.id)),
  );
  api.route(
    { method: 'get', path: '/policies/:id/versions', access: 'policies.read', tag, summary: 'A policy’s versions, newest first (staff see the published one only)', params: IdParams, response: VersionList, errors: [404] },
    async (c, { params }) => c.json({ items: await listVersions(ctxOf(c), params.id) }),
  );
  api.route(
    { method: 'post', path: '/policies/:id/versions', access: 'policies.write', tag, summary: 'Start a new draft (when no other version is a draft or awaiting publication)', params: IdParams, body: DraftInput, response: VersionOut, status: 201, errors: [404, 409] },
    async (c, { params, body }) => {
      const v = await createDraft(ctxOf(c), params.id, body);
      c.header('Location', `/api/v1/policies/${v.policy_id}/versions/${v.number}`);
      return c.json(v, 201);
    },
  );
  api.route(
    { method: 'get', path: V, access: 'policies.read', tag, summary: 'One version with its Markdown', params: VersionParams, response: VersionOut, errors: [404] },
    async (c, { params }) => c.json(await getVersion(ctxOf(c), params.id, params.n)),
  );
  api.route(
    { method: 'patch', path: V, access: 'policies.write', tag, summary: 'Edit a draft; approved, published and superseded versions answer 409', params: VersionParams, body: DraftPatch, response: VersionOut, errors: [404, 409] },
    async (c, { params, body }) => c.json(await updateDraft(ctxOf(c), params.id, params.n, body)),
  );
  api.route(
    { method: 'post', path: `${V}/approve`, access: 'policies.approve', tag, summary: 'Approve a draft; its text is fixed from now on', params: VersionParams, response: VersionOut, status: 200, errors: [404, 409] },
    async (c, { params }) => c.json(await approveVersion(ctxOf(c), params.id, params.n)),
  );
  api.route(
    { method: 'post', path: `${V}/publish`, access: 'policies.approve', tag, summary: 'Publish an approved version; the previous one is superseded', params: VersionParams, response: VersionOut, status: 200, errors: [404, 409] },
    async (c, { params }) => c.json(await publishVersion(ctxOf(c), params.id, params.n)),
  );
  api.route(
    { method: 'get', path: `${V}/diff`, access: 'policy_drafts.read', tag, summary: 'A line diff of this version against another (default: the one before)', params: VersionParams, query: DiffQuery, response: DiffOut, errors: [404] },
    async (c, { params, query }) => c.json(await diffVersions(ctxOf(c), params.id, params.n, query.against)),
  );
  api.route(
    {
      method: 'get',
      path: `${V}/html`,
      access: 'policies.read',
      tag,
      summary: 'The version rendered as sanitised HTML (a fragment; raw HTML in the Markdown shows as text)',
      params: VersionParams,
      response: { mediaType: 'text/html', description: 'An HTML fragment' },
      errors: [404],
    },
    async (c, { params }) => c.body(await versionHtml(ctxOf(c), params.id, params.n), 200, { 'Content-Type': 'text/html; charset=utf-8' }),
  );
  api.route(
    { method: 'get', path: '/policies/:id/campaigns', access: 'policy_drafts.read', tag, summary: 'A policy’s acknowledgement campaigns with their counts', params: IdParams, response: CampaignList, errors: [404] },
    async (c, { params }) => c.json({ items: await listCampaigns(ctxOf(c), params.id) }),
  );
  api.route(
    {
      method: 'post',
      path: '/policies/:id/campaigns',
      access: 'policies.write',
      tag,
      summary: 'Ask everyone still here, a department or chosen people to acknowledge the published version by a due date',
      params: IdParams,
      body: CampaignInput,
      response: CampaignOut,
      status: 201,
      errors: [404, 409],
    },
    async (c, { params, body }) => {
      const campaign = await startCampaign(ctxOf(c), params.id, body);
      c.header('Location', `/api/v1/policies/${campaign.policy_id}/campaigns/${campaign.id}`);
      return c.json(campaign, 201);
    },
  );
  api.route(
    { method: 'get', path: '/policies/:id/campaigns/:cid', access: 'policy_drafts.read', tag, summary: 'One campaign with each person’s state (acknowledged, pending, overdue, left) and its reminders', params: CampaignParams, response: CampaignDetailOut, errors: [404] },
    async (c, { params }) => c.json(await campaignDetail(ctxOf(c), params.id, params.cid)),
  );
  api.route(
    {
      method: 'post',
      path: '/policies/:id/campaigns/:cid/remind',
      access: 'policies.write',
      tag,
      summary: 'Email a reminder to everyone still pending; once a day per campaign (429 before). Without KILPI_SMTP_URL the reminder is recorded only.',
      params: CampaignParams,
      response: ReminderOut,
      status: 200,
      errors: [404, 409, 429],
    },
    async (c, { params }) => {
      const s = c.get('services');
      return c.json(await remindCampaign(ctxOf(c), params.id, params.cid, { mailer: s.mail, baseUrl: siteOrigin(c), organisation: s.orgName }));
    },
  );
  api.route(
    {
      method: 'post',
      path: '/policies/:id/acknowledge',
      access: 'policies.acknowledge',
      tag,
      summary: 'Acknowledge the published version as the caller (matched to the people directory by the account’s email); again changes nothing',
      params: IdParams,
      response: AcknowledgementOut,
      status: 200,
      errors: [404, 409],
    },
    async (c, { params }) => c.json(await acknowledgePolicy(ctxOf(c), params.id)),
  );
  api.route(
    { method: 'get', path: '/me/acknowledgements', access: 'policies.read', tag, summary: 'Policies the caller is asked to acknowledge and has not, soonest due first', response: PendingList },
    async (c) => c.json(await myPending(ctxOf(c))),
  );
  api.route(
    { method: 'get', path: '/policy-templates', access: 'policies.read', tag, summary: 'The policy templates Kilpi ships (Markdown, written for a Finnish payment service provider)', response: TemplateList },
    (c) => c.json({ items: policyTemplates() }),
  );
}
