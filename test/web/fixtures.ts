// Test fixtures for page tests: people rows and audit events written through the one mutation path.
import type { Actor } from '../../src/core/context.js';
import { newId } from '../../src/core/ids.js';
import { mutate } from '../../src/core/mutation.js';
import { createPerson } from '../../src/isms/people/service.js';
import type { TestApp } from '../helpers/app.js';

export interface PersonOverrides {
  name?: string;
  email?: string;
  department?: string | null;
  status?: 'active' | 'leaving' | 'left';
}

/** Creates a person through the people service (with its audit event). */
export async function buildPerson(t: TestApp, o: PersonOverrides = {}): Promise<string> {
  const suffix = newId().slice(-12);
  const status = o.status ?? 'active';
  const person = await createPerson(t.ctx(), {
    name: o.name ?? `Person ${suffix.slice(-6)}`,
    email: o.email ?? `p.${suffix}@example.test`,
    department: o.department === undefined ? 'Engineering' : o.department,
    status,
    start_date: '2024-01-01',
    end_date: status === 'left' ? '2026-01-01' : status === 'leaving' ? '2027-06-30' : null,
  });
  return person.id;
}

export interface EventOverrides {
  action?: string;
  entityType?: string;
  entityId?: string;
  before?: unknown;
  after?: unknown;
  actor?: Actor;
  /** When the event happens; the clock is put back afterwards. */
  at?: string;
}

/** Records one audit event through mutate() and returns its entity id. */
export async function buildEvent(t: TestApp, o: EventOverrides = {}): Promise<string> {
  const entityId = o.entityId ?? newId();
  const saved = t.clock.now();
  if (o.at) t.clock.set(new Date(o.at));
  try {
    await mutate(t.ctx(o.actor), async (m) => {
      await m.record({ action: o.action ?? 'thing.update', entityType: o.entityType ?? 'thing', entityId, before: o.before, after: o.after ?? { n: 1 } });
    });
  } finally {
    t.clock.set(saved);
  }
  return entityId;
}

/** GET `path` as a signed-in `role` (or anonymously) and return status, headers and body text. */
export async function getPage(t: TestApp, path: string, cookie?: string) {
  const res = await t.request(path, cookie ? { headers: { cookie } } : undefined);
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The figure a dashboard stat card shows under `label`. */
export function statValue(html: string, label: string): string | undefined {
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<p class="stat-label">${esc}</p><p class="stat-value">([^<]*)</p>`).exec(html)?.[1];
}

/** Things CSP forbids and that must never appear in a page: inline scripts and style attributes. */
export function cspViolations(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>/g)) if (!/\bsrc=/.test(m[1]!)) found.push(m[0]);
  for (const m of html.matchAll(/<[^>]+\sstyle=/g)) found.push(m[0]);
  for (const m of html.matchAll(/<[^>]+\son[a-z]+=/g)) found.push(m[0]);
  return found;
}
