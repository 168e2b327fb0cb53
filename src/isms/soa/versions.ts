// SoA versions: a prepared version freezes every row of the working SoA (applicability,
// justification, computed status, implementing controls); an administrator approves it once, by name
// and date, after which it never changes. Versions can be listed, read and compared.
import { createHash } from 'node:crypto';
import { authorize } from '../../auth/permissions.js';
import { getUserAccount } from '../../auth/users-service.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { actorRole, actorUserId, type Ctx } from '../../core/context.js';
import { conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { zonedDate } from '../../web/dates.js';
import { frameworkSummary, ISO27001_ID } from '../frameworks/service.js';
import { personByEmail } from '../people/service.js';
import * as repo from './repo.js';
import { basisOf, diffRows, gapsOf, summarise, type Implementer, type RowFacts } from './rules.js';
import { ApproveInput, MSG, PrepareInput, type DiffOut, type SoaRowOut, type VersionDetailOut, type VersionOut } from './schema.js';
import { present, workingRows } from './working.js';

const DEFAULT_TZ = 'Europe/Helsinki';

export function presentVersion(v: repo.VersionRow, timeZone = DEFAULT_TZ): VersionOut {
  return {
    number: v.number,
    status: v.status,
    note: v.note,
    row_count: v.row_count,
    gap_count: v.gap_count,
    content_hash: v.content_hash,
    framework_name: v.framework_name,
    framework_version: v.framework_version,
    prepared_at: v.prepared_at,
    prepared_by: v.prepared_by_label,
    approval:
      v.status === 'approved' && v.approved_at && v.approved_by_name
        ? {
            approved_at: v.approved_at,
            approved_on: zonedDate(new Date(v.approved_at), timeZone),
            name: v.approved_by_name,
            title: v.approved_by_title,
            role: v.approved_by_role,
            gaps_acknowledged: v.gaps_acknowledged === 1,
          }
        : null,
    superseded_by: v.superseded_by,
  };
}

/** The implementing controls a version froze; a damaged value reads as none rather than failing the page. */
function implementersOf(json: string): Implementer[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object' && typeof x.ref === 'string') as Implementer[]) : [];
  } catch {
    return [];
  }
}

/** A frozen row as the API shows rows; basis and gaps are recomputed from what was frozen. */
export function presentVersionRow(r: repo.VersionRowRow): SoaRowOut {
  const implemented_by = implementersOf(r.implemented_by);
  const status_basis = basisOf(implemented_by);
  const applicable = r.applicable === 1;
  return {
    control_id: r.control_id,
    title: r.title,
    theme: r.theme,
    applicable,
    justification: r.justification,
    status: r.status,
    status_basis,
    implemented_by,
    gaps: gapsOf(applicable, r.justification, status_basis),
    updated_at: null,
  };
}

async function findVersion(ctx: Ctx, n: number): Promise<repo.VersionRow> {
  const v = await repo.versionByNumber(ctx.db, n);
  if (!v) throw notFound(`SoA version ${n}`);
  return v;
}

export async function listVersions(ctx: Ctx, q: { limit: number; offset: number }, timeZone = DEFAULT_TZ) {
  authorize(ctx.actor, 'soa.read');
  const { rows, total } = await repo.listVersions(ctx.db, q);
  return { items: rows.map((v) => presentVersion(v, timeZone)), total, limit: q.limit, offset: q.offset };
}

/** The newest approved version (what an auditor asks for first), or null. */
export async function latestApprovedVersion(ctx: Ctx, timeZone = DEFAULT_TZ): Promise<VersionOut | null> {
  authorize(ctx.actor, 'soa.read');
  const v = await repo.latestApproved(ctx.db);
  return v ? presentVersion(v, timeZone) : null;
}

/** The newest version of any status, or null: the page offers to compare against it. */
export async function latestVersion(ctx: Ctx, timeZone = DEFAULT_TZ): Promise<VersionOut | null> {
  authorize(ctx.actor, 'soa.read');
  const v = await repo.latestVersion(ctx.db);
  return v ? presentVersion(v, timeZone) : null;
}

export async function getVersion(ctx: Ctx, n: number, timeZone = DEFAULT_TZ): Promise<VersionDetailOut> {
  authorize(ctx.actor, 'soa.read');
  const v = await findVersion(ctx, n);
  const rows = (await repo.versionRows(ctx.db, v.id)).map(presentVersionRow);
  return { ...presentVersion(v, timeZone), summary: summarise(rows), rows };
}

/** The hash an approval covers: the frozen rows as canonical JSON, in catalogue order. */
export function contentHash(rows: readonly RowFacts[]): string {
  const facts = rows.map((r) => ({
    control_id: r.control_id,
    title: r.title,
    theme: r.theme,
    applicable: r.applicable,
    justification: r.justification,
    status: r.status,
    implemented_by: r.implemented_by.map((c) => ({ ref: c.ref, title: c.title, level: c.level, status: c.status })),
  }));
  return createHash('sha256').update(canonicalJson(facts)).digest('hex');
}

/**
 * Freezes the working SoA as the next version, a draft awaiting approval. An earlier draft is marked
 * superseded by it (kept for the record): only the newest draft can be approved.
 */
