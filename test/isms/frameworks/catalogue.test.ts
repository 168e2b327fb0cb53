// The bundled catalogues as files: ISO/IEC 27001:2022 facts, every file valid, the schema's rules.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISO27002_ATTRIBUTE_KEYS, ISO27002_ATTRIBUTES, OPERATIONAL_CAPABILITIES } from '../../../src/isms/frameworks/attributes.js';
import { BUNDLED_CATALOGUE_DIR, CatalogueFileError, readCatalogueDir, readCatalogueFile } from '../../../src/isms/frameworks/catalogue-files.js';
import { Catalogue } from '../../../src/isms/frameworks/catalogue-schema.js';
import { buildCatalogue, catalogueDir } from './factories.js';

const iso = readCatalogueFile(join(BUNDLED_CATALOGUE_DIR, 'iso27001-2022.json'));
const controls = iso.requirements.filter((r) => r.kind === 'control');
const clauses = iso.requirements.filter((r) => r.kind === 'clause');

describe('the ISO/IEC 27001:2022 catalogue', () => {
  it('has 93 Annex A controls: 37 organizational, 8 people, 14 physical, 34 technological', () => {
    expect(controls).toHaveLength(93);
    const per = (g: string) => controls.filter((c) => c.group === g).length;
    expect([per('A.5'), per('A.6'), per('A.7'), per('A.8')]).toEqual([37, 8, 14, 34]);
    expect(iso.groups.filter((g) => g.id.startsWith('A.')).map((g) => g.title)).toEqual(['Organizational controls', 'People controls', 'Physical controls', 'Technological controls']);
  });

  it('numbers each theme without gaps: A.5.1 … A.5.37, A.6.1 … A.6.8, A.7.1 … A.7.14, A.8.1 … A.8.34', () => {
    const expected = [
      ['5', 37],
      ['6', 8],
      ['7', 14],
      ['8', 34],
    ].flatMap(([theme, n]) => Array.from({ length: n as number }, (_, i) => `A.${theme}.${i + 1}`));
    expect(controls.map((c) => c.ref)).toEqual(expected);
    expect(new Set(iso.requirements.map((r) => r.ref)).size).toBe(iso.requirements.length);
  });

  it('names controls by their short titles', () => {
    const title = (ref: string) => controls.find((c) => c.ref === ref)?.title;
    expect(title('A.5.7')).toBe('Threat intelligence');
    expect(title('A.5.23')).toBe('Information security for use of cloud services');
    expect(title('A.6.3')).toBe('Information security awareness, education and training');
    expect(title('A.7.4')).toBe('Physical security monitoring');
    expect(title('A.8.13')).toBe('Information backup');
    expect(title('A.8.28')).toBe('Secure coding');
    expect(title('A.8.34')).toBe('Protection of information systems during audit testing');
  });

  it('holds clauses 4 to 10 with their sub-clauses, nested ones pointing at their parent', () => {
    expect(new Set(clauses.map((c) => c.group))).toEqual(new Set(['4', '5', '6', '7', '8', '9', '10']));
    for (const ref of ['4.1', '4.3', '5.2', '6.1.2', '6.1.3', '6.2', '7.5.3', '8.3', '9.2', '9.3.2', '10.2']) expect(clauses.map((c) => c.ref)).toContain(ref);
    const parent = (ref: string) => clauses.find((c) => c.ref === ref)?.parent;
    expect(parent('6.1.2')).toBe('6.1');
    expect(parent('7.5.1')).toBe('7.5');
    expect(parent('9.2.2')).toBe('9.2');
    expect(parent('9.3.3')).toBe('9.3');
    expect(parent('4.1')).toBeUndefined();
    expect(clauses.find((c) => c.ref === '10.1')?.title).toBe('Continual improvement');
  });

  it('gives every control all five ISO 27002 attributes from their vocabularies', () => {
    for (const c of controls) {
      expect(Object.keys(c.attributes ?? {}).sort(), c.ref).toEqual([...ISO27002_ATTRIBUTE_KEYS].sort());
      for (const k of ISO27002_ATTRIBUTE_KEYS) for (const v of c.attributes![k]!) expect(ISO27002_ATTRIBUTES[k] as readonly string[], `${c.ref} ${k}`).toContain(v);
    }
    const a = (ref: string) => controls.find((c) => c.ref === ref)!.attributes!;
    expect(a('A.8.13').control_type).toEqual(['corrective']);
    expect(a('A.5.7').control_type).toEqual(['preventive', 'detective', 'corrective']);
    expect(a('A.7.7').information_security_properties).toEqual(['confidentiality']);
    expect(OPERATIONAL_CAPABILITIES).toHaveLength(15);
  });

  it('paraphrases in one sentence of our own, never copying the short title', () => {
    for (const r of iso.requirements) {
      expect(r.paraphrase.length, r.ref).toBeGreaterThan(20);
      expect(r.paraphrase.length, r.ref).toBeLessThan(300);
      expect(r.paraphrase.toLowerCase(), r.ref).not.toBe(r.title.toLowerCase());
      // ISO's requirement language: our paraphrases describe outcomes instead.
      expect(r.paraphrase, r.ref).not.toMatch(/\bshall\b/i);
    }
  });
});

