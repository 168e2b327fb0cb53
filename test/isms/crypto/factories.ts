// Helpers for crypto policy tests: JSON requests, counts a rejected request must leave alone.
import type { TestApp } from '../../helpers/app.js';

export const json = (body: unknown, method = 'POST', headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Rows in crypto_policies and their versions, and crypto audit events. */
export async function counts(t: TestApp): Promise<{ policies: number; versions: number; events: number }> {
  const db = t.booted.services.db;
  const n = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) => Number((await q.executeTakeFirstOrThrow()).n);
  return {
    policies: await n(db.selectFrom('crypto_policies').select((eb) => eb.fn.countAll<number>().as('n'))),
    versions: await n(db.selectFrom('crypto_policy_versions').select((eb) => eb.fn.countAll<number>().as('n'))),
    events: await n(db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_type', '=', 'crypto_policy')),
  };
}

let n = 0;
/** A fresh, unique policy name. */
export const policyName = (prefix = 'Policy'): string => `${prefix} ${++n} ${Math.random().toString(36).slice(2, 7)}`;
