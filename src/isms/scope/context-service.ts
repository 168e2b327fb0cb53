// Internal and external issues (ISO/IEC 27001 4.1): list, read, create, change, delete, export, history.
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { mutateUnlessUnchanged, Unchanged } from '../people/service.js';
import { riskSummaries, riskSummariesByRefs } from '../risks/service.js';
import { ContextIssuePatch, NewContextIssue, type ContextFilter, type ContextIssueOut, type ContextQuery } from './context-schema.js';
import * as repo from './context-repo.js';
import { contextCsv } from './csv.js';
import { isRecordId, MSG } from './fields.js';
import { nextRef } from './repo.js';
import type { ContextIssueRow } from './tables.js';

type LinkedRisk = ContextIssueOut['risks'][number];

function present(r: ContextIssueRow, risks: LinkedRisk[]): ContextIssueOut {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    kind: r.kind,
    category: r.category,
    description: r.description,
    effect: r.effect,
    risks,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** Presents issues with their linked risks, looked up in one call to the risk register. */
async function presentAll(ctx: Ctx, rows: ContextIssueRow[]): Promise<ContextIssueOut[]> {
  const links = await repo.riskIdsOf(ctx.db, rows.map((r) => r.id));
  const all = [...links.values()].flat();
  const risks = all.length ? await riskSummaries(ctx, all) : new Map();
  return rows.map((r) => {
    const linked = (links.get(r.id) ?? []).flatMap((id) => {
      const s = risks.get(id);
      return s ? [{ id: s.id, ref: s.ref, title: s.title }] : [];
    });
    return present(r, linked.sort((a, b) => a.ref.length - b.ref.length || a.ref.localeCompare(b.ref)));
  });
}

const where = (f: Partial<ContextFilter>): repo.IssueWhere => ({ q: f.q, kind: f.kind, category: f.category });

export async function listContextIssues(ctx: Ctx, q: ContextQuery): Promise<{ items: ContextIssueOut[]; total: number; limit: number; offset: number }> {
  authorize(ctx.actor, 'scope.read');
  const { rows, total } = await repo.listIssues(ctx.db, where(q), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  return { items: await presentAll(ctx, rows), total, limit: q.limit, offset: q.offset };
}

/** Every issue matching the filter, as CSV. */
export async function exportContextCsv(ctx: Ctx, f: ContextFilter): Promise<string> {
  authorize(ctx.actor, 'scope.read');
  const { rows } = await repo.listIssues(ctx.db, where(f), { sort: f.sort, dir: f.dir }, null);
  return contextCsv(await presentAll(ctx, rows));
}

async function load(db: Ctx['db'], id: string): Promise<ContextIssueRow> {
  const row = isRecordId(id) ? await repo.findIssue(db, id.toLowerCase()) : undefined;
  if (!row) throw notFound('The issue');
  return row;
}

export async function getContextIssue(ctx: Ctx, id: string): Promise<ContextIssueOut> {
  authorize(ctx.actor, 'scope.read');
  const [issue] = await presentAll(ctx, [await load(ctx.db, id)]);
  return issue!;
}

/** Refuses risk ids the register does not hold, naming each (`risk_ids.2`). */
async function checkRisks(ctx: Ctx, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const found = await riskSummaries(ctx, ids);
  const errors = ids.flatMap((id, i) => (found.has(id) ? [] : [{ field: `risk_ids.${i}`, message: MSG.riskMissing }]));
  if (errors.length) throw badRequest('The issue links to risks that are not in the register.', errors);
}

/** Risk ids for references typed in a form ("R-003, R-017"); errors name the unknown references. */
export async function riskIdsForRefs(ctx: Ctx, refs: string[]): Promise<{ ids: string[]; unknown: string[] }> {
  authorize(ctx.actor, 'scope.read');
  if (!refs.length) return { ids: [], unknown: [] };
  const found = await riskSummariesByRefs(ctx, refs);
  return { ids: refs.flatMap((r) => found.get(r)?.id ?? []), unknown: refs.filter((r) => !found.has(r)) };
}

export async function createContextIssue(ctx: Ctx, input: NewContextIssue): Promise<ContextIssueOut> {
  authorize(ctx.actor, 'scope.write');
  const data = parseOrThrow(NewContextIssue, input, 'issue');
  // Risks are checked before the transaction: the register is another area, read through its service.
  await checkRisks(ctx, data.risk_ids);
  const id = newId();
  await mutate(ctx, async (m) => {
    const ref = await nextRef(m.tx, 'CTX');
    const row = { id, ref, title: data.title, kind: data.kind, category: data.category, description: data.description, effect: data.effect ?? null, created_at: m.now, updated_at: m.now };
    await repo.insertIssue(m.tx, row, data.risk_ids);
    await m.record({ action: 'context_issue.create', entityType: 'context_issue', entityId: id, after: { ...row, risk_ids: data.risk_ids } });
  });
  return getContextIssue(ctx, id);
}

const EDITABLE = ['title', 'kind', 'category', 'description', 'effect'] as const;
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Changes some of an issue's fields; `risk_ids`, when given, replaces the linked risks. */
export async function updateContextIssue(ctx: Ctx, id: string, patch: ContextIssuePatch): Promise<ContextIssueOut> {
  authorize(ctx.actor, 'scope.write');
  const data = parseOrThrow(ContextIssuePatch, patch, 'issue');
  if (data.risk_ids) await checkRisks(ctx, data.risk_ids);
  const existing = await load(ctx.db, id);
  await mutateUnlessUnchanged(ctx, async (m) => {
    const row = await load(m.tx, existing.id);
    const risksBefore = (await repo.riskIdsOf(m.tx, [row.id])).get(row.id) ?? [];
    const next = { ...row };
    for (const k of EDITABLE) if (data[k] !== undefined) (next as Record<string, unknown>)[k] = data[k];
    const risksAfter = data.risk_ids ?? risksBefore;
    const changed = EDITABLE.some((k) => next[k] !== row[k]) || !sameSet(risksBefore, risksAfter);
    if (!changed) return new Unchanged(null);
    next.updated_at = m.now;
    const { search_key: _k, ...fields } = next;
    await repo.updateIssue(m.tx, row.id, fields);
    if (data.risk_ids) await repo.setRisks(m.tx, row.id, risksAfter);
    const { search_key: _b, ...before } = row;
    await m.record({ action: 'context_issue.update', entityType: 'context_issue', entityId: row.id, before: { ...before, risk_ids: risksBefore }, after: { ...fields, risk_ids: risksAfter } });
    return null;
  });
  return getContextIssue(ctx, existing.id);
}

/** Deletes an issue; the audit event keeps everything it held, links included. */
export async function deleteContextIssue(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, 'scope.write');
  const existing = await load(ctx.db, id);
  await mutate(ctx, async (m) => {
    const row = await load(m.tx, existing.id);
    const risk_ids = (await repo.riskIdsOf(m.tx, [row.id])).get(row.id) ?? [];
    await repo.deleteIssue(m.tx, row.id);
    const { search_key: _k, ...before } = row;
    await m.record({ action: 'context_issue.delete', entityType: 'context_issue', entityId: row.id, before: { ...before, risk_ids } });
  });
}

export async function contextIssueHistory(ctx: Ctx, id: string): Promise<AuditEventOut[]> {
  if (!isRecordId(id)) return [];
  const { items } = await listAudit(ctx, { entity_type: 'context_issue', entity_id: id.toLowerCase(), order: 'desc', limit: 50, offset: 0 });
  return items;
}
