// Crypto policy API under /api/v1/crypto-policies: list, read, copy, edit, export and evaluate.
import { z } from 'zod';
import type { ApiRouter } from '../../http/api-router.js';
import { ctxOf } from '../../http/env.js';
import { ObservedConfig } from './evaluate.js';
import { CopyInput, EvaluationOut, PoliciesQuery, PolicyExport, PolicyList, PolicyOut, PolicyPatch } from './schema.js';
import { copyPolicy, evaluateAgainstPolicy, exportPolicy, getPolicy, listPolicies, updatePolicy } from './service.js';

const tag = 'Crypto policies';
const IdParams = z.object({ id: z.string().max(64) });

export function registerCryptoApi(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/crypto-policies', access: 'crypto.read', tag, summary: 'List crypto policies: bundled baselines and the organisation’s copies', query: PoliciesQuery, response: PolicyList },
    async (c, { query }) => c.json(await listPolicies(ctxOf(c), query)),
  );
  api.route(
    {
      method: 'get',
      path: '/crypto-policies/:id',
      access: 'crypto.read',
      tag,
      summary: 'One crypto policy with its rules and, for a copy, whether it is still at least as strict as its baseline',
      params: IdParams,
      response: PolicyOut,
      errors: [404],
    },
    async (c, { params }) => c.json(await getPolicy(ctxOf(c), params.id)),
  );
  api.route(
    {
      method: 'get',
      path: '/crypto-policies/:id/export',
      access: 'crypto.read',
      tag,
      summary: 'The policy as a JSON document in the bundled baseline format (kilpi.crypto-policy/1)',
      params: IdParams,
      response: PolicyExport,
      errors: [404],
    },
    async (c, { params }) => {
      const doc = await exportPolicy(ctxOf(c), params.id);
      c.header('Content-Disposition', `attachment; filename="crypto-policy-${doc.id.replace(/[^A-Za-z0-9._-]/g, '_')}.json"`);
      return c.json(doc);
    },
  );
  api.route(
    {
      method: 'post',
      path: '/crypto-policies/:id/copy',
      access: 'crypto.write',
      tag,
      summary: 'Copy a policy into a new organisation policy with the same rules',
      params: IdParams,
      body: CopyInput,
      response: PolicyOut,
      status: 201,
      errors: [404, 409],
    },
    async (c, { params, body }) => {
      const p = await copyPolicy(ctxOf(c), params.id, body);
      c.header('Location', `/api/v1/crypto-policies/${p.id}`);
      return c.json(p, 201);
    },
  );
  api.route(
    {
      method: 'patch',
      path: '/crypto-policies/:id',
      access: 'crypto.write',
      tag,
      summary:
        'Change an organisation policy (name, description, scope, sources, rules). Baseline rules may only be tightened; ' +
        'a loosening answers 400 naming the rule and field. Each change is a new revision. Baselines answer 409.',
      params: IdParams,
      body: PolicyPatch,
      response: PolicyOut,
      errors: [404, 409],
    },
    async (c, { params, body }) => c.json(await updatePolicy(ctxOf(c), params.id, body)),
  );
  api.route(
    {
      method: 'post',
      path: '/crypto-policies/:id/evaluate',
      access: 'crypto.read',
      tag,
      summary: 'Check an observed TLS configuration (protocols, suites, groups, certificate) against the policy; changes nothing',
      params: IdParams,
      body: ObservedConfig,
      response: EvaluationOut,
      status: 200,
      errors: [404],
    },
    async (c, { params, body }) => c.json(await evaluateAgainstPolicy(ctxOf(c), params.id, body)),
  );
}
