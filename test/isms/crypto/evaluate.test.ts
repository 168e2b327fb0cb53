// The evaluator against realistic scanner output: what passes, what fails on which rule, at which
// severity, and what it says it saw.
import { describe, expect, it } from 'vitest';
import { evaluate, ObservedConfig, type Evaluation } from '../../../src/isms/crypto/evaluate.js';
import type { Rule } from '../../../src/isms/crypto/policy-schema.js';
import { baseline, LEGACY, MODERN } from './fixtures.js';

const finding = (e: Evaluation, id: string) => e.findings.find((f) => f.rule_id === id)!;
const statuses = (e: Evaluation) => Object.fromEntries(e.findings.map((f) => [f.rule_id, f.status]));

describe('evaluating a configuration against the M72B / ST IV baseline', () => {
  it('passes a modern TLS 1.3 configuration on every rule that applies', () => {
    const e = evaluate(baseline(), MODERN);
    expect(e.outcome).toBe('pass');
    expect(e.counts.fail).toBe(0);
    expect(statuses(e)).toEqual({
      'tls-minimum-version': 'pass',
      'tls-1-3-offered': 'pass',
      'key-exchange-ephemeral': 'pass',
      'rsa-key-size': 'not_applicable',
      'rsa-key-size-legacy': 'not_applicable',
      'dh-key-size': 'not_applicable',
      'dh-key-size-legacy': 'not_applicable',
      'ec-curves': 'pass',
      'symmetric-aes-aead': 'pass',
      'hash-sha2': 'pass',
      'no-broken-algorithms': 'pass',
      'no-wildcard-certificates': 'pass',
    });
    expect(e.target).toBe('api.esimerkki.example:443');
  });

  it('fails a TLS 1.0 + RC4 + RSA-2048 + wildcard configuration on each rule, RSA-2048 as a warning', () => {
    const e = evaluate(baseline(), LEGACY);
    expect(e.outcome).toBe('fail');
    const failing = e.findings.filter((f) => f.status === 'fail').map((f) => [f.rule_id, f.severity]);
    expect(failing).toEqual([
      ['tls-minimum-version', 'error'],
      ['tls-1-3-offered', 'info'],
      ['key-exchange-ephemeral', 'error'],
      ['rsa-key-size', 'warning'],
      ['symmetric-aes-aead', 'error'],
      ['hash-sha2', 'error'],
      ['no-broken-algorithms', 'error'],
      ['no-wildcard-certificates', 'error'],
    ]);
    // 2048 bits is legacy, not below the floor.
    expect(finding(e, 'rsa-key-size-legacy').status).toBe('pass');
    expect(e.counts).toMatchObject({ errors: 6, warnings: 1, infos: 1 });
  });

  it('says what it saw: the offending versions, suites, key size and names', () => {
    const e = evaluate(baseline(), LEGACY);
    expect(finding(e, 'tls-minimum-version').observed).toEqual(['TLS1.0', 'TLS1.1']);
    expect(finding(e, 'key-exchange-ephemeral').observed).toEqual(['TLS_RSA_WITH_RC4_128_SHA (RSA)', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA (RSA)']);
    expect(finding(e, 'rsa-key-size').observed).toEqual(['RSA 2048 bits']);
    expect(finding(e, 'symmetric-aes-aead').observed).toEqual([
      'TLS_RSA_WITH_RC4_128_SHA (RC4 128 STREAM)',
      'TLS_RSA_WITH_3DES_EDE_CBC_SHA (3DES 112 CBC)',
      'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA (AES 128 CBC)',
    ]);
    expect(finding(e, 'no-broken-algorithms').observed).toContain('certificate signature (SHA-1)');
    expect(finding(e, 'no-wildcard-certificates').observed).toEqual(['*.esimerkki.example']);
  });

  it('carries each rule’s source with its title, URL and section', () => {
    const f = finding(evaluate(baseline(), LEGACY), 'rsa-key-size');
    expect(f.source.document).toBe('ncsc-st');
    expect(f.source.url).toMatch(/^https:\/\/www\.kyberturvallisuuskeskus\.fi\//);
    expect(f.source.section).toContain('ST IV');
    expect(f.title).toBe('RSA keys of at least 3072 bits');
  });

  it('warns, without failing, on a TLS 1.2-only endpoint with an RSA-2048 certificate and strong suites', () => {
    const e = evaluate(baseline(), {
      protocols: ['TLS1.2'],
      cipher_suites: ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256'],
      groups: ['P-384'],
      certificate: { key_type: 'RSA', key_bits: 2048, signature_hash: 'sha256', san: ['pay.esimerkki.example'] },
    });
    expect(e.outcome).toBe('warn');
    expect(e.findings.filter((f) => f.status === 'fail').map((f) => f.rule_id)).toEqual(['tls-1-3-offered', 'rsa-key-size']);
  });

  it('judges finite-field DH by its parameter size: 1024 an error, 2048 a warning, 3072 a pass', () => {
    const dhe = (bits: number) => evaluate(baseline(), { protocols: ['TLS1.2'], cipher_suites: ['TLS_DHE_RSA_WITH_AES_128_GCM_SHA256'], dh_bits: bits });
    expect([finding(dhe(1024), 'dh-key-size-legacy').status, finding(dhe(1024), 'dh-key-size').status]).toEqual(['fail', 'fail']);
    expect([finding(dhe(2048), 'dh-key-size-legacy').status, finding(dhe(2048), 'dh-key-size').status]).toEqual(['pass', 'fail']);
    expect([finding(dhe(3072), 'dh-key-size-legacy').status, finding(dhe(3072), 'dh-key-size').status]).toEqual(['pass', 'pass']);
    expect(finding(evaluate(baseline(), { groups: ['ffdhe2048', 'secp256r1'] }), 'dh-key-size').observed).toEqual(['ffdhe2048 (2048 bits)']);
  });

  it('fails curves outside the NIST and Brainpool families or below 256 bits, and groups it does not know', () => {
    const e = evaluate(baseline(), { groups: ['x25519', 'secp224r1', 'brainpoolP384r1tls13', 'X25519MLKEM768'] });
    expect(finding(e, 'ec-curves').observed).toEqual(['group x25519 (not allowed)', 'group secp224r1 (not allowed)', 'group X25519MLKEM768 (not a curve this policy knows)']);
  });

  it('fails closed on a cipher suite it cannot read, naming it', () => {
    const e = evaluate(baseline(), { cipher_suites: ['TLS_AES_128_GCM_SHA256', 'TLS_MADE_UP_WITH_ROT13'] });
    expect(finding(e, 'symmetric-aes-aead').status).toBe('fail');
    expect(finding(e, 'symmetric-aes-aead').observed).toEqual(['unrecognised suite TLS_MADE_UP_WITH_ROT13']);
  });

  it('reports rules whose facts were not observed as not assessed, never as passing', () => {
    const e = evaluate(baseline(), {});
    expect(new Set(e.findings.map((f) => f.status))).toEqual(new Set(['not_assessed']));
    expect(e.outcome).toBe('pass');
    expect(e.counts.not_assessed).toBe(12);
    // ECDHE suites without the groups offered: the curve cannot be judged.
    expect(finding(evaluate(baseline(), { cipher_suites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] }), 'ec-curves').status).toBe('not_assessed');
  });

  it('checks symmetric uses outside TLS (disk, backups) too', () => {
    const e = evaluate(baseline(), { symmetric: [{ use: 'backups', algorithm: 'AES', bits: 256, mode: 'CBC' }, { use: 'tokens', algorithm: 'AES', bits: 256, mode: 'GCM' }] });
    expect(finding(e, 'symmetric-aes-aead').observed).toEqual(['backups: AES-256-CBC (AES 256 CBC)']);
  });

  it('applies an organisation’s tightened rules: TLS 1.3 only and RSA ≥ 4096', () => {
    const rules = baseline().rules.map((r): Rule => (r.kind === 'protocol_min' ? { ...r, min: 'TLS1.3' } : r.id === 'rsa-key-size' && r.kind === 'key_size' ? { ...r, min_bits: 4096, severity: 'error' } : r));
    const e = evaluate({ rules }, { protocols: ['TLS1.2', 'TLS1.3'], certificate: { key_type: 'RSA', key_bits: 3072, san: ['a.example'] } });
    expect(finding(e, 'tls-minimum-version').observed).toEqual(['TLS1.2']);
    expect(finding(e, 'rsa-key-size')).toMatchObject({ status: 'fail', severity: 'error', observed: ['RSA 3072 bits'] });
    expect(finding(e, 'tls-minimum-version').source.title).toBeNull();
  });

  it('refuses malformed observations before evaluating', () => {
    for (const bad of [{ protocols: ['TLS9'] }, { cipher_suites: 'TLS_AES_128_GCM_SHA256' }, { certificate: { key_type: 'RSA', key_bits: -1 } }, { dh_bits: 1.5 }, { extra: true }, { cipher_suites: ['x'.repeat(121)] }]) {
      expect(ObservedConfig.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });
});
