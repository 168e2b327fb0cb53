// Starts one throwaway PostgreSQL cluster for the whole run when the server binaries exist.
// Under CI=true a missing PostgreSQL fails the run instead of skipping the dialect.
import type { TestProject } from 'vitest/node';
import { findPgBin, startCluster, type Cluster } from './postgres-cluster.js';

let cluster: Cluster | null = null;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.KILPI_TEST_DIALECTS === 'sqlite') return;
  const bin = findPgBin();
  if (!bin) {
    if (process.env.CI === 'true') throw new Error('CI=true but no PostgreSQL server binaries were found (install the postgresql package)');
    console.warn('\n[kilpi] PostgreSQL server binaries not found: PostgreSQL tests are SKIPPED. Install Debian\'s postgresql package to run them.\n');
    return;
  }
  cluster = await startCluster(bin);
  project.provide('pgUrl', cluster.url);
}

export async function teardown(): Promise<void> {
  cluster?.stop();
  cluster = null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
