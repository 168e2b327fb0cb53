// Shared CLI plumbing: global options, checking storage, booting it for one command, printing results.
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import pg from 'pg';
import pino from 'pino';
import { boot, type Booted } from '../bootstrap.js';
import { ConfigError, loadConfig, type Config, type ServeFlags } from '../config.js';
import { systemActor, type Ctx } from '../core/context.js';
import { UsageError } from './errors.js';

export interface GlobalOpts {
  data: string;
  json?: boolean;
}

export const globals = (cmd: Command): GlobalOpts => cmd.optsWithGlobals() as GlobalOpts;

/** Where a database URL points, without its password: safe to print. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'the DATABASE_URL';
  }
}

const PG_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name cannot be resolved',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  '28P01': 'the password was refused',
  '28000': 'the server refused the user',
  '3D000': 'the database does not exist',
};

/**
 * Connects once before anything else, so an unreachable PostgreSQL fails fast with one clear
 * line instead of a hang or a driver trace.
 */
export async function probeDatabase(url: string, timeoutMs = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } catch (e) {
    const err = e instanceof AggregateError && e.errors.length ? (e.errors[0] as NodeJS.ErrnoException) : (e as NodeJS.ErrnoException);
    const reason = PG_REASONS[err.code ?? ''] ?? (/timeout/i.test(err.message) ? 'timed out' : err.message.split('\n')[0]);
    throw new Error(`cannot connect to PostgreSQL at ${describeDatabase(url)}: ${reason}`, { cause: e });
  } finally {
    await client.end().catch(() => {});
  }
}

/** The configuration for a command, with storage checked: a usable data directory, a reachable database. */
export async function configFor(cmd: Command, flags: ServeFlags = {}): Promise<Config> {
  const config = loadConfig(globals(cmd).data, flags);
  if (existsSync(config.dataDir) && !statSync(config.dataDir).isDirectory()) {
    throw new ConfigError(`--data ${config.dataDir} is not a directory`);
  }
  if (config.databaseUrl) await probeDatabase(config.databaseUrl);
  return config;
}

/**
 * Boots storage quietly (logs to stderr only on warnings) and runs `fn` with a system context.
 * `loadContent: false` skips loading bundled catalogues and baselines (the ledger commands: reading
 * a ledger never writes to it).
 */
export async function withStorage<T>(cmd: Command, fn: (ctx: Ctx, booted: Booted) => Promise<T>, opts: { loadContent?: boolean } = {}): Promise<T> {
  const config = await configFor(cmd);
  const booted = await boot({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log: pino({ level: 'warn' }, pino.destination(2)), loadContent: opts.loadContent ?? true });
  try {
    const s = booted.services;
    return await fn({ db: s.db, clock: s.clock, actor: systemActor('cli'), log: s.log }, booted);
  } finally {
    await booted.close();
  }
}

export function print(cmd: Command, human: string, json: unknown): void {
  process.stdout.write((globals(cmd).json ? JSON.stringify(json) : human) + '\n');
}

/** Reads all of standard input (for --password-stdin), without the trailing newline. */
export async function readStdin(maxBytes = 4096): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--password-stdin reads the password from a pipe, e.g. printf %s "$PASSWORD" | kilpi user create …');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new UsageError(`standard input is longer than ${maxBytes} bytes; a password is at most a few hundred`);
    chunks.push(chunk as Buffer);
  }
  const buf = Buffer.concat(chunks);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new UsageError('standard input is not valid UTF-8');
  }
  return text.replace(/\r?\n$/, '');
}
