// Crypto policy use cases: the bundled baselines, the organisation's copies (only ever stricter),
// edits with revisions, exports and evaluating an observed configuration against a policy.
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { badRequest, conflict, notFound, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { searchKeyOf } from '../../db/search.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { t } from '../../web/i18n.js';
import { Unchanged, mutateUnlessUnchanged } from '../people/service.js';
import { rulesCsv as toRulesCsv, policiesCsv as toPoliciesCsv } from './csv.js';
import { evaluate, ObservedConfig, type Evaluation } from './evaluate.js';
import './messages.js';
import { ruleListProblems, type Rule } from './policy-schema.js';
import * as repo from './repo.js';
import {
  auditShape,
  CopyInput,
  isPolicyId,
  parseRules,
  parseSources,
  PolicyPatch,
  presentSummary,
  type PoliciesFilter,
  type PoliciesQuery,
  type PolicyExport,
  type PolicyOut,
  type PolicySummaryOut,
  type VersionOut,
} from './schema.js';
import type { CryptoPolicyRow } from './tables.js';
import { loosenings } from './tighten.js';

export { loadBundledBaselines } from './bundled.js';

const where = (f: Partial<PoliciesFilter>): repo.PolicyWhere => ({ q: f.q, kind: f.kind });

/** A page of policies for the API and the list page. */
export async function listPolicies(ctx: Ctx, q: PoliciesQuery): Promise<{ items: PolicySummaryOut[]; total: number; limit: number; offset: number }> {
  authorize(ctx.actor, 'crypto.read');
  const { rows, total } = await repo.listPolicyRows(ctx.db, where(q), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  return { items: rows.map(presentSummary), total, limit: q.limit, offset: q.offset };
}

/** Every policy matching the filter as CSV. */
export async function exportPoliciesCsv(ctx: Ctx, f: PoliciesFilter): Promise<string> {
  authorize(ctx.actor, 'crypto.read');
  const { rows } = await repo.listPolicyRows(ctx.db, where(f), { sort: f.sort, dir: f.dir }, null);
  return toPoliciesCsv(rows.map(presentSummary));
}

async function rowOrThrow(db: Ctx['db'], id: string): Promise<CryptoPolicyRow> {
  const row = isPolicyId(id) ? await repo.findPolicy(db, id) : undefined;
  if (!row) throw notFound('The crypto policy');
  return row;
}

/** Whether an organisation's policy is still at least as strict as its baseline's current rules. */
async function strictnessOf(db: Ctx['db'], row: CryptoPolicyRow): Promise<PolicyOut['strictness']> {
  if (row.kind === 'baseline' || !row.baseline_id) return { status: 'baseline', problems: [], baseline_changed: false };
  const baseline = await repo.findPolicy(db, row.baseline_id);
  if (!baseline) return { status: 'at_least_as_strict', problems: [], baseline_changed: false };
  const problems = loosenings(parseRules(baseline.rules_json), parseRules(row.rules_json));
  return { status: problems.length ? 'looser' : 'at_least_as_strict', problems, baseline_changed: baseline.revision !== row.baseline_revision };
}

async function present(db: Ctx['db'], row: CryptoPolicyRow): Promise<PolicyOut> {
  const names = await repo.policyNames(db, row.baseline_id ? [row.baseline_id] : []);
  return {
    ...presentSummary({ ...row, baseline_name: row.baseline_id ? (names.get(row.baseline_id) ?? null) : null }),
    provenance: row.provenance,
    baseline_revision: row.baseline_revision,
    sources: parseSources(row.sources_json),
    rules: parseRules(row.rules_json),
    strictness: await strictnessOf(db, row),
  };
}

export async function getPolicy(ctx: Ctx, id: string): Promise<PolicyOut> {
  authorize(ctx.actor, 'crypto.read');
  return present(ctx.db, await rowOrThrow(ctx.db, id));
}

/** Names of policies by id (for "copied from" links); unknown ids are left out. */
export async function policyNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  authorize(ctx.actor, 'crypto.read');
  return repo.policyNames(ctx.db, [...new Set(ids)].filter(isPolicyId).slice(0, 100));
}

const nameTaken = (name: string) => conflict(t('crypto.err.nameTaken', { name }), [{ field: 'name', message: t('crypto.err.nameTakenField') }]);

/** Copies a baseline (or another policy) into a new organisation policy with the same rules. */
export async function copyPolicy(ctx: Ctx, id: string, input: CopyInput): Promise<PolicyOut> {
  authorize(ctx.actor, 'crypto.write');
  const data = parseOrThrow(CopyInput, input, 'copy');
  return mutate(ctx, async (m) => {
    const from = await rowOrThrow(m.tx, id);
    if (await repo.nameTaken(m.tx, data.name, null)) throw nameTaken(data.name);
    const baselineId = from.kind === 'baseline' ? from.id : from.baseline_id;
    const baseline = baselineId ? await repo.findPolicy(m.tx, baselineId) : undefined;
    const row = await repo.insertPolicy(m.tx, {
      id: newId(),
      kind: 'organisation',
      name: data.name,
      description: data.description ?? from.description,
      scope: data.scope ?? null,
      provenance: null,
      version: null,
      revision: 1,
      baseline_id: baselineId,
      copied_from_id: from.id,
      baseline_revision: baseline?.revision ?? null,
      sources_json: from.sources_json,
      rules_json: from.rules_json,
      rule_count: from.rule_count,
      content_hash: null,
      search_key: searchKeyOf(data.name),
      created_at: m.now,
      updated_at: m.now,
    });
    await repo.insertVersion(m.tx, { policy_id: row.id, revision: 1, name: row.name, description: row.description, scope: row.scope, version: null, rules_json: row.rules_json, actor_label: m.actor.label, created_at: m.now });
    await m.record({ action: 'crypto_policy.copy', entityType: 'crypto_policy', entityId: row.id, after: { ...auditShape(row), copied_from_name: from.name } });
    return present(m.tx, row);
  });
}

/** Rule problems beyond the schema: duplicate ids, unknown sources and any loosening of the baseline. */
async function ruleErrors(db: Ctx['db'], sourcesJson: string, baselineId: string | null, rules: Rule[]): Promise<FieldError[]> {
  const errors = ruleListProblems(rules, new Set(parseSources(sourcesJson).map((s) => s.id)));
  const baseline = baselineId ? await repo.findPolicy(db, baselineId) : undefined;
  if (baseline) errors.push(...loosenings(parseRules(baseline.rules_json), rules));
  return errors;
}

/** Changes an organisation policy's name, description, scope, sources or rules; each change is a new revision. */
export async function updatePolicy(ctx: Ctx, id: string, patch: PolicyPatch): Promise<PolicyOut> {
  authorize(ctx.actor, 'crypto.write');
  const data = parseOrThrow(PolicyPatch, patch, 'policy');
  return mutateUnlessUnchanged(ctx, async (m) => {
    const row = await rowOrThrow(m.tx, id);
    if (row.kind === 'baseline') throw conflict(t('crypto.err.baselineReadOnly'));
    if (data.revision !== undefined && data.revision !== row.revision) throw conflict(t('crypto.err.stale', { revision: row.revision }), [{ field: 'revision', message: t('crypto.err.staleField') }]);
    const next = {
      name: data.name ?? row.name,
      description: data.description !== undefined ? data.description : row.description,
      scope: data.scope !== undefined ? data.scope : row.scope,
      sources_json: data.sources ? canonicalJson(data.sources) : row.sources_json,
      rules_json: data.rules ? canonicalJson(data.rules) : row.rules_json,
    };
    const changed = next.name !== row.name || next.description !== row.description || next.scope !== row.scope || next.rules_json !== row.rules_json || next.sources_json !== row.sources_json;
    if (!changed) return new Unchanged(await present(m.tx, row));
    if (data.rules || data.sources) {
      const errors = await ruleErrors(m.tx, next.sources_json, row.baseline_id, parseRules(next.rules_json));
      if (errors.length) throw badRequest(t('crypto.err.rules', { n: errors.length }), errors);
    }
    if (next.name !== row.name && (await repo.nameTaken(m.tx, next.name, row.id))) throw nameTaken(next.name);
    const revision = row.revision + 1;
    const updated = await repo.updatePolicy(m.tx, id, {
      ...next,
      rule_count: parseRules(next.rules_json).length,
      revision,
      search_key: searchKeyOf(next.name),
      updated_at: m.now,
    });
    await repo.insertVersion(m.tx, { policy_id: id, revision, name: next.name, description: next.description, scope: next.scope, version: null, rules_json: next.rules_json, actor_label: m.actor.label, created_at: m.now });
    await m.record({ action: 'crypto_policy.update', entityType: 'crypto_policy', entityId: id, before: auditShape(row), after: auditShape(updated) });
    return present(m.tx, updated);
  });
}

/** The policy as a JSON document in the bundled files' shape, for review or reuse elsewhere. */
export async function exportPolicy(ctx: Ctx, id: string): Promise<PolicyExport> {
  authorize(ctx.actor, 'crypto.read');
  const row = await rowOrThrow(ctx.db, id);
  return {
    format: 'kilpi.crypto-policy/1',
    id: row.id,
    kind: row.kind,
    name: row.name,
    version: row.version,
    revision: row.revision,
    baseline_id: row.baseline_id,
    description: row.description,
    scope: row.scope,
    provenance: row.provenance,
    sources: parseSources(row.sources_json),
    rules: parseRules(row.rules_json),
    exported_at: ctx.clock.now().toISOString(),
  };
}

/** The policy's rules as CSV, one row per rule. */
export async function exportRulesCsv(ctx: Ctx, id: string): Promise<{ name: string; csv: string }> {
  authorize(ctx.actor, 'crypto.read');
  const row = await rowOrThrow(ctx.db, id);
  return { name: row.name, csv: toRulesCsv(parseRules(row.rules_json), parseSources(row.sources_json)) };
}

/** Checks an observed configuration (e.g. a scanner's output) against the policy. Changes nothing. */
export async function evaluateAgainstPolicy(ctx: Ctx, id: string, observed: unknown): Promise<Evaluation> {
  authorize(ctx.actor, 'crypto.read');
  const obs = parseOrThrow(ObservedConfig, observed, 'configuration');
  const row = await rowOrThrow(ctx.db, id);
  return evaluate({ rules: parseRules(row.rules_json), sources: parseSources(row.sources_json) }, obs);
}

/** The policy's revisions, newest first. */
export async function policyVersions(ctx: Ctx, id: string): Promise<VersionOut[]> {
  authorize(ctx.actor, 'crypto.read');
  if (!isPolicyId(id)) return [];
  return (await repo.listVersions(ctx.db, id)).map((v) => ({ revision: v.revision, name: v.name, version: v.version, rule_count: parseRules(v.rules_json).length, actor_label: v.actor_label, created_at: v.created_at }));
}

/** The policy's audit history, newest first, read through the audit service. */
export async function policyHistory(ctx: Ctx, id: string): Promise<AuditEventOut[]> {
  if (!isPolicyId(id)) return [];
  const { items } = await listAudit(ctx, { entity_type: 'crypto_policy', entity_id: id, order: 'desc', limit: 50, offset: 0 });
  return items;
}

/** Counts for the demo banner and the dashboard. */
export async function cryptoSummary(ctx: Ctx): Promise<{ baselines: number; organisation: number }> {
  authorize(ctx.actor, 'crypto.read');
  const c = await repo.countByKind(ctx.db);
  return { baselines: c.baseline, organisation: c.organisation };
}
