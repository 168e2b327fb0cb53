// Shapes of the audit trail in the API: filters in, events out.
import { z } from 'zod';

const isoTime = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}/.test(s), 'Use an ISO 8601 time, e.g. 2026-11-25T08:00:00Z.')
  .transform((s) => new Date(s).toISOString());

export const AuditQuery = z.object({
  entity_type: z.string().max(64).regex(/^[a-z_]+$/, 'Lower-case letters and underscores only.').optional(),
  entity_id: z.string().max(64).optional(),
  actor_id: z.string().max(64).optional(),
  action: z.string().max(64).regex(/^[a-z_.]+$/, 'Lower-case letters, dots and underscores only.').optional(),
  from: isoTime.optional().describe('Events at or after this time'),
  to: isoTime.optional().describe('Events before this time'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type AuditQuery = z.output<typeof AuditQuery>;

export const AuditLedgerOut = z
  .object({
    log: z.literal('audit'),
    index: z.number().int().describe('The event’s position in the audit log'),
    commitment: z.string().describe('The log’s entry for the event, base64: SHA-256(salt ‖ canonical event JSON)'),
    salt: z.string().describe('32 random bytes, base64, that open the commitment'),
    checkpoint_size: z.number().int().describe('The size of the latest signed checkpoint, which covers the event'),
    inclusion_proof: z.array(z.string()).describe('RFC 9162 inclusion proof (base64 hashes) of the entry in that checkpoint’s tree'),
  })
  .describe('Where the event sits in the verified ledger; null until a signed checkpoint covers it');
export type AuditLedgerOut = z.infer<typeof AuditLedgerOut>;

export const AuditEventOut = z.object({
  id: z.string(),
  seq: z.number().int().describe('Position in the trail; strictly increasing in commit order'),
  occurred_at: z.string(),
  actor: z.object({ type: z.enum(['user', 'token', 'system']), id: z.string().nullable(), label: z.string() }),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  request_id: z.string().nullable(),
  ledger: AuditLedgerOut.nullable(),
});
export type AuditEventOut = z.infer<typeof AuditEventOut>;

export const AuditList = z.object({
  items: z.array(AuditEventOut),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
