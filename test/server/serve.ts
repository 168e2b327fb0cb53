// Starts a real Kilpi server in this process on a free port, on a fresh database, with a captured log.
import { Writable } from 'node:stream';
import pino from 'pino';
import { boot } from '../../src/bootstrap.js';
import { createUser } from '../../src/auth/users-service.js';
import { createToken } from '../../src/auth/tokens.js';
import type { Role } from '../../src/auth/roles.js';
import { loadConfig, type ServeFlags } from '../../src/config.js';
import { systemActor } from '../../src/core/context.js';
import type { DialectName } from '../../src/db/index.js';
import { startServer, type Running, type StartOptions } from '../../src/server.js';
import { freshDatabase } from '../helpers/db.js';

export interface TestServer {
  running: Running;
  url: (path: string) => string;
  /** Log lines the server wrote, parsed. */
  log: Record<string, unknown>[];
  /** A Bearer header for a new user of `role`. */
  bearer(role: Role): Promise<string>;
  close(): Promise<void>;
}

export async function serveTest(dialect: DialectName, flags: ServeFlags, opts: StartOptions = {}): Promise<TestServer> {
  const db = await freshDatabase(dialect);
  const config = loadConfig(db.dataDir, { port: '0', ...flags }, db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {});
  const log: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) log.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const booted = await boot({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    log: pino({ level: 'info' }, sink),
    secureCookies: !config.insecureHttp,
    behindProxy: config.behindProxy,
  });
  const running = await startServer(config, booted, opts);
  let n = 0;
  return {
    running,
    url: (path) => new URL(path, running.url).href,
    log,
    async bearer(role) {
      const ctx = { db: booted.services.db, clock: booted.services.clock, actor: systemActor('test') };
      const { user } = await createUser(ctx, { email: `${role}.${++n}@example.test`, name: `Test ${role}`, role, password: 'correct horse battery' });
      const { token } = await createToken(ctx, user, { name: 'test', expires_in: '1d' });
      return `Bearer ${token}`;
    },
    async close() {
      await running.stop();
      await db.drop();
    },
  };
}
