// A rule's setting in one short, language-neutral line ("≥ TLS1.2", "RSA ≥ 3072 bits"), for the
// rules table and the CSV export.
import type { Rule } from './policy-schema.js';

export function ruleSetting(r: Rule): string {
  switch (r.kind) {
    case 'protocol_min':
      return `≥ ${r.min}`;
    case 'protocol_offered':
      return `${r.version} offered`;
    case 'key_exchange':
      return `allow ${r.allow.join(', ')}`;
    case 'key_size':
      return `${r.algorithm} ≥ ${r.min_bits} bits`;
    case 'ec_curves':
      return `≥ ${r.min_bits} bits; allow ${r.allow.join(', ')}`;
    case 'symmetric':
      return `${r.allow.join(', ')} ≥ ${r.min_bits} bits; modes ${r.modes.join(', ')}`;
    case 'hash':
      return `allow ${r.allow.join(', ')}`;
    case 'deny':
      return `deny ${r.algorithms.join(', ')}`;
    case 'certificate_wildcard':
      return r.allowed ? 'wildcards allowed' : 'no wildcards';
  }
}
