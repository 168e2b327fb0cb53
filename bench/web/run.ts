// Web benchmark (not a test): list pages, the SoA and their APIs under a realistic load of data.
// Boots Kilpi on SQLite (or PostgreSQL with DATABASE_URL), seeds the demo organisation, adds bulk
// assets, risks and controls, serves over loopback HTTP and drives each URL with autocannon.
// Run: npm run bench:web -- [--assets 10000] [--risks 2000] [--controls 5000] [--duration 8] [--connections 1] [--load 8]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pino from 'pino';
import { createToken } from '../../src/auth/tokens.js';
import { createUser } from '../../src/auth/users-service.js';
import { boot } from '../../src/bootstrap.js';
import { systemActor, type Ctx } from '../../src/core/context.js';
import { seedDemo } from '../../src/demo/seed.js';
import { startServer } from '../../src/server.js';
import { loadBulk } from './data.js';

const { values: args } = parseArgs({
  options: {
    assets: { type: 'string', default: '10000' },
    risks: { type: 'string', default: '2000' },
    controls: { type: 'string', default: '5000' },
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '1' },
    load: { type: 'string', default: '8' },
    only: { type: 'string' },
  },
});
const DURATION = Number(args.duration);
const TARGET_P95_MS = 150;

/** What the benchmark asks for: the dashboard, every list page (first, deep, filtered and sorted), the SoA, and the API lists. */
const URLS = [
  '/',
  '/assets',
  '/assets?page=150',
  '/assets?q=vault&sort=name&dir=desc',
  '/assets/export.csv?q=gateway',
  '/risks',
  '/risks?page=30',
  '/risks?q=ledger',
  '/controls',
  '/controls?page=80',
  '/controls?q=portal&level=technical',
  '/soa',
  '/frameworks',
  '/frameworks/iso27001-2022',
  '/policies',
  '/scope',
  '/people',
  '/audit',
  '/api/v1/assets?limit=50',
  '/api/v1/risks?limit=50',
  '/api/v1/controls?limit=50',
  '/api/v1/soa',
];

interface Run {
  url: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function drive(base: string, path: string, authorization: string, connections: number, seconds: number): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: base + path.slice(1), connections, duration: seconds, headers: { authorization } }, (err, r) => (err ? reject(err) : resolve(r)));
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status !== 200) errors++;
      latencies.push(ms);
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    url: path,
    connections,
    requests: latencies.length,
    rps: result.requests.average,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    errors: errors + result.errors + result.non2xx,
  };
}

const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kilpi-web-bench-'));
  const booted = await boot({ dataDir: dir, databaseUrl: process.env.DATABASE_URL, log: pino({ level: 'warn' }), limits: { apiPerMinute: 1_000_000_000 } });
  try {
    const s = booted.services;
    const ctx: Ctx = { db: s.db, clock: s.clock, actor: systemActor('bench') };
    let t0 = performance.now();
    const demo = await seedDemo(ctx);
    const size = { assets: Number(args.assets), risks: Number(args.risks), controls: Number(args.controls) };
    await loadBulk(s.db, size, s.clock.now().toISOString());
    console.log(`Seeded the demo (${JSON.stringify(demo.isms)}) and ${size.assets} assets, ${size.risks} risks, ${size.controls} controls in ${fmt((performance.now() - t0) / 1000)} s`);
    const { user } = await createUser(ctx, { email: 'bench@example.test', name: 'Bench Admin', role: 'admin', password: 'bench-password-2026!' });
    const { token } = await createToken(ctx, user, { name: 'bench', expires_in: '1d' });
    const authorization = `Bearer ${token}`;

    const running = await startServer(
      { dataDir: dir, host: '127.0.0.1', port: 0, insecureHttp: true, behindProxy: false, orgName: 'Bench', timeZone: 'Europe/Helsinki', logLevel: 'warn' },
      booted,
      { sequencer: false },
    );
    const base = running.url;
    const urls = args.only ? URLS.filter((u) => u.includes(args.only!)) : URLS;
    console.log(`Serving ${base} — ${cpus().length} CPU(s), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`);

    // The machine's own limit: the cheapest route this server has, through the same middleware.
    await drive(base, '/healthz', authorization, 1, 1);
    const ceiling = await drive(base, '/healthz', authorization, Number(args.load), DURATION);
    const floor = await drive(base, '/healthz', authorization, Number(args.connections), DURATION);
    console.log(`\nCeiling /healthz: ${fmt(ceiling.rps, 0)} req/s at ${args.load} connections; p95 ${fmt(floor.p95)} ms at ${args.connections}\n`);
    console.log(`${'URL'.padEnd(40)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'req/s'.padStart(8)} ${'load r/s'.padStart(9)} ${'ratio'.padStart(6)}  verdict`);
    let failed = 0;
    for (const url of urls) {
      t0 = performance.now();
      await drive(base, url, authorization, 1, 1); // warm caches and JIT
      const lat = await drive(base, url, authorization, Number(args.connections), DURATION);
      const load = await drive(base, url, authorization, Number(args.load), Math.max(2, DURATION / 2));
      const ok = lat.errors === 0 && load.errors === 0 && lat.p95 < TARGET_P95_MS;
      if (!ok) failed++;
      const verdict = lat.errors || load.errors ? `ERRORS ${lat.errors + load.errors}` : lat.p95 < TARGET_P95_MS ? 'ok' : `over ${TARGET_P95_MS} ms`;
      console.log(
        `${url.padEnd(40)} ${fmt(lat.p50).padStart(8)} ${fmt(lat.p95).padStart(8)} ${fmt(lat.p99).padStart(8)} ${fmt(lat.rps, 0).padStart(8)} ${fmt(load.rps, 0).padStart(9)} ${fmt(load.rps / ceiling.rps, 3).padStart(6)}  ${verdict}`,
      );
    }
    console.log(`\n${failed === 0 ? 'Every URL' : `${failed} URL(s) NOT`} within p95 < ${TARGET_P95_MS} ms at ${args.connections} connection(s). "ratio" = load req/s ÷ /healthz req/s.`);
    await running.stop();
    process.exitCode = failed === 0 ? 0 : 1;
  } catch (e) {
    await booted.close().catch(() => {});
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
