// Reading the audit trail: authorised, filtered and presented.
import { authorize } from '../auth/permissions.js';
import type { Ctx } from '../core/context.js';
import { getAuditEvent, listAuditEvents, type AuditEventRow } from '../core/audit-repo.js';
import { notFound } from '../core/errors.js';
import type { AuditEventOut, AuditQuery } from './schema.js';

export function presentAuditEvent(r: AuditEventRow): AuditEventOut {
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
  };
}

export async function listAudit(ctx: Ctx, q: AuditQuery) {
  authorize(ctx.actor, 'audit.read');
  const { rows, total } = await listAuditEvents(
    ctx.db,
    { entityType: q.entity_type, entityId: q.entity_id, actorId: q.actor_id, action: q.action, from: q.from, to: q.to },
    { limit: q.limit, offset: q.offset, order: q.order },
  );
  return { items: rows.map(presentAuditEvent), total, limit: q.limit, offset: q.offset };
}

export async function getAudit(ctx: Ctx, id: string): Promise<AuditEventOut> {
  authorize(ctx.actor, 'audit.read');
  const row = await getAuditEvent(ctx.db, id);
  if (!row) throw notFound('The audit event');
  return presentAuditEvent(row);
}
