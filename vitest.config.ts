// Vitest: unit and integration tests on SQLite and PostgreSQL; browser tests in test/e2e.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker per CPU less one: a single worker on a 2-core machine. Much of
    // the suite waits on PostgreSQL, child processes and Chromium, so three workers keep both cores
    // busy (about 9 minutes instead of 14 on 2 cores).
    maxWorkers: 3,
    reporters: ['default'],
  },
});
