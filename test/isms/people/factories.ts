// Builders for people in tests: valid by default, overridable field by field.
import type { TestApp } from '../../helpers/app.js';
import { createPerson } from '../../../src/isms/people/service.js';
import type { NewPersonInput, PersonOut } from '../../../src/isms/people/schema.js';

let n = 0;

/** A valid new-person body; each call gets a fresh email. */
export function buildPerson(overrides: Partial<NewPersonInput> = {}): NewPersonInput {
  n++;
  return {
    name: `Person ${n}`,
    email: `person.${n}.${Math.random().toString(36).slice(2, 8)}@example.test`,
    title: 'Engineer',
    department: 'Engineering',
    status: 'active',
    start_date: '2024-01-01',
    ...overrides,
  };
}

/** Creates a person through the service as the system actor. */
export const makePerson = (t: TestApp, overrides: Partial<NewPersonInput> = {}): Promise<PersonOut> => createPerson(t.ctx(), buildPerson(overrides));

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Number of rows in `people` and of person audit events: a rejected request changes neither. */
export async function counts(t: TestApp): Promise<{ people: number; events: number }> {
  const db = t.booted.services.db;
  const p = await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const e = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_type', '=', 'person')
    .executeTakeFirstOrThrow();
  return { people: Number(p.n), events: Number(e.n) };
}
