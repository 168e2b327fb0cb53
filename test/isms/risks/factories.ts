// Builders for the risk register's tests: valid by default, overridable field by field.
import { newId } from '../../../src/core/ids.js';
import type { PersonOut } from '../../../src/isms/people/schema.js';
import { createRisk } from '../../../src/isms/risks/service.js';
import type { NewRiskInput, RiskDetailOut } from '../../../src/isms/risks/schema.js';
import type { TestApp } from '../../helpers/app.js';
import { makePerson } from '../people/factories.js';

let n = 0;

/** A valid new-risk body for `owner`. */
export function buildRisk(owner: { id: string }, overrides: Partial<NewRiskInput> = {}): NewRiskInput {
  n++;
  return {
    title: `Risk ${n}`,
    owner_id: owner.id,
    threat: 'An attacker',
    vulnerability: 'A weakness',
    likelihood: 3,
    impact: 4,
    treatment: 'modify',
    residual_likelihood: 2,
    residual_impact: 2,
    ...overrides,
  };
}

/** Creates a risk through the service as the system actor. */
export const makeRisk = (t: TestApp, owner: { id: string }, overrides: Partial<NewRiskInput> = {}): Promise<RiskDetailOut> => createRisk(t.ctx(), buildRisk(owner, overrides));

export const makeOwner = (t: TestApp, overrides: Parameters<typeof makePerson>[1] = {}): Promise<PersonOut> => makePerson(t, overrides);

/**
 * An asset row for linking. The assets area is built separately; tests write the shared table
 * directly so the risk register's own behaviour is what they check.
 */
export async function insertAsset(t: TestApp, ref: string, name = `Asset ${ref}`): Promise<{ id: string; ref: string }> {
  const id = newId();
  const now = t.clock.now().toISOString();
  await t.booted.services.db
    .insertInto('assets')
    .values({ id, ref, name, kind: 'system', description: null, owner_id: null, classification: 'internal', confidentiality: 2, integrity: 2, availability: 2, environment: 'production', status: 'active', search_key: `${ref} ${name}`.toLowerCase(), created_at: now, updated_at: now })
    .execute();
  return { id, ref };
}

export const json = (body: unknown, method = 'POST', headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Rows in the register's tables and risk audit events: a refused request changes none of them. */
export async function counts(t: TestApp): Promise<Record<string, number>> {
  const db = t.booted.services.db;
  const out: Record<string, number> = {};
  for (const table of ['risks', 'risk_assets', 'risk_tasks', 'risk_reviews', 'risk_acceptances', 'risk_trend'] as const) {
    const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  const e = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_type', 'in', ['risk', 'risk_matrix', 'risk_trend'])
    .executeTakeFirstOrThrow();
  out.events = Number(e.n);
  const m = await db.selectFrom('risk_matrix').select('version').executeTakeFirstOrThrow();
  out.matrix_version = Number(m.version);
  return out;
}
