// `kilpi soa export`: the Statement of Applicability (or one of its versions) as XLSX, CSV, PDF or
// OSCAL JSON, to a file or to standard output (binary formats only when it is not a terminal).
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import pino from 'pino';
import { boot } from '../bootstrap.js';
import { systemActor } from '../core/context.js';
import { EXPORT_FORMATS, type ExportFormat } from '../isms/soa/schema.js';
import { configFor, globals } from './context.js';
import { UsageError } from './errors.js';

/**
 * The program's own `--version` flag would swallow `soa export --version N` before the subcommand
 * sees it, so main.ts passes the arguments through this first: after `soa export`, `--version`
 * becomes the subcommand's hidden `--soa-version`. Everything else is left exactly as it was.
 */
export function soaArgv(argv: readonly string[]): string[] {
  const out = [...argv];
  const words: number[] = [];
  for (let i = 2; i < out.length && words.length < 2; i++) {
    const a = out[i]!;
    if (a === '--data') i++;
    else if (!a.startsWith('-')) words.push(i);
  }
  if (words.length < 2 || out[words[0]!] !== 'soa' || out[words[1]!] !== 'export') return out;
  for (let i = words[1]! + 1; i < out.length; i++) {
    if (out[i] === '--') break;
    if (out[i] === '--version') out[i] = '--soa-version';
    else if (out[i]!.startsWith('--version=')) out[i] = `--soa-version=${out[i]!.slice('--version='.length)}`;
  }
  return out;
}

interface ExportOpts {
  format: string;
  soaVersion?: string | true;
  version?: string;
  output?: string;
}

function parseVersion(v: string | true | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (v === true || !/^[1-9][0-9]{0,8}$/.test(v)) throw new UsageError(`--version must be a version number such as 2${v === true ? '' : `, not "${v.slice(0, 40)}"`}`);
  return Number(v);
}

/** Writes next to the target and renames, so a failed export never leaves half a file behind. */
async function writeAtomically(file: string, body: Buffer): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, body, { flag: 'wx', mode: 0o644 });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new Error(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e });
  }
}

async function exportAction(o: ExportOpts, cmd: Command): Promise<void> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format must be xlsx, csv, pdf or oscal, not "${o.format.slice(0, 40)}"`);
  const format = o.format as ExportFormat;
  const version = parseVersion(o.soaVersion ?? o.version);
  const { exportSoa, isBinary } = await import('../isms/soa/export/index.js');
  if (!o.output && isBinary(format) && process.stdout.isTTY) {
    throw new UsageError(`${format.toUpperCase()} is binary: give --output FILE or redirect standard output to a file`);
  }
  const config = await configFor(cmd);
  const booted = await boot({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, orgName: config.orgName, timeZone: config.timeZone, log: pino({ level: 'warn' }, pino.destination(2)) });
  try {
    const s = booted.services;
    const out = await exportSoa({ db: s.db, clock: s.clock, actor: systemActor('cli'), log: s.log }, { format, version, organisation: s.orgName, timeZone: s.timeZone });
    if (!o.output) {
      await new Promise<void>((resolve, reject) => process.stdout.write(out.body, (e) => (e ? reject(e) : resolve())));
      return;
    }
    await writeAtomically(o.output, out.body);
    const summary = { file: o.output, format, version: version ?? null, bytes: out.body.length };
    process.stdout.write((globals(cmd).json ? JSON.stringify(summary) : `Wrote the ${version ? `SoA version ${version}` : 'working SoA'} as ${format.toUpperCase()} to ${o.output} (${out.body.length} bytes)`) + '\n');
  } finally {
    await booted.close();
  }
}

export function registerSoaCommands(program: Command): void {
  const soa = program.command('soa').description('the Statement of Applicability');
  soa
    .command('export')
    .description('export the SoA, or one of its versions, as XLSX, CSV, PDF or OSCAL JSON')
    .requiredOption('--format <format>', 'xlsx, csv, pdf or oscal')
    .option('--version <n>', 'a version number (default: the working SoA)')
    .addOption(new Option('--soa-version [n]').hideHelp())
    .option('--output <file>', 'write to this file (default: standard output; XLSX and PDF need a file or a pipe)')
    .action(exportAction);
}
