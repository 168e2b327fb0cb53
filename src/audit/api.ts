// GET /api/v1/audit-events: the audit trail, filtered and paged, one event, or the whole selection as CSV; events carry their ledger proofs.
import { z } from 'zod';
import { csvHeaders } from '../core/csv.js';
import type { ApiRouter } from '../http/api-router.js';
import { ctxOf } from '../http/env.js';
import { hasControlChars } from '../core/text.js';
import { auditCsv, EXPORT_MAX_ROWS } from './export.js';
import { AuditEventOut, AuditList, AuditQuery } from './schema.js';
import { auditProofBundle, getAudit, listAudit } from './service.js';

// Ids are UUIDs; refusing anything else up front keeps control bytes (NUL) away from the database.
const IdParam = z.object({ id: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/, 'An event id is letters, digits, dashes and underscores.') });

// Free-text filters must not carry control characters (PostgreSQL rejects NUL in text outright).
const noControl = (s: string | undefined) => s === undefined || !hasControlChars(s);
const Filters = AuditQuery.refine((q) => noControl(q.entity_id), { path: ['entity_id'], message: 'No control characters.' }).refine((q) => noControl(q.actor_id), {
  path: ['actor_id'],
  message: 'No control characters.',
});
const ExportQuery = AuditQuery.omit({ limit: true, offset: true })
  .refine((q) => noControl(q.entity_id), { path: ['entity_id'], message: 'No control characters.' })
  .refine((q) => noControl(q.actor_id), { path: ['actor_id'], message: 'No control characters.' });

export function registerAuditApi(api: ApiRouter): void {
  api.route(
    {
      method: 'get',
      path: '/audit-events',
      access: 'audit.read',
      tag: 'Audit trail',
      summary: 'List audit events, newest first by default, each with its place in the ledger',
      query: Filters,
      response: AuditList,
    },
    async (c, { query }) => c.json(await listAudit(ctxOf(c), query, c.get('services').ledger)),
  );
  // Registered before `/audit-events/:id`, which would otherwise take `export.csv` for an id.
  api.route(
    {
      method: 'get',
      path: '/audit-events/export.csv',
      access: 'audit.read',
      tag: 'Audit trail',
      summary: `Export the matching audit events as CSV (at most ${EXPORT_MAX_ROWS} per file)`,
      query: ExportQuery,
      response: { mediaType: 'text/csv', description: 'One row per event with before and after as JSON; cells that a spreadsheet would run as formulas are prefixed with an apostrophe.' },
    },
    async (c, { query }) => {
      const { order, ...filter } = query;
      const { csv, rows, total } = await auditCsv(ctxOf(c), filter, order);
      return c.body(csv, 200, { ...csvHeaders('audit-events.csv'), 'X-Total-Count': String(total), 'X-Exported-Rows': String(rows) });
    },
  );
  api.route(
    {
      method: 'get',
      path: '/audit-events/:id',
      access: 'audit.read',
      tag: 'Audit trail',
      summary: 'One audit event with its before and after, and its ledger index, salt and inclusion proof',
      params: IdParam,
      response: AuditEventOut,
      errors: [404],
    },
    async (c, { params }) => c.json(await getAudit(ctxOf(c), params.id, c.get('services').ledger)),
  );
  api.route(
    {
      method: 'get',
      path: '/audit-events/:id/proof-bundle',
      access: 'audit.read',
      tag: 'Audit trail',
      summary: 'A self-contained offline proof that the event is in the ledger: check it with `kilpi ledger verify-bundle --vkey VKEY FILE`',
      params: IdParam,
      response: { mediaType: 'application/json', description: 'A kilpi-proof-bundle/v1 document: the event’s canonical JSON and salt, its entry, inclusion proof and the signed checkpoint.' },
      errors: [404],
    },
    async (c, { params }) => {
      const bundle = await auditProofBundle(ctxOf(c), params.id, c.get('services').ledger);
      return c.json(bundle, 200, { 'Content-Disposition': `attachment; filename="audit-event-${bundle.index}.proof.json"` });
    },
  );
}
