// Builders for scope, context, party and objective inputs in tests: valid by default, overridable field by field.
import type { Role } from '../../../src/auth/roles.js';
import { newId } from '../../../src/core/ids.js';
import type { NewContextIssue } from '../../../src/isms/scope/context-schema.js';
import type { NewObjective } from '../../../src/isms/scope/objectives-schema.js';
import type { NewParty } from '../../../src/isms/scope/parties-schema.js';
import type { ScopeInput } from '../../../src/isms/scope/schema.js';
import { createPerson } from '../../../src/isms/people/service.js';
import type { TestApp } from '../../helpers/app.js';

let n = 0;

export const buildScope = (overrides: Partial<ScopeInput> = {}): ScopeInput => ({
  statement: 'The ISMS covers the payment gateway and the merchant portal.',
  org_units: ['Engineering', 'Security'],
  locations: ['Helsinki office'],
  services: ['Payment gateway'],
  systems: ['Gateway API'],
  exclusions: [{ item: 'Data centre buildings', justification: 'Run by the cloud provider under its own certificate.' }],
  interfaces: [{ party: 'Cloud provider', kind: 'dependency', description: 'Hosting.' }],
  last_reviewed: '2026-06-01',
  next_review: '2027-06-01',
  ...overrides,
});

export function buildIssue(overrides: Partial<NewContextIssue> = {}): NewContextIssue {
  n++;
  return { title: `Issue ${n}`, kind: 'external', category: 'regulatory', description: `What issue ${n} is.`, effect: 'How it affects the ISMS.', ...overrides };
}

export function buildParty(overrides: Partial<NewParty> = {}): NewParty {
  n++;
  return {
    name: `Party ${n} ${Math.random().toString(36).slice(2, 6)}`,
    category: 'customer',
    description: 'Who they are.',
    requirements: [
      { requirement: 'Secure services.', how_addressed: 'Controls in the ISMS.', through_isms: true },
      { requirement: 'Invoices on time.', how_addressed: null, through_isms: false },
    ],
    ...overrides,
  };
}

export function buildObjective(ownerId: string, overrides: Partial<NewObjective> = {}): NewObjective {
  n++;
  return { title: `Objective ${n}`, metric: 'Share of things done', unit: '%', target: 95, direction: 'higher', owner_id: ownerId, due_date: '2027-06-30', ...overrides };
}

/** A person to own objectives. */
export async function makeOwner(t: TestApp, name = `Owner ${++n}`): Promise<string> {
  const p = await createPerson(t.ctx(), { name, email: `owner.${n}.${Math.random().toString(36).slice(2, 8)}@example.test` });
  return p.id;
}

/** A risk in the register, inserted directly: the risks area owns its use cases, tests only need a row to link to. */
export async function makeRisk(t: TestApp, ref: string, title = `Risk ${ref}`): Promise<string> {
  const id = newId();
  const now = t.clock.now().toISOString();
  await t.booted.services.db
    .insertInto('risks')
    .values({ id, ref, title, likelihood: 3, impact: 3, inherent_score: 9, status: 'open', search_key: ref.toLowerCase(), created_at: now, updated_at: now })
    .execute();
  return id;
}

export const json = (body: unknown, method = 'POST', headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Rows in the area's tables and audit events of its entities: a refused request changes none. */
export async function counts(t: TestApp): Promise<Record<string, number>> {
  const db = t.booted.services.db;
  const out: Record<string, number> = {};
  for (const table of ['scope_statement', 'context_issues', 'context_issue_risks', 'interested_parties', 'party_requirements', 'objectives', 'objective_measurements'] as const) {
    const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(r.n);
  }
  const e = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_type', 'in', ['isms_scope', 'context_issue', 'interested_party', 'objective'])
    .executeTakeFirstOrThrow();
  out.events = Number(e.n);
  return out;
}

export interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

export const ROLES: Role[] = ['admin', 'security_officer', 'auditor', 'staff'];

/** Hostile strings a text field must store as plain text (or refuse, for control characters). */
export const HOSTILE = `<script>alert(1)</script> Robert'); DROP TABLE objectives;-- ${'\u202e'}ǅ`;
