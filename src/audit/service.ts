// Reading the audit trail: authorised, filtered and presented, each event with its place in the ledger.
import { authorize } from '../auth/permissions.js';
import type { Ctx } from '../core/context.js';
import { getAuditEvent, listAuditEvents, type AuditEventRow } from '../core/audit-repo.js';
import { notFound } from '../core/errors.js';
import { encodeBase64 } from '../ledger/encoding.js';
import { LedgerError } from '../ledger/errors.js';
import { makeBundle, type ProofBundle } from '../ledger/bundle.js';
import type { Ledger } from '../ledger/logs.js';
import { OutOfRangeError } from '../ledger/proofs.js';
import type { AuditEventOut, AuditLedgerOut, AuditQuery } from './schema.js';

export function presentAuditEvent(r: AuditEventRow, ledger: AuditLedgerOut | null = null): AuditEventOut {
  return {
    id: r.id,
    seq: Number(r.seq),
    occurred_at: r.occurred_at,
    actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
    action: r.action,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
    request_id: r.request_id,
    ledger,
  };
}

/**
 * Each event's ledger facts with an inclusion proof in the latest signed checkpoint, or null while
 * no checkpoint covers it. Ledger storage trouble leaves the trail readable: the events show null.
 */
async function ledgerFacts(ctx: Ctx, ledger: Ledger | undefined, rows: AuditEventRow[]): Promise<(AuditLedgerOut | null)[]> {
  const none = rows.map(() => null);
  if (!ledger || rows.every((r) => r.ledger_index === null)) return none;
  const log = ledger.audit;
  try {
    const latest = await log.latest();
    if (!latest) return none;
    const size = latest.checkpoint.size;
    return await Promise.all(
      rows.map(async (r) => {
        if (r.ledger_index === null || Number(r.ledger_index) >= size) return null;
        const index = Number(r.ledger_index);
        const proof = await log.inclusion(index, size, size);
        return { log: 'audit' as const, index, commitment: r.ledger_commitment, salt: r.ledger_salt, checkpoint_size: size, inclusion_proof: proof.map(encodeBase64) };
      }),
    );
  } catch (e) {
    if (!(e instanceof LedgerError)) throw e;
    ctx.log?.warn({ err: e }, 'audit: cannot read the ledger; showing events without their proofs');
    return none;
  }
}

export async function listAudit(ctx: Ctx, q: AuditQuery, ledger?: Ledger) {
  authorize(ctx.actor, 'audit.read');
  const { rows, total } = await listAuditEvents(
    ctx.db,
    { entityType: q.entity_type, entityId: q.entity_id, actorId: q.actor_id, action: q.action, from: q.from, to: q.to },
    { limit: q.limit, offset: q.offset, order: q.order },
  );
  const facts = await ledgerFacts(ctx, ledger, rows);
  return { items: rows.map((r, i) => presentAuditEvent(r, facts[i])), total, limit: q.limit, offset: q.offset };
}

export async function getAudit(ctx: Ctx, id: string, ledger?: Ledger): Promise<AuditEventOut> {
  authorize(ctx.actor, 'audit.read');
  const row = await getAuditEvent(ctx.db, id);
  if (!row) throw notFound('The audit event');
  const [facts] = await ledgerFacts(ctx, ledger, [row]);
  return presentAuditEvent(row, facts ?? null);
}

/** The offline proof bundle for one event (see `kilpi ledger verify-bundle`); 404 until a checkpoint covers it. */
export async function auditProofBundle(ctx: Ctx, id: string, ledger: Ledger | undefined): Promise<ProofBundle> {
  authorize(ctx.actor, 'audit.read');
  const row = await getAuditEvent(ctx.db, id);
  if (!row) throw notFound('The audit event');
  if (!ledger || row.ledger_index === null) throw notFound('A ledger proof for this event (it is not sequenced yet)');
  try {
    return await makeBundle(ledger.audit, ctx.db, Number(row.ledger_index));
  } catch (e) {
    if (e instanceof OutOfRangeError) throw notFound('A ledger proof for this event (no signed checkpoint covers it yet)');
    throw e;
  }
}
