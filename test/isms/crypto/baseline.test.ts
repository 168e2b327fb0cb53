// The bundled M72B / ST IV baseline says, as rules, exactly what issue 4 asks of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyFile, type RuleKind, type RuleOf } from '../../../src/isms/crypto/policy-schema.js';
import { baseline } from './fixtures.js';

const rule = <K extends RuleKind>(id: string, kind: K) => {
  const r = baseline().rules.find((x) => x.id === id);
  expect(r?.kind, id).toBe(kind);
  return r as RuleOf<K>;
};

describe('content/crypto-policies/m72b-st4.json', () => {
  it('parses with the policy file schema, with a version, sources and provenance', () => {
    const raw = JSON.parse(readFileSync(join(process.cwd(), 'content', 'crypto-policies', 'm72b-st4.json'), 'utf8'));
    const p = PolicyFile.parse(raw);
    expect(p.version).toMatch(/^\d{4}\.\d+$/);
    expect(p.sources.map((s) => s.id)).toEqual(['m72b', 'ncsc-st', 'dvv', 'kilpi']);
    expect(p.provenance).toContain('not checked each value');
  });

  it('encodes the baseline thresholds', () => {
    expect(rule('tls-minimum-version', 'protocol_min')).toMatchObject({ min: 'TLS1.2', severity: 'error' });
    expect(rule('tls-1-3-offered', 'protocol_offered')).toMatchObject({ version: 'TLS1.3', severity: 'info' });
    expect(rule('key-exchange-ephemeral', 'key_exchange').allow).toEqual(['ECDHE', 'DHE', 'TLS13']);
    expect(rule('rsa-key-size', 'key_size')).toMatchObject({ algorithm: 'RSA', min_bits: 3072, severity: 'warning' });
    expect(rule('rsa-key-size-legacy', 'key_size')).toMatchObject({ algorithm: 'RSA', min_bits: 2048, severity: 'error' });
    expect(rule('dh-key-size', 'key_size')).toMatchObject({ algorithm: 'DH', min_bits: 3072, severity: 'warning' });
    expect(rule('dh-key-size-legacy', 'key_size')).toMatchObject({ algorithm: 'DH', min_bits: 2048, severity: 'error' });
    expect(rule('ec-curves', 'ec_curves')).toMatchObject({ min_bits: 256, allow: ['secp256r1', 'secp384r1', 'secp521r1', 'brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1'] });
    expect(rule('symmetric-aes-aead', 'symmetric')).toMatchObject({ allow: ['AES'], min_bits: 128, modes: ['GCM', 'CCM'] });
    expect(rule('hash-sha2', 'hash').allow).toEqual(['SHA-256', 'SHA-384', 'SHA-512']);
    expect(rule('no-broken-algorithms', 'deny').algorithms).toEqual(['MD5', 'SHA-1', '3DES', 'RC4']);
    expect(rule('no-wildcard-certificates', 'certificate_wildcard').allowed).toBe(false);
  });

  it('gives every rule a declared source and a rationale', () => {
    const p = baseline();
    const ids = new Set(p.sources.map((s) => s.id));
    for (const r of p.rules) {
      expect(ids.has(r.source.document), r.id).toBe(true);
      expect(r.rationale?.length ?? 0, r.id).toBeGreaterThan(30);
    }
  });

  it('refuses a file whose rules repeat an id or name an undeclared source', () => {
    const p = baseline();
    const dup = { ...p, rules: [...p.rules, p.rules[0]] };
    expect(PolicyFile.safeParse(dup).error?.issues.map((i) => i.path.join('.'))).toEqual([`rules.${p.rules.length}.id`]);
    const orphan = { ...p, rules: p.rules.map((r, i) => (i === 0 ? { ...r, source: { document: 'nowhere' } } : r)) };
    expect(PolicyFile.safeParse(orphan).error?.issues.map((i) => i.path.join('.'))).toEqual(['rules.0.source.document']);
  });
});