export async function prepareVersion(ctx: Ctx, input: PrepareInput = {}, timeZone = DEFAULT_TZ): Promise<VersionOut> {
  authorize(ctx.actor, 'soa.write');
  const data = parseOrThrow(PrepareInput, input, 'version');
  try {
    return await mutate(ctx, async (m) => {
      const inTx: Ctx = { ...ctx, db: m.tx };
      const rows = await workingRows(inTx);
      if (!rows.length) throw conflict(MSG.noCatalogue);
      const framework = await frameworkSummary(inTx, ISO27001_ID);
      const number = ((await repo.latestVersion(m.tx))?.number ?? 0) + 1;
      const superseded = await repo.supersedeDrafts(m.tx, number);
      const summary = summarise(rows);
      const id = newId();
      const version = await repo.insertVersion(
        m.tx,
        {
          id,
          number,
          status: 'draft',
          note: data.note ?? null,
          row_count: rows.length,
          gap_count: summary.with_gaps,
          content_hash: contentHash(rows),
          framework_name: framework?.name ?? null,
          framework_version: framework?.version ?? null,
          prepared_at: m.now,
          prepared_by_label: m.actor.label,
          prepared_by_user_id: actorUserId(m.actor),
          gaps_acknowledged: 0,
        },
        rows.map((r) => ({
          version_id: id,
          control_id: r.control_id,
          requirement_id: r.requirement_id,
          title: r.title,
          theme: r.theme,
          sort_order: r.sort_order,
          applicable: r.applicable ? 1 : 0,
          justification: r.justification,
          status: r.status,
          implemented_by: JSON.stringify(r.implemented_by),
        })),
      );
      const out = presentVersion(version, timeZone);
      await m.record({
        action: 'soa.prepare',
        entityType: 'soa_version',
        entityId: id,
        after: { number, status: 'draft', note: out.note, row_count: out.row_count, gap_count: out.gap_count, content_hash: out.content_hash, superseded },
      });
      return out;
    });
  } catch (e) {
    if (repo.isUniqueViolation(e)) throw conflict(MSG.concurrent);
    throw e;
  }
}

/**
 * Approves draft version `n` as the signed-in administrator, recording their name, the role in which
 * they approve and the date. A version with gaps needs `acknowledge_gaps`: approving knowingly is the
 * approver's call, and the version says so. Approval happens once; the version is then final.
 */
export async function approveVersion(ctx: Ctx, n: number, input: ApproveInput = {}, timeZone = DEFAULT_TZ): Promise<VersionOut> {
  authorize(ctx.actor, 'soa.approve');
  const data = parseOrThrow(ApproveInput, input, 'approval');
  const userId = actorUserId(ctx.actor);
  if (!userId) throw conflict(MSG.namedApprover);
  const v = await findVersion(ctx, n);
  if (v.status === 'approved') throw conflict(`Version ${n} was approved on ${zonedDate(new Date(v.approved_at!), timeZone)} by ${v.approved_by_name}. ${MSG.alreadyApproved}`);
  if (v.status === 'superseded') throw conflict(`Version ${n} was replaced by version ${v.superseded_by}. ${MSG.superseded}`);
  if (v.gap_count > 0 && !data.acknowledge_gaps) {
    throw conflict(`Version ${n} has ${v.gap_count} row(s) with gaps.`, [{ field: 'acknowledge_gaps', message: MSG.acknowledgeGaps }]);
  }
  const user = await getUserAccount(ctx, userId);
  const person = await personByEmail(ctx, user.email);
  const title = data.title ?? person?.title ?? null;
  return mutate(ctx, async (m) => {
    const approved = await repo.approveDraft(m.tx, v.id, {
      approved_at: m.now,
      approved_by_user_id: userId,
      approved_by_name: user.name,
      approved_by_title: title,
      approved_by_role: actorRole(m.actor),
      gaps_acknowledged: v.gap_count > 0 ? 1 : 0,
    });
    // Someone approved it, or prepared a newer draft, between our read and this write.
    if (!approved) throw conflict(`Version ${n} is no longer a draft. ${MSG.alreadyApproved}`);
    const out = presentVersion(approved, timeZone);
    await m.record({
      action: 'soa.approve',
      entityType: 'soa_version',
      entityId: v.id,
      before: { number: n, status: 'draft', content_hash: v.content_hash },
      after: { number: n, status: 'approved', content_hash: v.content_hash, approval: out.approval, gap_count: v.gap_count },
    });
    return out;
  });
}

/** What changed from version `a` to version `b`, or to the working SoA when `b` is `current`. */
export async function diffVersions(ctx: Ctx, a: number, b: number | 'current'): Promise<DiffOut> {
  authorize(ctx.actor, 'soa.read');
  const from = await findVersion(ctx, a);
  const fromRows = (await repo.versionRows(ctx.db, from.id)).map(presentVersionRow);
  let to: DiffOut['to'];
  let toRows: SoaRowOut[];
  if (b === 'current') {
    to = { number: null, status: 'working' };
    toRows = (await workingRows(ctx)).map(present);
  } else {
    const v = await findVersion(ctx, b);
    to = { number: v.number, status: v.status };
    toRows = (await repo.versionRows(ctx.db, v.id)).map(presentVersionRow);
  }
  const d = diffRows(fromRows, toRows);
  return { from: { number: from.number, status: from.status }, to, added: d.added as SoaRowOut[], removed: d.removed as SoaRowOut[], changed: d.changed, unchanged: d.unchanged };
}
