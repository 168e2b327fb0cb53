// Builds a real app on a fresh database for one test file, with factories for users and sign-ins.
import pino from 'pino';
import { boot, type Booted } from '../../src/bootstrap.js';
import type { Role } from '../../src/auth/roles.js';
import { createSession } from '../../src/auth/sessions.js';
import { createToken } from '../../src/auth/tokens.js';
import { createUser } from '../../src/auth/users-service.js';
import { findUserByEmail } from '../../src/auth/users-repo.js';
import { FixedClock } from '../../src/core/clock.js';
import { systemActor, type Actor, type Ctx } from '../../src/core/context.js';
import { randomToken } from '../../src/core/ids.js';
import type { DialectName } from '../../src/db/index.js';
import { createApp, type BuiltApp } from '../../src/http/app.js';
import type { Limits } from '../../src/http/env.js';
import { freshDatabase, type TestDatabase } from './db.js';

export interface TestApp extends BuiltApp {
  dialect: DialectName;
  booted: Booted;
  clock: FixedClock;
  /** A service context acting as `actor` (the system by default). */
  ctx(actor?: Actor | null): Ctx;
  /** Calls the app like a client on https://kilpi.test. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Creates a user of `role` (password "correct horse battery"). */
  makeUser(role: Role, overrides?: { email?: string; name?: string; password?: string }): Promise<{ id: string; email: string; password: string }>;
  /** A user of `role` and a Bearer header for it. */
  bearer(role: Role): Promise<{ authorization: string; userId: string; email: string }>;
  /** A user of `role` with a complete (MFA-passed) session: a cookie header and its CSRF token. */
  session(role: Role): Promise<{ cookie: string; csrf: string; userId: string; email: string }>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery';
export const ORIGIN = 'https://kilpi.test';

/**
 * `loadContent: false` starts without the bundled catalogues and baselines, for tests that build
 * their own small framework (the SoA's and the controls' factories).
 */
export async function buildTestApp(dialect: DialectName, opts: { limits?: Partial<Limits>; loadContent?: boolean } = {}): Promise<TestApp> {
  const db: TestDatabase = await freshDatabase(dialect);
  const clock = new FixedClock(new Date('2026-11-25T08:00:00.000Z'));
  const booted = await boot({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, clock, log: pino({ level: 'silent' }), limits: opts.limits ?? {}, loadContent: opts.loadContent ?? true });
  const built = createApp(booted.services);
  const ctx = (actor: Actor | null = systemActor('test')): Ctx => ({ db: booted.services.db, clock, actor });
  let n = 0;
  const makeUser: TestApp['makeUser'] = async (role, o = {}) => {
    const email = o.email ?? `${role}.${++n}.${randomToken(4).toLowerCase().replace(/[^a-z0-9]/g, 'x')}@example.test`;
    const { user } = await createUser(ctx(), { email, name: o.name ?? `Test ${role} ${n}`, role, password: o.password ?? TEST_PASSWORD });
    return { id: user.id, email: user.email, password: o.password ?? TEST_PASSWORD };
  };
  return {
    ...built,
    dialect,
    booted,
    clock,
    ctx,
    request: (path, init) => Promise.resolve(built.app.request(ORIGIN + path, init)),
    makeUser,
    async bearer(role) {
      const u = await makeUser(role);
      const { token } = await createToken(ctx(), { id: u.id, email: u.email }, { name: 'test', expires_in: '30d' });
      return { authorization: `Bearer ${token}`, userId: u.id, email: u.email };
    },
    async session(role) {
      const u = await makeUser(role);
      const user = (await findUserByEmail(booted.services.db, u.email))!;
      const { cookie, session } = await createSession(booted.services.db, user, { now: clock.now(), limits: booted.services.limits, mfaPassed: true, ip: null, userAgent: 'test' });
      return { cookie: `kilpi_session=${cookie}`, csrf: session.csrf_token, userId: u.id, email: u.email };
    },
    async close() {
      await booted.close();
      await db.drop();
    },
  };
}
