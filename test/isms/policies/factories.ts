// Builders for policy tests: owners, policies in each state, and counts that a rejected request must not change.
import type { TestApp } from '../../helpers/app.js';
import { makePerson } from '../people/factories.js';
import type { PersonOut } from '../../../src/isms/people/schema.js';
import { approveVersion, createPolicy, publishVersion } from '../../../src/isms/policies/service.js';
import type { NewPolicyInput, PolicyOut } from '../../../src/isms/policies/schema.js';
import type { Actor } from '../../../src/core/context.js';

export const ORGANISATION = 'Testi Payments Oy';
let n = 0;

/** A valid new-policy body owned by `ownerId`. */
export function buildPolicy(ownerId: string, overrides: Partial<NewPolicyInput> = {}): NewPolicyInput {
  n++;
  return { title: `Policy ${n}`, level: 'practice', owner_id: ownerId, review_interval_months: 12, body: `## Purpose\n\nPolicy number ${n}.\n`, ...overrides };
}

/** The system acting as an admin-level actor; services accept it for every permission. */
export const makeOwner = (t: TestApp, overrides: Parameters<typeof makePerson>[1] = {}): Promise<PersonOut> => makePerson(t, overrides);

/** A policy with a draft version 1. */
export const makeDraftPolicy = (t: TestApp, ownerId: string, overrides: Partial<NewPolicyInput> = {}, actor?: Actor): Promise<PolicyOut> =>
  createPolicy(t.ctx(actor), buildPolicy(ownerId, overrides), { organisation: ORGANISATION });

/** A policy whose version 1 is approved and published. */
export async function makePublishedPolicy(t: TestApp, ownerId: string, overrides: Partial<NewPolicyInput> = {}): Promise<PolicyOut> {
  const p = await makeDraftPolicy(t, ownerId, overrides);
  await approveVersion(t.ctx(), p.id, 1);
  await publishVersion(t.ctx(), p.id, 1);
  return p;
}

export const json = (body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Rows in the policy tables and policy audit events: a rejected request changes none of them. */
export async function counts(t: TestApp): Promise<Record<string, number>> {
  const db = t.booted.services.db;
  const out: Record<string, number> = {};
  for (const table of ['policies', 'policy_versions', 'policy_campaigns', 'policy_campaign_members', 'policy_acknowledgements', 'policy_reminders'] as const) {
    const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  const e = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_type', 'in', ['policy', 'policy_acknowledgement'])
    .executeTakeFirstOrThrow();
  out.events = Number(e.n);
  return out;
}
