// The crypto policy as data: vocabularies and a discriminated union of machine-checkable rule kinds,
// shared by the bundled baselines in content/crypto-policies, organisation copies and the evaluator.
import { z } from 'zod';
import { hasControlChars } from '../../core/text.js';

/** TLS and SSL protocol versions, oldest first: the order is what "at least" compares. */
export const TLS_VERSIONS = ['SSLv2', 'SSLv3', 'TLS1.0', 'TLS1.1', 'TLS1.2', 'TLS1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];
export const tlsRank = (v: TlsVersion): number => TLS_VERSIONS.indexOf(v);

/** Key exchange methods as cipher suites name them; `TLS13` is TLS 1.3's always-ephemeral (EC)DHE. */
export const KEY_EXCHANGES = ['ECDHE', 'DHE', 'TLS13', 'RSA', 'ECDH', 'DH', 'PSK', 'ECDHE_PSK', 'DHE_PSK', 'RSA_PSK', 'SRP', 'ECDH_anon', 'DH_anon', 'KRB5', 'NULL'] as const;
export type KeyExchange = (typeof KEY_EXCHANGES)[number];

/** Named elliptic curves and their sizes in bits (X25519's field is 255 bits). */
export const CURVE_BITS = {
  secp192r1: 192,
  secp224r1: 224,
  secp256r1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp256k1: 256,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
  x25519: 255,
  x448: 448,
} as const;
export type Curve = keyof typeof CURVE_BITS;
export const CURVES = Object.keys(CURVE_BITS) as Curve[];

export const SYMMETRIC_ALGORITHMS = ['AES', 'CHACHA20', 'CAMELLIA', 'ARIA', 'SEED', 'IDEA', '3DES', 'DES', 'RC4', 'RC2', 'NULL'] as const;
export type SymmetricAlgorithm = (typeof SYMMETRIC_ALGORITHMS)[number];
/** Cipher modes; GCM, CCM, CCM_8 and POLY1305 are authenticated (AEAD), the rest are not. */
export const CIPHER_MODES = ['GCM', 'CCM', 'CCM_8', 'POLY1305', 'CBC', 'CTR', 'ECB', 'STREAM', 'NONE'] as const;
export type CipherMode = (typeof CIPHER_MODES)[number];

export const HASHES = ['MD5', 'SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512', 'SHA3-256', 'SHA3-384', 'SHA3-512'] as const;
export type Hash = (typeof HASHES)[number];

/** What a deny rule can name: broken algorithms and suite features that defeat the protection. */
export const DENYABLE = ['MD5', 'SHA-1', '3DES', 'DES', 'RC4', 'RC2', 'IDEA', 'NULL', 'EXPORT', 'anon'] as const;
export type Denyable = (typeof DENYABLE)[number];

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

export const KEY_ALGORITHMS = ['RSA', 'DH'] as const;

/** Rule kinds; each carries its own thresholds or lists. */
export const RULE_KINDS = ['protocol_min', 'protocol_offered', 'key_exchange', 'key_size', 'ec_curves', 'symmetric', 'hash', 'deny', 'certificate_wildcard'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const MSG = {
  text: 'Use at most {max} characters.',
  required: 'Enter a value.',
  control: 'Control characters are not allowed.',
  ruleId: 'A rule id is 2–60 lower-case letters, digits and hyphens, e.g. tls-minimum-version.',
  duplicateRule: 'Another rule already has this id.',
  duplicateItem: 'A value appears twice in the list.',
  unknownSource: 'Name one of the policy’s sources.',
  bits: 'Use a whole number of bits from 1 to 65536.',
} as const;

/** Single-line text: trimmed, NFC, no control characters, at most `max` characters. */
export const line = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, MSG.required).max(max, MSG.text.replace('{max}', String(max))).refine((s) => !hasControlChars(s), MSG.control));

/** Multi-line text allows line breaks and tabs but no other control characters. */
export const paragraph = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, MSG.text.replace('{max}', String(max))).refine((s) => !hasControlChars(s.replace(/[\n\t]/g, ' ')), MSG.control));

const bits = z.number({ message: MSG.bits }).int(MSG.bits).min(1, MSG.bits).max(65536, MSG.bits);
/** A list of distinct values from `values`. */
const setOf = <T extends readonly [string, ...string[]]>(values: T, max = 40) =>
  z
    .array(z.enum(values))
    .max(max)
    .refine((a) => new Set(a).size === a.length, MSG.duplicateItem);

