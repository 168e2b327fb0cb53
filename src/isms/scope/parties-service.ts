// Interested parties and their requirements (ISO/IEC 27001 4.2): list, read, create, change, delete, export, history.
import { listAudit } from '../../audit/service.js';
import type { AuditEventOut } from '../../audit/schema.js';
import { authorize } from '../../auth/permissions.js';
import type { Ctx } from '../../core/context.js';
import { conflict, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { mutate } from '../../core/mutation.js';
import { parseOrThrow } from '../../core/validation.js';
import { mutateUnlessUnchanged, Unchanged } from '../people/service.js';
import { partiesCsv } from './csv.js';
import { isRecordId, MSG } from './fields.js';
import { NewParty, PartyPatch, type PartyFilter, type PartyOut, type PartyQuery } from './parties-schema.js';
import * as repo from './parties-repo.js';
import { isUniqueViolation, nextRef } from './repo.js';
import type { InterestedPartyRow, PartyRequirementRow } from './tables.js';

function present(r: InterestedPartyRow, reqs: PartyRequirementRow[]): PartyOut {
  return {
    id: r.id,
    ref: r.ref,
    name: r.name,
    category: r.category,
    description: r.description,
    requirements: reqs.map((q) => ({ requirement: q.requirement, how_addressed: q.how_addressed, through_isms: q.through_isms === 1 })),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

async function presentAll(db: Ctx['db'], rows: InterestedPartyRow[]): Promise<PartyOut[]> {
  const reqs = await repo.requirementsOf(db, rows.map((r) => r.id));
  return rows.map((r) => present(r, reqs.get(r.id) ?? []));
}

const where = (f: Partial<PartyFilter>): repo.PartyWhere => ({ q: f.q, category: f.category });

export async function listParties(ctx: Ctx, q: PartyQuery): Promise<{ items: PartyOut[]; total: number; limit: number; offset: number }> {
  authorize(ctx.actor, 'scope.read');
  const { rows, total } = await repo.listParties(ctx.db, where(q), { sort: q.sort, dir: q.dir }, { limit: q.limit, offset: q.offset });
  return { items: await presentAll(ctx.db, rows), total, limit: q.limit, offset: q.offset };
}

/** Every party matching the filter as CSV, one line per requirement. */
export async function exportPartiesCsv(ctx: Ctx, f: PartyFilter): Promise<string> {
  authorize(ctx.actor, 'scope.read');
  const { rows } = await repo.listParties(ctx.db, where(f), { sort: f.sort, dir: f.dir }, null);
  return partiesCsv(await presentAll(ctx.db, rows));
}

async function load(db: Ctx['db'], id: string): Promise<InterestedPartyRow> {
  const row = isRecordId(id) ? await repo.findParty(db, id.toLowerCase()) : undefined;
  if (!row) throw notFound('The interested party');
  return row;
}

export async function getParty(ctx: Ctx, id: string): Promise<PartyOut> {
  authorize(ctx.actor, 'scope.read');
  const [p] = await presentAll(ctx.db, [await load(ctx.db, id)]);
  return p!;
}

const nameTaken = (name: string) => conflict(`An interested party named ${name} already exists.`, [{ field: 'name', message: MSG.partyNameTaken }]);
const audited = (p: PartyOut) => {
  const { created_at: _c, ...rest } = p;
  return rest;
};

export async function createParty(ctx: Ctx, input: NewParty): Promise<PartyOut> {
  authorize(ctx.actor, 'scope.write');
  const data = parseOrThrow(NewParty, input, 'interested party');
  const id = newId();
  const party = await mutate(ctx, async (m) => {
    if (await repo.findPartyByName(m.tx, data.name)) throw nameTaken(data.name);
    const ref = await nextRef(m.tx, 'IP');
    const fields = { id, ref, name: data.name, category: data.category, description: data.description ?? null, created_at: m.now, updated_at: m.now };
    const reqs = data.requirements.map((r) => ({ requirement: r.requirement, how_addressed: r.how_addressed ?? null, through_isms: r.through_isms }));
    await repo.insertParty(m.tx, fields, reqs).catch((e: unknown) => {
      throw isUniqueViolation(e) ? nameTaken(data.name) : e;
    });
    const [p] = await presentAll(m.tx, [(await repo.findParty(m.tx, id))!]);
    await m.record({ action: 'interested_party.create', entityType: 'interested_party', entityId: id, after: audited(p!) });
    return p!;
  });
  return party;
}

/** Changes some of a party's fields; `requirements`, when given, replaces the whole list. */
export async function updateParty(ctx: Ctx, id: string, patch: PartyPatch): Promise<PartyOut> {
  authorize(ctx.actor, 'scope.write');
  const data = parseOrThrow(PartyPatch, patch, 'interested party');
  const existing = await load(ctx.db, id);
  return mutateUnlessUnchanged(ctx, async (m) => {
    const row = await load(m.tx, existing.id);
    const [before] = await presentAll(m.tx, [row]);
    const name = data.name ?? row.name;
    const fields = {
      id: row.id,
      ref: row.ref,
      name,
      category: data.category ?? row.category,
      description: data.description !== undefined ? data.description : row.description,
      created_at: row.created_at,
      updated_at: m.now,
    };
    const reqs = data.requirements
      ? data.requirements.map((r) => ({ requirement: r.requirement, how_addressed: r.how_addressed ?? null, through_isms: r.through_isms }))
      : before!.requirements;
    const same =
      fields.name === row.name &&
      fields.category === row.category &&
      fields.description === row.description &&
      JSON.stringify(reqs) === JSON.stringify(before!.requirements);
    if (same) return new Unchanged(before!);
    if (repo.nameKey(name) !== row.name_key) {
      const other = await repo.findPartyByName(m.tx, name);
      if (other && other.id !== row.id) throw nameTaken(name);
    }
    await repo.updateParty(m.tx, fields, reqs).catch((e: unknown) => {
      throw isUniqueViolation(e) ? nameTaken(name) : e;
    });
    const [after] = await presentAll(m.tx, [(await repo.findParty(m.tx, row.id))!]);
    await m.record({ action: 'interested_party.update', entityType: 'interested_party', entityId: row.id, before: audited(before!), after: audited(after!) });
    return after!;
  });
}

/** Deletes a party and its requirements; the audit event keeps all of it. */
export async function deleteParty(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx.actor, 'scope.write');
  const existing = await load(ctx.db, id);
  await mutate(ctx, async (m) => {
    const row = await load(m.tx, existing.id);
    const [before] = await presentAll(m.tx, [row]);
    await repo.deleteParty(m.tx, row.id);
    await m.record({ action: 'interested_party.delete', entityType: 'interested_party', entityId: row.id, before: audited(before!) });
  });
}

export async function partyHistory(ctx: Ctx, id: string): Promise<AuditEventOut[]> {
  if (!isRecordId(id)) return [];
  const { items } = await listAudit(ctx, { entity_type: 'interested_party', entity_id: id.toLowerCase(), order: 'desc', limit: 50, offset: 0 });
  return items;
}
