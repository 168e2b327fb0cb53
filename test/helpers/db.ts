// Fresh databases for tests on every dialect: a temp SQLite file, or a new database in the cluster.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { DialectName } from '../../src/db/index.js';

/** The dialects this run covers: SQLite always; PostgreSQL when the cluster is up. */
export function dialects(): DialectName[] {
  const pgUrl = inject('pgUrl');
  const only = process.env.KILPI_TEST_DIALECTS;
  const all: DialectName[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  return only ? all.filter((d) => only.split(',').includes(d)) : all;
}

export interface TestDatabase {
  dataDir: string;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

/** A data directory and, for PostgreSQL, an empty database of its own. */
export async function freshDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kilpi-test-'));
  if (dialect === 'sqlite') {
    return { dataDir, databaseUrl: undefined, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const admin = inject('pgUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  return {
    dataDir,
    databaseUrl: admin.replace(/\/postgres$/, `/${name}`),
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
