// The audit trail as CSV, shared by the page's export link and the API's export route.
import type { Ctx } from '../core/context.js';
import { toCsv, type CsvColumn } from '../core/csv.js';
import type { AuditEventOut } from './schema.js';
import { listAudit } from './service.js';

export interface AuditExportFilter {
  entity_type?: string | undefined;
  entity_id?: string | undefined;
  actor_id?: string | undefined;
  action?: string | undefined;
  /** ISO instants; `to` is exclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

/** One export holds at most this many events; the newest (or oldest, in ascending order) are kept. */
export const EXPORT_MAX_ROWS = 50_000;
const PAGE = 500;

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));

/** Column names match the API's field names, so a spreadsheet and a script read the same words. */
export const AUDIT_CSV_COLUMNS: CsvColumn<AuditEventOut>[] = [
  { header: 'seq', value: (e) => e.seq },
  { header: 'id', value: (e) => e.id },
  { header: 'occurred_at', value: (e) => e.occurred_at },
  { header: 'actor_type', value: (e) => e.actor.type },
  { header: 'actor_id', value: (e) => e.actor.id },
  { header: 'actor_label', value: (e) => e.actor.label },
  { header: 'action', value: (e) => e.action },
  { header: 'entity_type', value: (e) => e.entity_type },
  { header: 'entity_id', value: (e) => e.entity_id },
  { header: 'request_id', value: (e) => e.request_id },
  { header: 'before', value: (e) => json(e.before) },
  { header: 'after', value: (e) => json(e.after) },
];

/**
 * Reads matching events in commit order (appends during the export land after the last page, so no
 * row repeats or goes missing), keeping the newest `EXPORT_MAX_ROWS` for a descending export.
 */
export async function auditEventsForExport(
  ctx: Ctx,
  filter: AuditExportFilter,
  order: 'asc' | 'desc',
  { max = EXPORT_MAX_ROWS, pageSize = PAGE }: { max?: number; pageSize?: number } = {},
): Promise<{ events: AuditEventOut[]; total: number }> {
  const first = await listAudit(ctx, { ...filter, order: 'asc', limit: 1, offset: 0 });
  const total = first.total;
  let offset = order === 'desc' ? Math.max(0, total - max) : 0;
  const events: AuditEventOut[] = [];
  while (events.length < max) {
    const limit = Math.min(pageSize, max - events.length);
    const page = await listAudit(ctx, { ...filter, order: 'asc', limit, offset });
    events.push(...page.items);
    if (page.items.length < limit) break;
    offset += page.items.length;
  }
  if (order === 'desc') events.reverse();
  return { events, total };
}

export async function auditCsv(ctx: Ctx, filter: AuditExportFilter, order: 'asc' | 'desc'): Promise<{ csv: string; rows: number; total: number }> {
  const { events, total } = await auditEventsForExport(ctx, filter, order);
  return { csv: toCsv(events, AUDIT_CSV_COLUMNS), rows: events.length, total };
}
