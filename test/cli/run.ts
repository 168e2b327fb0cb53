// Runs the real kilpi command the way a script would, and reads its results. The command is
// compiled once per test file (emit only: the type check is its own step of `npm test`), which
// also proves the shipped build works, not just the sources under tsx.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openStore } from '../../src/db/index.js';
import type { TestDatabase } from '../helpers/db.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let built: string | null = null;

/** Builds the CLI into test-output/ (inside the project, so node_modules resolves) once per process. */
export function cliEntry(): string {
  if (built) return built;
  removeStaleBuilds();
  const out = join(ROOT, 'test-output', `cli-build-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--noCheck', '--sourceMap', 'false', '--outDir', out], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  cpSync(join(ROOT, 'src', 'web', 'static'), join(out, 'web', 'static'), { recursive: true });
  built = join(out, 'main.js');
  return built;
}

/** Test workers are not always let run exit handlers: sweep builds whose process is gone. */
function removeStaleBuilds(): void {
  const dir = join(ROOT, 'test-output');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = Number(/^cli-build-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(dir, name), { recursive: true, force: true });
    }
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Piped to standard input; without it stdin is closed at once (as in CI, with no terminal). */
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** Variables a developer's shell may set that would change what the command does. */
const SCRUBBED = ['DATABASE_URL', 'KILPI_DATA_DIR', 'KILPI_PORT', 'KILPI_HOST', 'KILPI_TLS_CERT', 'KILPI_TLS_KEY', 'KILPI_BEHIND_PROXY', 'KILPI_SECRET_KEY', 'KILPI_ORG_NAME', 'KILPI_TIME_ZONE', 'KILPI_LOG_LEVEL', 'KILPI_LEDGER_ORIGIN', 'KILPI_LEDGER_S3_BUCKET', 'KILPI_LEDGER_S3_ENDPOINT', 'KILPI_LEDGER_S3_REGION', 'KILPI_LEDGER_S3_PREFIX', 'KILPI_LEDGER_S3_FORCE_PATH_STYLE'];

export function kilpi(args: string[], opts: RunOptions = {}): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of SCRUBBED) delete env[k];
  Object.assign(env, opts.env ?? {});
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry(), ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // the command may exit before reading everything
    child.stdin.end(opts.input ?? '');
  });
}

/** The environment pointing a command at a test database (PostgreSQL or the SQLite default). */
export const dbEnv = (db: TestDatabase): Record<string, string | undefined> => (db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {});

/** Row counts of the tables a rejected command must leave alone; zero where a table is missing. */
export async function counts(db: TestDatabase): Promise<{ users: number; tokens: number; events: number }> {
  const store = openStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
  const count = async (table: string) => {
    try {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(store.db);
      return Number(r.rows[0]?.n ?? 0);
    } catch {
      return 0;
    }
  };
  try {
    return { users: await count('users'), tokens: await count('api_tokens'), events: await count('audit_events') };
  } finally {
    await store.close();
  }
}

/** A usage error or failure: the expected code, exactly one line on stderr, no stack trace. */
export function oneLineError(r: Run): string {
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${r.stderr.slice(0, 2000)}`);
  const line = lines[0]!;
  if (/\n\s+at |node:internal|\.ts:\d+|Error:/.test(r.stderr)) throw new Error(`stderr looks like a stack trace: ${line}`);
  return line;
}

export interface Serving {
  url: string;
  /** The fingerprint line's value, or null when none was printed. */
  fingerprint: string | null;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `kilpi … serve` (or demo) and resolves once it prints its URL. */
export function kilpiServe(args: string[], opts: RunOptions = {}): Promise<Serving> {
  const env: Record<string, string | undefined> = { ...process.env, KILPI_LOG_LEVEL: 'warn' };
  for (const k of SCRUBBED) if (k !== 'KILPI_LOG_LEVEL') delete env[k];
  Object.assign(env, opts.env ?? {});
  const child = spawn(process.execPath, [cliEntry(), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kilpi did not start:\n${stdout}\n${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const url = /Kilpi is running at (\S+)/.exec(stdout)?.[1];
      if (url && stdout.includes('Press Ctrl+C to stop.')) {
        clearTimeout(timer);
        resolve({
          url,
          fingerprint: /SHA-256 fingerprint: ([0-9A-F:]+)/.exec(stdout)?.[1] ?? null,
          stdout: () => stdout,
          stderr: () => stderr,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kilpi exited with ${code} before it was running:\n${stdout}\n${stderr}`));
    });
  });
}
