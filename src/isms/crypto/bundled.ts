// Loads the bundled baselines in content/crypto-policies at boot: idempotent by content hash, one
// audit event when a baseline is new or its file changed, nothing at all otherwise.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Ctx } from '../../core/context.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { mutate } from '../../core/mutation.js';
import { fieldErrors } from '../../core/validation.js';
import { searchKeyOf } from '../../db/search.js';
import { PolicyFile } from './policy-schema.js';
import * as repo from './repo.js';
import { auditShape } from './schema.js';

/** content/crypto-policies in the nearest folder above this module that has one (the checkout or the package). */
function findBundledDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'content', 'crypto-policies');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return fileURLToPath(new URL('../../../content/crypto-policies/', import.meta.url));
    dir = up;
  }
}

export const BUNDLED_DIR = findBundledDir();

/** Reads and validates every baseline file; a broken bundled file is a build error, named plainly. */
export function readBundledBaselines(dir = BUNDLED_DIR): PolicyFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  return files.map((f) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      throw new Error(`crypto policy ${f}: not valid JSON (${(e as Error).message})`, { cause: e });
    }
    const r = PolicyFile.safeParse(json);
    if (!r.success) throw new Error(`crypto policy ${f}: ${fieldErrors(r.error).map((x) => `${x.field}: ${x.message}`).join('; ')}`);
    if (`${r.data.id}.json` !== f) throw new Error(`crypto policy ${f}: its id is ${r.data.id}; the file must be named after it`);
    return r.data;
  });
}

const hashOf = (p: PolicyFile): string => createHash('sha256').update(canonicalJson(p)).digest('hex');

/** Loads the baselines; answers how many were added, changed and left as they were. */
export async function loadBundledBaselines(ctx: Ctx, dir = BUNDLED_DIR): Promise<{ added: number; changed: number; unchanged: number }> {
  const out = { added: 0, changed: 0, unchanged: 0 };
  for (const p of readBundledBaselines(dir)) {
    const hash = hashOf(p);
    const existing = await repo.findPolicy(ctx.db, p.id);
    if (existing?.content_hash === hash) {
      out.unchanged++;
      continue;
    }
    if (existing && existing.kind !== 'baseline') throw new Error(`crypto policy ${p.id}: an organisation policy already has this id`);
    const write = mutate(ctx, async (m) => {
      const fields = {
        name: p.name,
        description: p.description,
        provenance: p.provenance,
        version: p.version,
        sources_json: canonicalJson(p.sources),
        rules_json: canonicalJson(p.rules),
        rule_count: p.rules.length,
        content_hash: hash,
        search_key: searchKeyOf(p.name),
        updated_at: m.now,
      };
      const revision = (existing?.revision ?? 0) + 1;
      const row = existing
        ? await repo.updatePolicy(m.tx, p.id, { ...fields, revision })
        : await repo.insertPolicy(m.tx, { id: p.id, kind: 'baseline', scope: null, baseline_id: null, copied_from_id: null, baseline_revision: null, created_at: m.now, revision, ...fields });
      await repo.insertVersion(m.tx, { policy_id: p.id, revision, name: p.name, description: p.description, scope: null, version: p.version, rules_json: fields.rules_json, actor_label: m.actor.label, created_at: m.now });
      await m.record({ action: 'crypto_policy.load', entityType: 'crypto_policy', entityId: p.id, ...(existing ? { before: auditShape(existing) } : {}), after: auditShape(row) });
    });
    try {
      await write;
    } catch (e) {
      // Another instance booting at the same moment loaded it first: nothing left to do.
      if (!repo.isUniqueViolation(e)) throw e;
      out.unchanged++;
      continue;
    }
    if (existing) out.changed++;
    else out.added++;
  }
  return out;
}
