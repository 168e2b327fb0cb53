// Loads the bundled catalogues (content/frameworks/*.json) at boot: every file is validated first,
// then each framework is synced in its own transaction; an unchanged file writes nothing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { systemActor, type Ctx } from '../../core/context.js';
import { Catalogue } from './catalogue-schema.js';
import { planCounts, syncCatalogue } from './catalogue-sync.js';

/** content/frameworks of this checkout or install: three levels up from src/isms/frameworks or dist/isms/frameworks. */
export const BUNDLED_CATALOGUE_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../content/frameworks');

// A catalogue of 5,000 requirements is well under a megabyte; anything far bigger is not ours.
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A bundled catalogue that cannot be loaded; its message is one line naming the file and the field. */
export class CatalogueFileError extends Error {
  override name = 'CatalogueFileError';
}

const shown = (file: string) => {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
};

function firstIssue(error: z.ZodError, data: unknown): string {
  const issue = error.issues[0]!;
  const path = issue.path.map(String);
  // Name the requirement by its ref too: "requirements.12 (A.5.13)" is easier to find in the file.
  let where = path.join('.') || '(file)';
  if (path[0] === 'requirements' && path[1] !== undefined) {
    const ref = (data as { requirements?: { ref?: unknown }[] }).requirements?.[Number(path[1])]?.ref;
    if (typeof ref === 'string') where = `requirements.${path[1]} (${ref.slice(0, 40)})${path.length > 2 ? '.' + path.slice(2).join('.') : ''}`;
  }
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where}: ${issue.message}${more}`;
}

/** Reads and validates one catalogue file, or throws a one-line CatalogueFileError. */
export function readCatalogueFile(file: string): Catalogue {
  const name = shown(file);
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) throw new CatalogueFileError(`${name}: larger than ${MAX_FILE_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof CatalogueFileError) throw e;
    throw new CatalogueFileError(`${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CatalogueFileError(`${name}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const r = Catalogue.safeParse(data);
  if (!r.success) throw new CatalogueFileError(`${name}: ${firstIssue(r.error, data)}`);
  return r.data;
}

/** Every *.json catalogue in `dir`, validated, in file-name order; a missing directory holds none. */
export function readCatalogueDir(dir: string): Catalogue[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CatalogueFileError(`${shown(dir)}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const seen = new Map<string, string>();
  return names.map((n) => {
    const c = readCatalogueFile(join(dir, n));
    const other = seen.get(c.id);
    if (other) throw new CatalogueFileError(`${shown(join(dir, n))}: id: "${c.id}" is already the id of ${other}`);
    seen.set(c.id, n);
    return c;
  });
}

export interface LoadOutcome {
  id: string;
  status: 'created' | 'updated' | 'unchanged' | 'skipped';
  added: number;
  changed: number;
  restored: number;
  removed: number;
  withdrawn: number;
}

/**
 * Loads every bundled catalogue. A framework an organisation imported from OSCAL under the same id
 * is left alone (skipped, with a warning in the log): the bundled file never overwrites it.
 */
export async function loadBundledCatalogues(ctx: Omit<Ctx, 'actor'>, dir = BUNDLED_CATALOGUE_DIR): Promise<LoadOutcome[]> {
  // A build copied away from its content/ directory would otherwise start without any framework unnoticed
  // (info, not warn: one-off commands log warnings to stderr, where only their error line belongs).
  if (!existsSync(dir)) ctx.log?.info({ dir }, 'no bundled framework catalogues: the directory does not exist');
  const catalogues = readCatalogueDir(dir);
  const actorCtx: Ctx = { ...ctx, actor: systemActor('catalogue loader') };
  const out: LoadOutcome[] = [];
  for (const c of catalogues) {
    let skipped = false;
    const plan = await syncCatalogue(actorCtx, c, 'bundled', (p) => {
      if (p.existing && p.existing.origin !== 'bundled') {
        skipped = true;
        p.unchanged = true;
      }
    });
    if (skipped) {
      ctx.log?.warn({ framework: c.id }, 'bundled catalogue not loaded: a framework imported from OSCAL has the same id');
      out.push({ id: c.id, status: 'skipped', added: 0, changed: 0, restored: 0, removed: 0, withdrawn: 0 });
      continue;
    }
    const counts = planCounts(plan);
    const status = plan.unchanged ? 'unchanged' : plan.existing ? 'updated' : 'created';
    if (status !== 'unchanged') ctx.log?.info({ framework: c.id, ...counts }, `catalogue ${status}`);
    out.push({ id: c.id, status, added: counts.added, changed: counts.changed, restored: counts.restored, removed: counts.removed, withdrawn: counts.withdrawn });
  }
  return out;
}
