// Policy use cases: list, read, create and edit documents; drafts, approval and publication of versions.
import { createHash } from 'node:crypto';
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize, can } from '../../auth/permissions.js';
import { actorRole, type Ctx } from '../../core/context.js';
import { toCsv } from '../../core/csv.js';
import { badRequest, conflict, notFound, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { displayNames, mutateUnlessUnchanged, peopleByIds, Unchanged } from '../people/service.js';
import { lineDiff } from './line-diff.js';
import { renderWithinBudget, RenderTimeout } from './markdown.js';
import { policyRecord, presentPolicy, presentVersion, presentVersionSummary, reviewFields, versionRecord } from './present.js';
import * as repo from './repo.js';
import { dueSoonUntil, nextReviewOf, todayOf } from './rules.js';
import {
  DraftInput,
  DraftPatch,
  isRecordId,
  MSG,
  NewPolicyInput,
  PolicyPatch,
  type DiffOut,
  type PolicyFilter,
  type PolicyOut,
  type PolicyQuery,
  type VersionOut,
  type VersionSummaryOut,
} from './schema.js';
import type { PolicyRow, VersionRow } from './tables.js';
import { fillTemplate, findTemplate } from './templates.js';
import { actorIdentity } from './who.js';

/** Whether the actor sees drafts, every version and campaigns, or published text only. */
export const seesDrafts = (ctx: Ctx): boolean => !!ctx.actor && can(actorRole(ctx.actor), 'policy_drafts.read');

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Renders Markdown for storing with a version; text that will not render in time is refused. */
export function renderForStorage(body: string): string {
  try {
    return renderWithinBudget(body);
  } catch (e) {
    if (e instanceof RenderTimeout) throw badRequest('The text is too complex to render.', [{ field: 'body', message: MSG.bodyTooComplex }]);
    throw e;
  }
}

async function present(ctx: Ctx, rows: PolicyRow[]): Promise<PolicyOut[]> {
  const names = await displayNames(ctx, rows.map((r) => r.owner_id));
  const today = todayOf(ctx.clock);
  const drafts = seesDrafts(ctx);
  return rows.map((r) => presentPolicy(r, names.get(r.owner_id) ?? null, today, drafts));
}

function where(ctx: Ctx, f: Partial<PolicyFilter>): repo.PolicyWhere {
  const today = todayOf(ctx.clock);
  return { q: f.q, level: f.level, status: f.status, ownerId: f.owner_id, review: f.review, today, dueSoonUntil: dueSoonUntil(today), publishedOnly: !seesDrafts(ctx) };
}

/** A page of policies; readers without `policy_drafts.read` see published ones only. */
export async function listPolicies(ctx: Ctx, q: PolicyQuery): Promise<{ items: PolicyOut[]; total: number; limit: number; offset: number }> {
  authorize(ctx.actor, 'policies.read');
  const { rows, total } = await repo.listPolicyRows(ctx.db, where(ctx, q), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  return { items: await present(ctx, rows), total, limit: q.limit, offset: q.offset };
}

/** Every policy matching the filter as CSV. */
export async function exportPoliciesCsv(ctx: Ctx, f: PolicyFilter): Promise<string> {
  authorize(ctx.actor, 'policies.read');
  const { rows } = await repo.listPolicyRows(ctx.db, where(ctx, f), { sort: f.sort, dir: f.dir }, null);
  const items = await present(ctx, rows);
  return toCsv(items, [
    { header: 'ref', value: (p) => p.ref },
    { header: 'title', value: (p) => p.title },
    { header: 'level', value: (p) => p.level },
    { header: 'owner', value: (p) => p.owner?.name },
    { header: 'published_version', value: (p) => p.published_version },
    { header: 'published_at', value: (p) => p.published_at },
    { header: 'open_version', value: (p) => p.open_version },
    { header: 'open_status', value: (p) => p.open_status },
    { header: 'review_interval_months', value: (p) => p.review_interval_months },
    { header: 'last_reviewed', value: (p) => p.last_reviewed },
    { header: 'next_review', value: (p) => p.next_review },
    { header: 'review_status', value: (p) => p.review_status },
  ]);
}

/** The policy row if the actor may see it: unpublished policies are invisible to readers of published text. */
export async function visiblePolicy(ctx: Ctx, id: string): Promise<PolicyRow> {
  authorize(ctx.actor, 'policies.read');
  const row = isRecordId(id) ? await repo.findPolicy(ctx.db, id.toLowerCase()) : undefined;
  if (!row || (row.published_number === null && !seesDrafts(ctx))) throw notFound('The policy');
  return row;
}

export async function getPolicy(ctx: Ctx, id: string): Promise<PolicyOut> {
  const row = await visiblePolicy(ctx, id);
  return (await present(ctx, [row]))[0]!;
}

/** The owner must be in the directory and not have left (when the owner changes). */
async function ownerErrors(ctx: Ctx, ownerId: string) {
  const [person] = await peopleByIds(ctx, [ownerId]);
  if (!person) return [{ field: 'owner_id', message: MSG.ownerMissing }];
  if (person.status === 'left') return [{ field: 'owner_id', message: MSG.ownerLeft }];
  return [];
}

/**
 * Creates a policy with its first draft. With a template, the template gives the defaults for
 * title, level and interval and its text (with the organisation's name) becomes the draft.
 */
export async function createPolicy(ctx: Ctx, input: NewPolicyInput, opts: { organisation: string }): Promise<PolicyOut> {
  authorize(ctx.actor, 'policies.write');
  const data = parseOrThrow(NewPolicyInput, input, 'policy');
  const template = data.template === undefined ? undefined : findTemplate(data.template);
  const errors: FieldError[] = [];
  const title = data.title ?? template?.title;
  const level = data.level ?? template?.level;
  if (data.template !== undefined && !template) errors.push({ field: 'template', message: MSG.template });
  else {
    if (!title) errors.push({ field: 'title', message: MSG.titleOrTemplate });
    if (!level) errors.push({ field: 'level', message: MSG.levelOrTemplate });
  }
  errors.push(...(await ownerErrors(ctx, data.owner_id)));
  if (errors.length || !title || !level) throw badRequest('The policy has invalid fields.', errors);
  const body = data.body ?? (template ? fillTemplate(template.body, opts.organisation) : '');
  const html = renderForStorage(body);
  const who = await actorIdentity(ctx);
  const id = newId();
  const row = await mutate(ctx, async (m) => {
    const refNumber = await repo.nextRefNumber(m.tx);
    const ref = `POL-${String(refNumber).padStart(3, '0')}`;
    const row = await repo
      .insertPolicy(m.tx, {
        id,
        ref,
        ref_number: refNumber,
        title,
        level,
        owner_id: data.owner_id,
        review_interval_months: data.review_interval_months ?? template?.review_interval_months ?? 12,
        last_reviewed: null,
        next_review: null,
        published_number: null,
        published_at: null,
        open_number: 1,
        open_status: 'draft',
        template: template?.id ?? null,
        search_key: repo.policySearchKey(ref, title),
        created_at: m.now,
        updated_at: m.now,
      })
      .catch((e: unknown) => {
        throw repo.isUniqueViolation(e) ? conflict('Another policy took the same reference at the same moment; try again.') : e;
      });
    const version = await repo.insertVersion(m.tx, {
      id: newId(),
      policy_id: id,
      number: 1,
      status: 'draft',
      body,
      body_sha256: sha256(body),
      body_html: html,
      change_summary: data.change_summary ?? (template ? 'Started from a template' : ''),
      created_at: m.now,
      created_by_id: who.id,
      created_by_name: who.name,
      updated_at: m.now,
    });
    await m.record({ action: 'policy.create', entityType: 'policy', entityId: id, after: policyRecord(row) });
    await m.record({ action: 'policy.draft', entityType: 'policy', entityId: id, after: versionRecord(version) });
    return row;
  });
  // Outside the transaction: on SQLite it holds the only connection.
  return (await present(ctx, [row]))[0]!;
}

const EDITABLE = ['title', 'level', 'owner_id', 'review_interval_months'] as const;

/** Changes a policy's title, level, owner or review interval (not its text: that is versioned). */
export async function updatePolicy(ctx: Ctx, id: string, patch: PolicyPatch): Promise<PolicyOut> {
  authorize(ctx.actor, 'policies.write');
  const data = parseOrThrow(PolicyPatch, patch, 'policy');
  const existing = await visiblePolicy(ctx, id);
  if (data.owner_id !== undefined && data.owner_id !== existing.owner_id) {
    const errors = await ownerErrors(ctx, data.owner_id);
    if (errors.length) throw badRequest('The policy has invalid fields.', errors);
  }
  const row = await mutateUnlessUnchanged(ctx, async (m) => {
    const current = (await repo.findPolicy(m.tx, existing.id))!;
    const next = { ...current };
    for (const k of EDITABLE) if (data[k] !== undefined) (next as Record<string, unknown>)[k] = data[k];
    if (!EDITABLE.some((k) => next[k] !== current[k])) return new Unchanged(current);
    const updated = await repo.updatePolicy(m.tx, current.id, {
      title: next.title,
      level: next.level,
      owner_id: next.owner_id,
      review_interval_months: next.review_interval_months,
      next_review: nextReviewOf(current.last_reviewed, next.review_interval_months),
      search_key: repo.policySearchKey(current.ref, next.title),
      updated_at: m.now,
    });
    await m.record({ action: 'policy.update', entityType: 'policy', entityId: current.id, before: policyRecord(current), after: policyRecord(updated) });
    return updated;
  });
  return (await present(ctx, [row]))[0]!;
}

/** Records that the owner reviewed the published text and it stays as it is: the review clock restarts today. */
export async function confirmReview(ctx: Ctx, id: string): Promise<PolicyOut> {
  authorize(ctx.actor, 'policies.write');
  const existing = await visiblePolicy(ctx, id);
  if (existing.published_number === null) throw conflict('The policy has no published version to review yet; publish one first.');
  const today = todayOf(ctx.clock);
  const row = await mutate(ctx, async (m) => {
    const current = (await repo.findPolicy(m.tx, existing.id))!;
    const updated = await repo.updatePolicy(m.tx, current.id, { ...reviewFields(today, current.review_interval_months), updated_at: m.now });
    await m.record({ action: 'policy.review', entityType: 'policy', entityId: current.id, before: policyRecord(current), after: policyRecord(updated) });
    return updated;
  });
  return (await present(ctx, [row]))[0]!;
}

/** A policy's versions; readers of published text see only the published one. */
export async function listVersions(ctx: Ctx, id: string): Promise<VersionSummaryOut[]> {
  const policy = await visiblePolicy(ctx, id);
  const rows = await repo.listVersions(ctx.db, policy.id, seesDrafts(ctx) ? undefined : ['published']);
  return rows.map(presentVersionSummary);
}

/** One version row the actor may see (readers of published text: the published one only). */
export async function visibleVersion(ctx: Ctx, id: string, number: number): Promise<{ policy: PolicyRow; version: VersionRow }> {
  const policy = await visiblePolicy(ctx, id);
  const version = Number.isSafeInteger(number) && number >= 1 ? await repo.findVersion(ctx.db, policy.id, number) : undefined;
  if (!version || (!seesDrafts(ctx) && version.status !== 'published')) throw notFound('The version');
  return { policy, version };
}

export async function getVersion(ctx: Ctx, id: string, number: number): Promise<VersionOut> {
  return presentVersion((await visibleVersion(ctx, id, number)).version);
}

/** The version's sanitised HTML, as stored when it was saved. */
export async function versionHtml(ctx: Ctx, id: string, number: number): Promise<string> {
  return (await visibleVersion(ctx, id, number)).version.body_html;
}

/** Starts a new draft (from the given text); only when no other version is open. */
export async function createDraft(ctx: Ctx, id: string, input: DraftInput): Promise<VersionOut> {
  authorize(ctx.actor, 'policies.write');
  const data = parseOrThrow(DraftInput, input, 'draft');
  const policy = await visiblePolicy(ctx, id);
  const html = renderForStorage(data.body);
  const who = await actorIdentity(ctx);
  return mutate(ctx, async (m) => {
    const current = (await repo.findPolicy(m.tx, policy.id))!;
    if (current.open_number !== null) {
      throw conflict(`Version ${current.open_number} is still ${current.open_status === 'draft' ? 'a draft: edit it instead' : 'approved and waiting to be published: publish it first'}.`);
    }
    const [newest] = await repo.listVersions(m.tx, current.id);
    const number = (newest ? Number(newest.number) : 0) + 1;
    const version = await repo
      .insertVersion(m.tx, {
        id: newId(),
        policy_id: current.id,
        number,
        status: 'draft',
        body: data.body,
        body_sha256: sha256(data.body),
        body_html: html,
        change_summary: data.change_summary ?? '',
        created_at: m.now,
        created_by_id: who.id,
        created_by_name: who.name,
        updated_at: m.now,
      })
      .catch((e: unknown) => {
        throw repo.isUniqueViolation(e) ? conflict('Someone started a draft at the same moment; reload the policy.') : e;
      });
    await repo.updatePolicy(m.tx, current.id, { open_number: number, open_status: 'draft', updated_at: m.now });
    await m.record({ action: 'policy.draft', entityType: 'policy', entityId: current.id, after: versionRecord(version) });
    return presentVersion(version);
  });
}

/** Edits a draft. Approved, published and superseded versions never change. */
export async function updateDraft(ctx: Ctx, id: string, number: number, patch: DraftPatch): Promise<VersionOut> {
  authorize(ctx.actor, 'policies.write');
  const data = parseOrThrow(DraftPatch, patch, 'draft');
  const { policy, version } = await visibleVersion(ctx, id, number);
  const html = data.body === undefined ? null : renderForStorage(data.body);
  return mutateUnlessUnchanged(ctx, async (m) => {
    const current = (await repo.findVersionById(m.tx, version.id))!;
    if (current.status !== 'draft') throw conflict(`Version ${current.number} is ${current.status} and cannot change; start a new draft instead.`);
    const body = data.body ?? current.body;
    const summary = data.change_summary ?? current.change_summary;
    if (body === current.body && summary === current.change_summary) return new Unchanged(presentVersion(current));
    const updated = await repo.updateVersion(m.tx, current.id, { body, body_sha256: sha256(body), body_html: html ?? current.body_html, change_summary: summary, updated_at: m.now });
    await repo.updatePolicy(m.tx, policy.id, { updated_at: m.now });
    await m.record({ action: 'policy.draft_update', entityType: 'policy', entityId: policy.id, before: versionRecord(current), after: versionRecord(updated) });
    return presentVersion(updated);
  });
}

/** Approves a draft: from now on its text is fixed. */
export async function approveVersion(ctx: Ctx, id: string, number: number): Promise<VersionOut> {
  authorize(ctx.actor, 'policies.approve');
  const { policy, version } = await visibleVersion(ctx, id, number);
  const who = await actorIdentity(ctx);
  return mutate(ctx, async (m) => {
    const current = (await repo.findVersionById(m.tx, version.id))!;
    if (current.status !== 'draft') throw conflict(`Version ${current.number} is ${current.status}; only a draft can be approved.`);
    if (!current.body.trim()) throw conflict('An empty draft cannot be approved.', [{ field: 'body', message: MSG.bodyEmpty }]);
    const updated = await repo.updateVersion(m.tx, current.id, { status: 'approved', approved_at: m.now, approved_by_id: who.id, approved_by_name: who.name, updated_at: m.now });
    await repo.updatePolicy(m.tx, policy.id, { open_status: 'approved', updated_at: m.now });
    await m.record({ action: 'policy.approve', entityType: 'policy', entityId: policy.id, before: versionRecord(current), after: versionRecord(updated) });
    return presentVersion(updated);
  });
}

/** Publishes an approved version; the one published before is superseded and the review clock restarts. */
export async function publishVersion(ctx: Ctx, id: string, number: number): Promise<VersionOut> {
  authorize(ctx.actor, 'policies.approve');
  const { policy, version } = await visibleVersion(ctx, id, number);
  const who = await actorIdentity(ctx);
  const today = todayOf(ctx.clock);
  return mutate(ctx, async (m) => {
    const current = (await repo.findVersionById(m.tx, version.id))!;
    if (current.status !== 'approved') throw conflict(`Version ${current.number} is ${current.status}; only an approved version can be published.`);
    const p = (await repo.findPolicy(m.tx, policy.id))!;
    if (p.published_number !== null) {
      const previous = await repo.findVersion(m.tx, p.id, Number(p.published_number));
      if (previous) await repo.updateVersion(m.tx, previous.id, { status: 'superseded', superseded_at: m.now });
    }
    const updated = await repo.updateVersion(m.tx, current.id, { status: 'published', published_at: m.now, published_by_id: who.id, published_by_name: who.name, updated_at: m.now });
    const after = await repo.updatePolicy(m.tx, p.id, {
      published_number: current.number,
      published_at: m.now,
      open_number: null,
      open_status: null,
      ...reviewFields(today, p.review_interval_months),
      updated_at: m.now,
    });
    await m.record({ action: 'policy.publish', entityType: 'policy', entityId: p.id, before: policyRecord(p), after: { ...policyRecord(after), ...versionRecord(updated) } });
    return presentVersion(updated);
  });
}

/** The policy's audit history (everything but individual acknowledgements), newest first. */
export async function policyHistory(ctx: Ctx, id: string): Promise<AuditEventOut[]> {
  const policy = await visiblePolicy(ctx, id);
  const { items } = await listAudit(ctx, { entity_type: 'policy', entity_id: policy.id, order: 'desc', limit: 100, offset: 0 });
  return items;
}

/** A line diff of version `number` against `against` (default: the version before it). */
export async function diffVersions(ctx: Ctx, id: string, number: number, against?: number): Promise<DiffOut> {
  authorize(ctx.actor, 'policy_drafts.read');
  const { policy, version } = await visibleVersion(ctx, id, number);
  const from = against ?? Number(version.number) - 1;
  const older = from >= 1 ? await repo.findVersion(ctx.db, policy.id, from) : undefined;
  if (!older) throw notFound(against === undefined ? 'An earlier version' : 'The version to compare with');
  const d = lineDiff(older.body, version.body);
  return { from: Number(older.number), to: Number(version.number), added: d.added, removed: d.removed, approximate: d.approximate, lines: d.lines };
}

/** A version with its stored HTML, for the pages. */
export async function readVersion(ctx: Ctx, id: string, number: number): Promise<{ version: VersionOut; html: string }> {
  const { version } = await visibleVersion(ctx, id, number);
  return { version: presentVersion(version), html: version.body_html };
}

/** Renders a draft's text as it would be stored, without saving anything (the editor's preview). */
export function previewDraft(ctx: Ctx, input: DraftInput): string {
  authorize(ctx.actor, 'policies.write');
  return renderForStorage(parseOrThrow(DraftInput, input, 'draft').body);
}
