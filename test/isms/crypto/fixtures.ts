// Realistic observed configurations, as a TLS scanner would report them, and the bundled baseline.
import { readBundledBaselines } from '../../../src/isms/crypto/bundled.js';
import type { ObservedConfig } from '../../../src/isms/crypto/evaluate.js';
import type { PolicyFile } from '../../../src/isms/crypto/policy-schema.js';

export const baseline = (): PolicyFile => readBundledBaselines().find((p) => p.id === 'm72b-st4')!;

/** A current, well-kept endpoint: TLS 1.2 and 1.3, AEAD with ECDHE, P-256/P-384, an EC certificate. */
export const MODERN: ObservedConfig = {
  target: 'api.esimerkki.example:443',
  protocols: ['TLS1.2', 'TLS1.3'],
  cipher_suites: ['TLS_AES_256_GCM_SHA384', 'TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
  groups: ['secp384r1', 'secp256r1'],
  certificate: { key_type: 'EC', key_bits: 256, curve: 'prime256v1', signature_hash: 'SHA-256', san: ['api.esimerkki.example'], subject_cn: 'api.esimerkki.example' },
};

/** A neglected endpoint: TLS 1.0, RC4 and 3DES with RSA key transport, RSA-2048, SHA-1, a wildcard. */
export const LEGACY: ObservedConfig = {
  target: 'legacy.esimerkki.example:443',
  protocols: ['TLS1.0', 'TLS1.1', 'TLS1.2'],
  cipher_suites: ['TLS_RSA_WITH_RC4_128_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
  groups: ['secp256r1'],
  certificate: { key_type: 'RSA', key_bits: 2048, signature_hash: 'SHA-1', san: ['*.esimerkki.example', 'esimerkki.example'], subject_cn: '*.esimerkki.example' },
};
