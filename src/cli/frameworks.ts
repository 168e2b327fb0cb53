// The `kilpi frameworks` commands: list the catalogues, import an OSCAL catalog (a dry run unless
// --apply; no HTTP body limit, so large catalogs such as NIST SP 800-53 fit) and export one as OSCAL.
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { importOscal, exportOscal } from '../isms/frameworks/oscal-service.js';
import { listFrameworks } from '../isms/frameworks/service.js';
import { print, withStorage } from './context.js';
import { UsageError } from './errors.js';
import { readInputFile } from './ledger.js';

// Far above any published catalog (NIST SP 800-53 rev. 5 is about 10 MB).
const MAX_OSCAL_FILE = 64 * 1024 * 1024;

async function readJsonFile(file: string): Promise<unknown> {
  const buf = await readInputFile(file, MAX_OSCAL_FILE, 'OSCAL file');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new UsageError(`${file} is not UTF-8 text`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

export function registerFrameworksCommands(program: Command): void {
  const frameworks = program.command('frameworks').description('framework catalogues: list, import from OSCAL, export as OSCAL');

  frameworks
    .command('list')
    .description('list the loaded catalogues with their requirement counts')
    .action(async (_o, cmd: Command) => {
      await withStorage(cmd, async (ctx) => {
        const items = await listFrameworks(ctx);
        const lines = items.map((f) => `${f.id.padEnd(24)} ${f.origin.padEnd(8)} ${String(f.requirements).padStart(5)}  ${f.name} (${f.version})`);
        print(cmd, lines.length ? lines.join('\n') : 'No catalogues are loaded.', { items });
      });
    });

  frameworks
    .command('import')
    .description('import an OSCAL 1.1 catalog JSON file; shows what would change unless --apply is given')
    .argument('<file>', 'the OSCAL catalog (JSON)')
    .option('--id <id>', 'the framework id (default: the id an export carries, or a slug of the title)')
    .option('--apply', 'write the changes (in one transaction, or nothing)')
    .action(async (file: string, o: { id?: string; apply?: boolean }, cmd: Command) => {
      const doc = await readJsonFile(file);
      await withStorage(cmd, async (ctx) => {
        const r = await importOscal(ctx, doc, { dryRun: !o.apply, id: o.id });
        const s = r.summary;
        const verb = r.dry_run ? 'Would import' : r.applied ? 'Imported' : 'Nothing to import into';
        const human = [
          `${verb} ${r.framework.id} (${r.framework.name}, version ${r.framework.version}): ${s.added} added, ${s.changed + s.restored} changed, ${s.removed} removed, ${s.withdrawn} kept as withdrawn, ${s.unchanged} unchanged, ${s.skipped} withdrawn in the catalog.`,
          ...r.warnings.map((w) => `note: ${w}`),
          ...(r.dry_run ? ['Run again with --apply to write these changes.'] : []),
        ].join('\n');
        print(cmd, human, r);
      });
    });

  frameworks
    .command('export')
    .description('export a framework as an OSCAL 1.1.3 catalog (licensed text is never included)')
    .argument('<id>', 'the framework id, e.g. iso27001-2022')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (id: string, o: { out?: string }, cmd: Command) => {
      await withStorage(cmd, async (ctx) => {
        const text = JSON.stringify(await exportOscal(ctx, id), null, 2) + '\n';
        if (!o.out) return void process.stdout.write(text);
        await writeFile(o.out, text, { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
          throw new UsageError(`cannot write ${o.out}: ${e.code === 'EEXIST' ? 'the file exists' : (e.code ?? 'error')}`);
        });
        print(cmd, `Wrote ${id} to ${o.out}`, { id, file: o.out });
      });
    });
}
