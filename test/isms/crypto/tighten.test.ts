// A copy may only be stricter than its baseline: every loosening is named by rule and field.
import { describe, expect, it } from 'vitest';
import { Rule } from '../../../src/isms/crypto/policy-schema.js';
import { loosenings } from '../../../src/isms/crypto/tighten.js';
import { baseline } from './fixtures.js';

const base = () => baseline().rules;
/** The baseline with rule `id` changed by `patch`. */
const edited = (id: string, patch: Record<string, unknown>): Rule[] => base().map((r) => (r.id === id ? Rule.parse({ ...r, ...patch }) : r));
const indexOf = (id: string) => base().findIndex((r) => r.id === id);

describe('loosenings of a copy against its baseline', () => {
  it('finds none in an exact copy', () => {
    expect(loosenings(base(), base())).toEqual([]);
  });

  it('accepts tightening: TLS 1.3 minimum, RSA 4096, a higher severity, fewer curves, more denied algorithms, an added rule', () => {
    let rules = edited('tls-minimum-version', { min: 'TLS1.3' });
    rules = rules.map((r) => (r.id === 'rsa-key-size' ? Rule.parse({ ...r, min_bits: 4096, severity: 'error' }) : r));
    rules = rules.map((r) => (r.id === 'ec-curves' ? Rule.parse({ ...r, allow: ['secp384r1'] }) : r));
    rules = rules.map((r) => (r.id === 'no-broken-algorithms' ? Rule.parse({ ...r, algorithms: ['MD5', 'SHA-1', '3DES', 'RC4', 'DES', 'NULL'] }) : r));
    rules.push(Rule.parse({ id: 'extra', kind: 'protocol_min', title: 'Extra', severity: 'info', source: { document: 'kilpi' }, min: 'TLS1.3' }));
    expect(loosenings(base(), rules)).toEqual([]);
  });

  it.each([
    ['tls-minimum-version', { min: 'TLS1.1' }, 'min', /TLS1\.1.*TLS1\.2/],
    ['tls-1-3-offered', { version: 'TLS1.2' }, 'version', /TLS1\.2/],
    ['key-exchange-ephemeral', { allow: ['ECDHE', 'DHE', 'TLS13', 'RSA'] }, 'allow', /RSA/],
    ['rsa-key-size', { min_bits: 2048 }, 'min_bits', /2048.*3072/],
    ['rsa-key-size', { algorithm: 'DH' }, 'algorithm', /RSA/],
    ['ec-curves', { allow: ['secp256r1', 'x25519'] }, 'allow', /x25519/],
    ['ec-curves', { min_bits: 224 }, 'min_bits', /224/],
    ['symmetric-aes-aead', { modes: ['GCM', 'CCM', 'CBC'] }, 'modes', /CBC/],
    ['symmetric-aes-aead', { allow: ['AES', 'CHACHA20'] }, 'allow', /CHACHA20/],
    ['symmetric-aes-aead', { min_bits: 64 }, 'min_bits', /64/],
    ['hash-sha2', { allow: ['SHA-256', 'SHA-1'] }, 'allow', /SHA-1/],
    ['no-broken-algorithms', { algorithms: ['MD5', 'SHA-1'] }, 'algorithms', /3DES, RC4/],
    ['no-wildcard-certificates', { allowed: true }, 'allowed', /wildcard/],
    ['no-wildcard-certificates', { severity: 'warning' }, 'severity', /warning.*error/],
  ])('names rule %s and field for %j', (id, patch, field, message) => {
    const found = loosenings(base(), edited(id, patch));
    expect(found).toEqual([{ field: `rules.${indexOf(id)}.${field}`, message: expect.stringMatching(message) }]);
    expect(found[0]!.message).toContain(id);
  });

  it('refuses removing a baseline rule or changing its kind', () => {
    const removed = base().filter((r) => r.id !== 'hash-sha2');
    expect(loosenings(base(), removed)).toEqual([{ field: 'rules', message: expect.stringContaining('hash-sha2') }]);
    const swapped = base().map((r) => (r.id === 'hash-sha2' ? Rule.parse({ id: 'hash-sha2', kind: 'protocol_min', title: 'x', severity: 'error', source: { document: 'kilpi' }, min: 'TLS1.3' }) : r));
    expect(loosenings(base(), swapped)).toEqual([{ field: `rules.${indexOf('hash-sha2')}.kind`, message: expect.stringContaining('hash') }]);
  });

  it('finds rules by id wherever the copy puts them', () => {
    const reordered = [...base()].reverse();
    expect(loosenings(base(), reordered)).toEqual([]);
  });
});
