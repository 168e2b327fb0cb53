// Queries for interested parties and their requirements.
import type { Insertable } from 'kysely';
import type { DB } from '../../db/index.js';
import { containsText, searchKeyOf } from '../../db/search.js';
import { newId } from '../../core/ids.js';
import { refOrder } from './repo.js';
import type { InterestedPartiesTable, InterestedPartyRow, PartyCategory, PartyRequirementRow } from './tables.js';

export interface PartyWhere {
  q?: string | undefined;
  category?: PartyCategory | undefined;
}

export interface PartyOrder {
  sort: 'ref' | 'name' | 'category' | 'updated_at';
  dir: 'asc' | 'desc';
}

export interface RequirementFields {
  requirement: string;
  how_addressed: string | null;
  through_isms: boolean;
}

/** The party's fields as stored; `name_key` and `search_key` are derived here. */
export type PartyFields = Omit<Insertable<InterestedPartiesTable>, 'name_key' | 'search_key'> & { description: string | null };

export const nameKey = (name: string): string => name.normalize('NFC').toLowerCase();
const keyOf = (p: PartyFields, reqs: RequirementFields[]) => searchKeyOf(p.ref, p.name, p.description, ...reqs.flatMap((r) => [r.requirement, r.how_addressed]));

function filtered(db: DB, w: PartyWhere) {
  let q = db.selectFrom('interested_parties as p');
  if (w.q) q = q.where(containsText('p.search_key', w.q));
  if (w.category) q = q.where('p.category', '=', w.category);
  return q;
}

/** One page of parties (all when `page` is null), ordered stably by the sort column, then reference. */
export async function listParties(db: DB, w: PartyWhere, o: PartyOrder, page: { limit: number; offset: number } | null): Promise<{ rows: InterestedPartyRow[]; total: number }> {
  let q = filtered(db, w).selectAll('p');
  if (o.sort !== 'ref') q = q.orderBy(`p.${o.sort}`, o.dir);
  q = q.orderBy(refOrder('p.ref'), o.sort === 'ref' ? o.dir : 'asc').orderBy('p.ref', o.sort === 'ref' ? o.dir : 'asc');
  if (page) q = q.limit(page.limit).offset(page.offset);
  const rows = await q.execute();
  const { n } = await filtered(db, w)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

export const findParty = (db: DB, id: string): Promise<InterestedPartyRow | undefined> => db.selectFrom('interested_parties').selectAll().where('id', '=', id).executeTakeFirst();

export const findPartyByName = (db: DB, name: string): Promise<InterestedPartyRow | undefined> =>
  db.selectFrom('interested_parties').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst();

/** Requirements per party, in their order, for the parties given. */
export async function requirementsOf(db: DB, partyIds: string[]): Promise<Map<string, PartyRequirementRow[]>> {
  const out = new Map<string, PartyRequirementRow[]>(partyIds.map((id) => [id, []]));
  for (let i = 0; i < partyIds.length; i += 500) {
    const rows = await db
      .selectFrom('party_requirements')
      .selectAll()
      .where('party_id', 'in', partyIds.slice(i, i + 500))
      .orderBy('party_id')
      .orderBy('position')
      .execute();
    for (const r of rows) out.get(r.party_id)?.push(r);
  }
  return out;
}

async function setRequirements(db: DB, partyId: string, reqs: RequirementFields[]): Promise<void> {
  await db.deleteFrom('party_requirements').where('party_id', '=', partyId).execute();
  if (!reqs.length) return;
  await db
    .insertInto('party_requirements')
    .values(reqs.map((r, position) => ({ id: newId(), party_id: partyId, position, requirement: r.requirement, how_addressed: r.how_addressed, through_isms: r.through_isms ? 1 : 0 })))
    .execute();
}

export async function insertParty(db: DB, p: PartyFields, reqs: RequirementFields[]): Promise<void> {
  await db
    .insertInto('interested_parties')
    .values({ ...p, name_key: nameKey(p.name), search_key: keyOf(p, reqs) })
    .execute();
  await setRequirements(db, p.id, reqs);
}

/** Rewrites the party and, when `reqs` is given, replaces its requirements. */
export async function updateParty(db: DB, p: PartyFields, reqs: RequirementFields[]): Promise<void> {
  const { id, created_at: _created, ...rest } = p;
  await db
    .updateTable('interested_parties')
    .set({ ...rest, name_key: nameKey(p.name), search_key: keyOf(p, reqs) })
    .where('id', '=', id)
    .execute();
  await setRequirements(db, id, reqs);
}

export async function deleteParty(db: DB, id: string): Promise<void> {
  await db.deleteFrom('interested_parties').where('id', '=', id).execute();
}

/** Parties, and requirements in all and addressed through the ISMS, for the overview. */
export async function partyCounts(db: DB): Promise<{ parties: number; requirements: number; throughIsms: number }> {
  const p = await db
    .selectFrom('interested_parties')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const r = await db
    .selectFrom('party_requirements')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('through_isms').as('through')])
    .executeTakeFirstOrThrow();
  return { parties: Number(p.n), requirements: Number(r.n), throughIsms: Number(r.through ?? 0) };
}
