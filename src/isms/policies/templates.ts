// Policy templates: Markdown files written by us under content/templates/policies, each with a
// small front matter (title, level, review interval, summary). Loaded once and kept in memory.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICY_LEVELS, type PolicyLevel } from './tables.js';

export interface PolicyTemplate {
  /** The file name without `.md`, e.g. `access-control`. */
  id: string;
  title: string;
  level: PolicyLevel;
  review_interval_months: number;
  summary: string;
  /** Markdown; `{{organisation}}` stands for the organisation's name. */
  body: string;
}

/**
 * content/templates/policies of the installation: the nearest one above this module (src/ or dist/
 * sit in the package root; a build elsewhere inside it, as the CLI tests make, finds it too).
 */
function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const candidate = join(dir, 'content', 'templates', 'policies');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('policy templates not found: content/templates/policies is missing from the installation');
}

/** Reads one template file; throws naming the file when its front matter is wrong. */
export function parseTemplate(id: string, text: string): PolicyTemplate {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n?/g, '\n'));
  if (!m) throw new Error(`policy template ${id}: no front matter`);
  const meta: Record<string, string> = {};
  for (const line of m[1]!.split('\n')) {
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (kv) meta[kv[1]!] = kv[2]!.trim();
  }
  const level = meta.level as PolicyLevel;
  const interval = Number(meta.review_interval_months);
  if (!meta.title || !POLICY_LEVELS.includes(level) || !Number.isInteger(interval) || interval < 1 || interval > 60) {
    throw new Error(`policy template ${id}: needs title, level (${POLICY_LEVELS.join('/')}) and review_interval_months (1–60)`);
  }
  return { id, title: meta.title, level, review_interval_months: interval, summary: meta.summary ?? '', body: m[2]!.trim() + '\n' };
}

let cache: PolicyTemplate[] | null = null;

/** Every template, in title order. */
export function policyTemplates(): PolicyTemplate[] {
  if (!cache) {
    const dir = templatesDir();
    cache = readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => parseTemplate(f.slice(0, -3), readFileSync(join(dir, f), 'utf8')))
      .sort((a, b) => a.title.localeCompare(b.title, 'en'));
  }
  return cache;
}

export const findTemplate = (id: string): PolicyTemplate | undefined => policyTemplates().find((t) => t.id === id);

/** The template's text with the organisation's name filled in. */
export const fillTemplate = (text: string, organisation: string): string => text.replace(/\{\{organisation\}\}/g, organisation);
