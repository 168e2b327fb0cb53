// Shared CLI plumbing: global options, booting storage for one command, printing results.
import type { Command } from 'commander';
import { boot, type Booted } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { systemActor, type Ctx } from '../core/context.js';
import pino from 'pino';

export interface GlobalOpts {
  data: string;
  json?: boolean;
}

export const globals = (cmd: Command): GlobalOpts => cmd.optsWithGlobals() as GlobalOpts;

/** Boots storage quietly (logs to stderr only on warnings) and runs `fn` with a system context. */
export async function withStorage<T>(cmd: Command, fn: (ctx: Ctx, booted: Booted) => Promise<T>): Promise<T> {
  const config = loadConfig(globals(cmd).data);
  const booted = await boot({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log: pino({ level: 'warn' }, pino.destination(2)) });
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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`standard input is longer than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
