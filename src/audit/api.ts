// GET /api/v1/audit-events: the audit trail, filtered and paged.
import { z } from 'zod';
import type { ApiRouter } from '../http/api-router.js';
import { ctxOf } from '../http/env.js';
import { AuditEventOut, AuditList, AuditQuery } from './schema.js';
import { getAudit, listAudit } from './service.js';

export function registerAuditApi(api: ApiRouter): void {
  api.route(
    { method: 'get', path: '/audit-events', access: 'audit.read', tag: 'Audit trail', summary: 'List audit events, newest first by default', query: AuditQuery, response: AuditList },
    async (c, { query }) => c.json(await listAudit(ctxOf(c), query)),
  );
  api.route(
    { method: 'get', path: '/audit-events/:id', access: 'audit.read', tag: 'Audit trail', summary: 'One audit event with its before and after', params: z.object({ id: z.string().max(64) }), response: AuditEventOut, errors: [404] },
    async (c, { params }) => c.json(await getAudit(ctxOf(c), params.id)),
  );
}
