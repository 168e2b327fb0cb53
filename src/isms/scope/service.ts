// Scope statement use cases (read, save with a version check, history) and the overview's figures.
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { badRequest, conflict, type FieldError } from '../../core/errors.js';
import { fieldErrors } from '../../core/validation.js';
import { todayOf as calendarToday } from '../calendar.js';
import { mutateUnlessUnchanged, Unchanged } from '../people/service.js';
import { countIssuesByKind } from './context-repo.js';
import { MSG, optionalDate } from './fields.js';
import { partyCounts } from './parties-repo.js';
import * as repo from './repo.js';
import { SCOPE_ID, ScopeInput, type ScopeOut, type ScopeRecord } from './schema.js';
import { reviewStatus } from './status.js';
import type { ScopeStatementRow } from './tables.js';

/** The organisation's calendar date (see ../calendar.ts). */
export const todayOf = (ctx: Ctx): string => calendarToday(ctx.clock);

const EMPTY: ScopeRecord = {
  statement: '',
  org_units: [],
  locations: [],
  services: [],
  systems: [],
  exclusions: [],
  interfaces: [],
  last_reviewed: null,
  next_review: null,
  version: 0,
  created_at: null,
  updated_at: null,
};

const list = <T>(json: string): T[] => JSON.parse(json) as T[];

/** The stored statement as the API and the audit trail show it. */
function record(r: ScopeStatementRow | undefined): ScopeRecord {
  if (!r) return EMPTY;
  return {
    statement: r.statement,
    org_units: list(r.org_units),
    locations: list(r.locations),
    services: list(r.services),
    systems: list(r.systems),
    exclusions: list(r.exclusions),
    interfaces: list(r.interfaces),
    last_reviewed: r.last_reviewed,
    next_review: r.next_review,
    version: r.version,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

const present = (r: ScopeRecord, today: string): ScopeOut => ({ ...r, review: reviewStatus(r.next_review, today) });

/** The scope statement; version 0 with empty lists until it is first saved. */
export async function getScope(ctx: Ctx): Promise<ScopeOut> {
  authorize(ctx.actor, 'scope.read');
  return present(record(await repo.findStatement(ctx.db, SCOPE_ID)), todayOf(ctx));
}

function reviewErrors(last: string | null, next: string | null, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (last && last > today) errors.push({ field: 'last_reviewed', message: MSG.reviewedFuture });
  if (last && next && next <= last) errors.push({ field: 'next_review', message: MSG.nextBeforeLast });
  return errors;
}

const dateOrNull = (v: unknown): string | null => {
  const r = optionalDate.safeParse(v);
  return r.success ? r.data : null;
};

const CONTENT = ['statement', 'org_units', 'locations', 'services', 'systems', 'exclusions', 'interfaces', 'last_reviewed', 'next_review'] as const;
const sameContent = (a: ScopeRecord, b: Omit<ScopeRecord, 'version' | 'created_at' | 'updated_at'>) => CONTENT.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));

const versionConflict = () => conflict(MSG.version, [{ field: 'expected_version', message: MSG.version }]);

/**
 * Replaces the scope statement as a whole and records the change with the full before and after.
 * With `expected_version`, a save over someone else's newer version is refused (409) instead of
 * silently overwriting it. Saving what is already stored writes nothing.
 */
export async function saveScope(ctx: Ctx, input: ScopeInput): Promise<ScopeOut> {
  authorize(ctx.actor, 'scope.write');
  const today = todayOf(ctx);
  // The date rules are checked alongside the schema, so one answer lists every problem.
  const parsed = ScopeInput.safeParse(input);
  const raw = input as { last_reviewed?: unknown; next_review?: unknown };
  const dateErrors = reviewErrors(dateOrNull(raw.last_reviewed), dateOrNull(raw.next_review), today);
  if (!parsed.success || dateErrors.length) throw badRequest('The scope has invalid fields.', [...(parsed.success ? [] : fieldErrors(parsed.error)), ...dateErrors]);
  const data = parsed.data;
  const next = {
    statement: data.statement,
    org_units: data.org_units,
    locations: data.locations,
    services: data.services,
    systems: data.systems,
    exclusions: data.exclusions,
    interfaces: data.interfaces,
    last_reviewed: data.last_reviewed ?? null,
    next_review: data.next_review ?? null,
  };
  const saved = await mutateUnlessUnchanged(ctx, async (m) => {
    const row = await repo.findStatement(m.tx, SCOPE_ID);
    const before = record(row);
    if (data.expected_version !== undefined && data.expected_version !== before.version) throw versionConflict();
    if (row && sameContent(before, next)) return new Unchanged(before);
    const stored = {
      id: SCOPE_ID,
      statement: next.statement,
      org_units: JSON.stringify(next.org_units),
      locations: JSON.stringify(next.locations),
      services: JSON.stringify(next.services),
      systems: JSON.stringify(next.systems),
      exclusions: JSON.stringify(next.exclusions),
      interfaces: JSON.stringify(next.interfaces),
      last_reviewed: next.last_reviewed,
      next_review: next.next_review,
      version: before.version + 1,
      created_at: row?.created_at ?? m.now,
      updated_at: m.now,
    };
    if (row) {
      if (!(await repo.updateStatement(m.tx, stored, before.version))) throw versionConflict();
    } else {
      // Two first saves at once: the second finds the row taken and is told to reload.
      await repo.insertStatement(m.tx, stored).catch((e: unknown) => {
        throw repo.isUniqueViolation(e) ? versionConflict() : e;
      });
    }
    const after = record(stored);
    await m.record({ action: row ? 'scope.update' : 'scope.create', entityType: 'isms_scope', entityId: SCOPE_ID, before: row ? before : null, after });
    return after;
  });
  return present(saved, today);
}

/** The statement's changes, newest first (read through the audit trail). */
export async function scopeHistory(ctx: Ctx, limit = 20): Promise<AuditEventOut[]> {
  const { items } = await listAudit(ctx, { entity_type: 'isms_scope', entity_id: SCOPE_ID, order: 'desc', limit, offset: 0 });
  return items;
}

export interface ScopeCounts {
  issues: { internal: number; external: number };
  parties: { parties: number; requirements: number; throughIsms: number };
}

/** Counts of issues and parties for the overview page. */
export async function scopeCounts(ctx: Ctx): Promise<ScopeCounts> {
  authorize(ctx.actor, 'scope.read');
  return { issues: await countIssuesByKind(ctx.db), parties: await partyCounts(ctx.db) };
}