describe('every bundled catalogue', () => {
  const files = readdirSync(BUNDLED_CATALOGUE_DIR).filter((f) => f.endsWith('.json'));
  it.each(files)('%s is valid, with unique refs and resolving groups and parents', (file) => {
    const c = readCatalogueFile(join(BUNDLED_CATALOGUE_DIR, file));
    expect(c.requirements.length).toBeGreaterThan(0);
  });
  it('loads as a set with distinct ids', () => {
    const all = readCatalogueDir(BUNDLED_CATALOGUE_DIR);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.map((c) => c.id)).toContain('iso27001-2022');
  });
});

describe('the catalogue schema', () => {
  const issuesOf = (c: unknown) => {
    const r = Catalogue.safeParse(c);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const base = buildCatalogue();
  const withReq = (i: number, patch: Record<string, unknown>) => ({ ...base, requirements: base.requirements.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  it('accepts the test catalogue', () => expect(issuesOf(base)).toEqual([]));

  it.each([
    ['a duplicate ref', withReq(3, { ref: 'R.2' }), 'requirements.3.ref'],
    ['an unknown group', withReq(0, { group: 'G9' }), 'requirements.0.group'],
    ['an unknown parent', withReq(1, { parent: 'R.9' }), 'requirements.1.parent'],
    ['a parent circle', { ...withReq(0, { parent: 'R.1.1' }) }, 'requirements.0.parent'],
    ['a self parent', withReq(2, { parent: 'R.2' }), 'requirements.2.parent'],
    ['an attribute outside its vocabulary', withReq(2, { attributes: { control_type: ['protective'] } }), 'requirements.2.attributes.control_type'],
    ['a repeated attribute value', withReq(2, { attributes: { security_domains: ['defence', 'defence'] } }), 'requirements.2.attributes.security_domains'],
    ['a bad attribute key', withReq(2, { attributes: { 'bad key': ['x'] } }), 'requirements.2.attributes'],
    ['control characters', withReq(0, { title: 'Bad\u0000title' }), 'requirements.0.title'],
    ['a huge paraphrase', withReq(0, { paraphrase: 'x'.repeat(1001) }), 'requirements.0.paraphrase'],
    ['an unknown kind', withReq(0, { kind: 'clauses' }), 'requirements.0.kind'],
    ['an unknown field', withReq(0, { licensed_text: 'never shipped' }), 'requirements.0'],
    ['a bad ref', withReq(0, { ref: 'R 1; DROP TABLE' }), 'requirements.0.ref'],
    ['a duplicate group', { ...base, groups: [...base.groups, { id: 'G1', title: 'Again' }] }, 'groups.2.id'],
    ['a bad id', { ...base, id: 'Test FW' }, 'id'],
    ['no requirements', { ...base, requirements: [] }, 'requirements'],
  ])('refuses %s, naming the field', (_what, c, path) => {
    const issues = issuesOf(c);
    expect(issues.join('\n')).toContain(`${path}`);
  });

  it('keeps free-form attribute keys for catalogues other than ISO', () => {
    expect(issuesOf(withReq(2, { attributes: { pillar: ['ICT risk management'] } }))).toEqual([]);
  });
});

describe('reading catalogue files', () => {
  it('names the file and the field of the first problem, on one line', () => {
    const dir = catalogueDir({ 'broken.json': { ...buildCatalogue({ id: 'broken' }), requirements: [{ ref: 'X.1', title: 'x', kind: 'requirement', paraphrase: '' }] } });
    expect(() => readCatalogueDir(dir)).toThrow(CatalogueFileError);
    try {
      readCatalogueDir(dir);
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toMatch(/broken\.json: requirements\.0 \(X\.1\)\.paraphrase: /);
      expect(msg).not.toContain('\n');
    }
  });

  it('refuses text that is not JSON and two files with one id', () => {
    expect(() => readCatalogueDir(catalogueDir({ 'a.json': '{ "id": ' }))).toThrow(/a\.json: not valid JSON/);
    expect(() => readCatalogueDir(catalogueDir({ 'a.json': buildCatalogue(), 'b.json': buildCatalogue() }))).toThrow(/b\.json: id: "test-fw" is already the id of a\.json/);
  });

  it('reads nothing from a directory that does not exist', () => {
    expect(readCatalogueDir(join(catalogueDir({}), 'missing'))).toEqual([]);
  });
});