export const RuleId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, MSG.ruleId);

export const RuleSource = z.strictObject({
  /** One of the policy's `sources` ids. */
  document: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, MSG.unknownSource),
  /** Where in the document: a section, chapter or table. */
  section: line(200).optional(),
});
export type RuleSource = z.infer<typeof RuleSource>;

const base = {
  id: RuleId,
  title: line(200),
  severity: z.enum(SEVERITIES),
  source: RuleSource,
  /** Why the rule is there or how to meet it; our words. */
  rationale: paragraph(1000).optional(),
};

export const Rule = z.discriminatedUnion('kind', [
  /** Every offered protocol version is at least `min`. */
  z.strictObject({ ...base, kind: z.literal('protocol_min'), min: z.enum(TLS_VERSIONS) }),
  /** `version` is among the offered protocol versions. */
  z.strictObject({ ...base, kind: z.literal('protocol_offered'), version: z.enum(TLS_VERSIONS) }),
  /** Every cipher suite's key exchange is in `allow`. */
  z.strictObject({ ...base, kind: z.literal('key_exchange'), allow: setOf(KEY_EXCHANGES).refine((a) => a.length > 0, MSG.required) }),
  /** RSA keys (certificates) or finite-field DH parameters have at least `min_bits`. */
  z.strictObject({ ...base, kind: z.literal('key_size'), algorithm: z.enum(KEY_ALGORITHMS), min_bits: bits }),
  /** Elliptic curves (key exchange groups, certificate keys) are in `allow` and at least `min_bits`. */
  z.strictObject({ ...base, kind: z.literal('ec_curves'), allow: setOf(CURVES as unknown as [Curve, ...Curve[]]).refine((a) => a.length > 0, MSG.required), min_bits: bits }),
  /** Symmetric ciphers are in `allow`, at least `min_bits`, in one of `modes`. */
  z.strictObject({
    ...base,
    kind: z.literal('symmetric'),
    allow: setOf(SYMMETRIC_ALGORITHMS).refine((a) => a.length > 0, MSG.required),
    min_bits: bits,
    modes: setOf(CIPHER_MODES).refine((a) => a.length > 0, MSG.required),
  }),
  /** Hash functions (certificate signatures, suite MACs and PRFs) are in `allow`. */
  z.strictObject({ ...base, kind: z.literal('hash'), allow: setOf(HASHES).refine((a) => a.length > 0, MSG.required) }),
  /** None of `algorithms` appears anywhere in the configuration. */
  z.strictObject({ ...base, kind: z.literal('deny'), algorithms: setOf(DENYABLE).refine((a) => a.length > 0, MSG.required) }),
  /** Certificates name no wildcard host (`*.example.com`) unless `allowed`. */
  z.strictObject({ ...base, kind: z.literal('certificate_wildcard'), allowed: z.boolean() }),
]);
export type Rule = z.infer<typeof Rule>;
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;

export const PolicySource = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  title: line(300),
  url: z.url({ protocol: /^https$/ }).max(500).optional(),
  /** Edition, date or other note on what was read. */
  note: paragraph(1000).optional(),
});
export type PolicySource = z.infer<typeof PolicySource>;

/** Rules with unique ids, each naming one of `sources`. */
export const RuleList = z.array(Rule).min(1).max(100);

/** Field errors for rule ids that repeat or sources that are not declared, as `rules.<i>.<field>`. */
export function ruleListProblems(rules: Rule[], sourceIds: ReadonlySet<string>): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id)) out.push({ field: `rules.${i}.id`, message: MSG.duplicateRule });
    seen.add(r.id);
    if (!sourceIds.has(r.source.document)) out.push({ field: `rules.${i}.source.document`, message: MSG.unknownSource });
  });
  return out;
}

/** A bundled baseline file in content/crypto-policies/*.json. */
export const PolicyFile = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,63}$/),
    name: line(200),
    version: line(40),
    description: paragraph(4000),
    /** What the values rest on and what is still to be confirmed, shown with the policy. */
    provenance: paragraph(2000),
    sources: z.array(PolicySource).min(1).max(20),
    rules: RuleList,
  })
  .superRefine((p, ctx) => {
    for (const e of ruleListProblems(p.rules, new Set(p.sources.map((s) => s.id)))) ctx.addIssue({ code: 'custom', path: e.field.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)), message: e.message });
  });
export type PolicyFile = z.infer<typeof PolicyFile>;
