// Every framework catalogue in content/frameworks is well formed: it parses with the Catalogue
// schema, its refs are unique, parents and groups exist, and its summaries are real and distinct.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../src/isms/frameworks/catalogue-schema.js';
import { hasControlChars } from '../../src/core/text.js';

const DIR = join(process.cwd(), 'content', 'frameworks');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
const parsed = (f: string) => Catalogue.parse(load(f));

/** Every string anywhere in a JSON value, with its path. */
function strings(v: unknown, path = '$'): [string, string][] {
  if (typeof v === 'string') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [[`${path}.${k}#key`, k] as [string, string], ...strings(x, `${path}.${k}`)]);
  return [];
}

const arts = (...ns: number[]) => ns.map((n) => `Art.${n}`);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** What each of our regulatory catalogues must hold, by ref. */
const EXPECTED: Record<string, { kind: string; refs: string[] }> = {
  'gdpr.json': { kind: 'article', refs: arts(5, 24, 25, 28, 30, 32, 33, 34, 35) },
  'dora.json': { kind: 'article', refs: arts(...range(5, 30)) },
  'dora-rts-2024-1774.json': { kind: 'article', refs: arts(...range(1, 41)) },
};

describe('framework catalogues in content/frameworks', () => {
  it('holds the regulatory catalogues', () => {
    expect(files).toEqual(expect.arrayContaining(['gdpr.json', 'dora.json', 'dora-rts-2024-1774.json', 'pci-dss-4.0.1.json']));
  });

  describe.each(files)('%s', (file) => {
    it('parses with the Catalogue schema, its id matching the file name', () => {
      const r = Catalogue.safeParse(load(file));
      expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
      expect(`${r.data!.id}.json`).toBe(file);
    });

    it('has a version and a source with a URL', () => {
      const c = parsed(file);
      expect(c.version.trim()).not.toBe('');
      expect(c.source).toMatch(/https:\/\/\S+/);
    });

    it('has unique refs and unique group ids', () => {
      const c = parsed(file);
      const refs = c.requirements.map((r) => r.ref);
      expect(refs.filter((r, i) => refs.indexOf(r) !== i)).toEqual([]);
      const groups = c.groups.map((g) => g.id);
      expect(groups.filter((g, i) => groups.indexOf(g) !== i)).toEqual([]);
    });

    it('names only groups and parents that exist, parents before their children', () => {
      const c = parsed(file);
      const groups = new Set(c.groups.map((g) => g.id));
      const seen = new Set<string>();
      const problems: string[] = [];
      for (const r of c.requirements) {
        if (r.group && !groups.has(r.group)) problems.push(`${r.ref}: unknown group ${r.group}`);
        if (r.parent && !seen.has(r.parent)) problems.push(`${r.ref}: parent ${r.parent} missing or after it`);
        seen.add(r.ref);
      }
      expect(problems).toEqual([]);
    });

    it('leaves no group empty', () => {
      const c = parsed(file);
      const used = new Set(c.requirements.map((r) => r.group));
      expect(c.groups.filter((g) => !used.has(g.id)).map((g) => g.id)).toEqual([]);
    });

    it('has no control characters anywhere, keys included', () => {
      expect(strings(load(file)).filter(([, s]) => hasControlChars(s)).map(([p]) => p)).toEqual([]);
    });

    it('has a real paraphrase for every requirement, none repeated and none a copy of its title', () => {
      const c = parsed(file);
      const texts = c.requirements.map((r) => r.paraphrase.trim().toLowerCase());
      expect(texts.filter((p, i) => texts.indexOf(p) !== i)).toEqual([]);
      for (const r of c.requirements) {
        expect(r.paraphrase.length, r.ref).toBeGreaterThanOrEqual(40);
        expect(r.paraphrase.trim().toLowerCase(), r.ref).not.toBe(r.title.trim().toLowerCase());
      }
    });
  });

  describe.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    it(`holds exactly the expected ${expected.refs.length} articles, in order`, () => {
      const c = parsed(file);
      expect(c.requirements.map((r) => r.ref)).toEqual(expected.refs);
      expect(new Set(c.requirements.map((r) => r.kind))).toEqual(new Set([expected.kind]));
      expect(c.requirements.every((r) => r.group)).toBe(true);
    });
  });

  it('DORA groups its articles by chapter', () => {
    const c = parsed('dora.json');
    const chapter = (ref: string) => c.requirements.find((r) => r.ref === ref)!.group;
    expect([chapter('Art.9'), chapter('Art.19'), chapter('Art.26'), chapter('Art.30')]).toEqual(['Chapter II', 'Chapter III', 'Chapter IV', 'Chapter V Section I']);
  });

  it('the RTS holds the articles on cryptography, logging, network security, access and continuity', () => {
    const c = parsed('dora-rts-2024-1774.json');
    const title = (ref: string) => c.requirements.find((r) => r.ref === ref)!.title;
    expect(title('Art.6')).toBe('Encryption and cryptographic controls');
    expect(title('Art.7')).toBe('Cryptographic key management');
    expect(title('Art.12')).toBe('Logging');
    expect(title('Art.13')).toBe('Network security management');
    expect(title('Art.20')).toBe('Identity management');
    expect(title('Art.21')).toBe('Access control');
    expect(title('Art.24')).toBe('Components of the ICT business continuity policy');
  });

  describe('pci-dss-4.0.1.json', () => {
    it('has the 12 principal requirements under the six goals', () => {
      const c = parsed('pci-dss-4.0.1.json');
      const top = c.requirements.filter((r) => !r.parent);
      expect(top.map((r) => r.ref)).toEqual(range(1, 12).map(String));
      expect(top.every((r) => r.kind === 'requirement')).toBe(true);
      expect(c.groups.map((g) => g.id)).toEqual(['Goal 1', 'Goal 2', 'Goal 3', 'Goal 4', 'Goal 5', 'Goal 6']);
      expect(top.map((r) => r.group)).toEqual(['Goal 1', 'Goal 1', 'Goal 2', 'Goal 2', 'Goal 3', 'Goal 3', 'Goal 4', 'Goal 4', 'Goal 4', 'Goal 5', 'Goal 5', 'Goal 6']);
    });

    it('has every x.y section under its requirement, numbered without gaps', () => {
      const c = parsed('pci-dss-4.0.1.json');
      const sections = c.requirements.filter((r) => /^\d+\.\d+$/.test(r.ref));
      expect(sections.every((s) => s.kind === 'section' && s.parent === s.ref.split('.')[0])).toBe(true);
      const perRequirement = range(1, 12).map((n) => sections.filter((s) => s.parent === String(n)).length);
      expect(perRequirement).toEqual([5, 3, 7, 2, 4, 5, 3, 6, 5, 7, 6, 10]);
      for (const n of range(1, 12)) {
        const mine = sections.filter((s) => s.parent === String(n)).map((s) => Number(s.ref.split('.')[1]));
        expect(mine).toEqual(range(1, mine.length));
      }
      expect(c.requirements.find((r) => r.ref === '9.4')?.parent).toBe('9');
    });

    it('puts each defined requirement under the section or requirement its identifier names', () => {
      const c = parsed('pci-dss-4.0.1.json');
      const deeper = c.requirements.filter((r) => r.ref.split('.').length > 2);
      expect(deeper.length).toBeGreaterThan(0);
      for (const r of deeper) expect(r.parent, r.ref).toBe(r.ref.split('.').slice(0, -1).join('.'));
    });
  });
});
