// Cipher suite names from scanners, IANA and OpenSSL style, read into their parts.
import { describe, expect, it } from 'vitest';
import { parseSuite } from '../../../src/isms/crypto/cipher-suites.js';

const parts = (name: string) => {
  const p = parseSuite(name);
  return p && [p.keyExchange, p.auth, p.cipher, p.bits, p.mode, p.hash, p.export, p.anon];
};

describe('reading cipher suite names', () => {
  it.each([
    ['TLS_AES_128_GCM_SHA256', ['TLS13', null, 'AES', 128, 'GCM', 'SHA-256', false, false]],
    ['TLS_CHACHA20_POLY1305_SHA256', ['TLS13', null, 'CHACHA20', 256, 'POLY1305', 'SHA-256', false, false]],
    ['TLS_AES_128_CCM_8_SHA256', ['TLS13', null, 'AES', 128, 'CCM_8', 'SHA-256', false, false]],
    ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', ['ECDHE', 'ECDSA', 'AES', 256, 'GCM', 'SHA-384', false, false]],
    ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', ['ECDHE', 'RSA', 'AES', 128, 'CBC', 'SHA-1', false, false]],
    ['TLS_DHE_RSA_WITH_AES_128_CCM', ['DHE', 'RSA', 'AES', 128, 'CCM', 'SHA-256', false, false]],
    ['TLS_RSA_WITH_RC4_128_MD5', ['RSA', 'RSA', 'RC4', 128, 'STREAM', 'MD5', false, false]],
    ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', ['RSA', 'RSA', '3DES', 112, 'CBC', 'SHA-1', false, false]],
    ['TLS_RSA_EXPORT_WITH_RC4_40_MD5', ['RSA', 'RSA', 'RC4', 40, 'STREAM', 'MD5', true, false]],
    ['TLS_DH_anon_WITH_AES_128_CBC_SHA', ['DH_anon', 'anon', 'AES', 128, 'CBC', 'SHA-1', false, true]],
    ['TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256', ['ECDH', 'ECDSA', 'AES', 128, 'GCM', 'SHA-256', false, false]],
    ['TLS_PSK_WITH_AES_128_GCM_SHA256', ['PSK', 'PSK', 'AES', 128, 'GCM', 'SHA-256', false, false]],
    ['TLS_RSA_WITH_NULL_SHA256', ['RSA', 'RSA', 'NULL', 0, 'NONE', 'SHA-256', false, false]],
    ['SSL_RSA_WITH_DES_CBC_SHA', ['RSA', 'RSA', 'DES', 56, 'CBC', 'SHA-1', false, false]],
    ['tls_ecdhe_rsa_with_aes_128_gcm_sha256', ['ECDHE', 'RSA', 'AES', 128, 'GCM', 'SHA-256', false, false]],
    ['ECDHE-RSA-AES128-GCM-SHA256', ['ECDHE', 'RSA', 'AES', 128, 'GCM', 'SHA-256', false, false]],
    ['ECDHE-ECDSA-CHACHA20-POLY1305', ['ECDHE', 'ECDSA', 'CHACHA20', 256, 'POLY1305', 'SHA-256', false, false]],
    ['DHE-RSA-AES256-SHA256', ['DHE', 'RSA', 'AES', 256, 'CBC', 'SHA-256', false, false]],
    ['EDH-RSA-DES-CBC3-SHA', ['DHE', 'RSA', '3DES', 112, 'CBC', 'SHA-1', false, false]],
    ['AES128-SHA', ['RSA', 'RSA', 'AES', 128, 'CBC', 'SHA-1', false, false]],
    ['DES-CBC3-SHA', ['RSA', 'RSA', '3DES', 112, 'CBC', 'SHA-1', false, false]],
    ['RC4-MD5', ['RSA', 'RSA', 'RC4', 128, 'STREAM', 'MD5', false, false]],
    ['EXP-RC4-MD5', ['RSA', 'RSA', 'RC4', 40, 'STREAM', 'MD5', true, false]],
    ['ADH-AES128-SHA', ['DH_anon', 'anon', 'AES', 128, 'CBC', 'SHA-1', false, true]],
  ] as const)('%s', (name, expected) => {
    expect(parts(name)).toEqual(expected);
  });

  it.each(['', 'TLS_', 'TLS_FOO_WITH_BAR_SHA', 'ECDHE-RSA-ROT13-SHA', 'AES128-WHIRLPOOL', '<script>', `TLS_${'A'.repeat(200)}`, 'TLS_RSA_WITH_AES_GCM_SHA256'])('answers null for %j', (name) => {
    expect(parseSuite(name)).toBeNull();
  });
});
