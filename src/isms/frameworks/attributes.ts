// The ISO/IEC 27002:2022 attribute vocabularies: five ways of looking at a control, each with a
// closed set of values. Catalogues that use these attribute keys are validated against them.

export const CONTROL_TYPES = ['preventive', 'detective', 'corrective'] as const;
export const SECURITY_PROPERTIES = ['confidentiality', 'integrity', 'availability'] as const;
export const CYBERSECURITY_CONCEPTS = ['identify', 'protect', 'detect', 'respond', 'recover'] as const;
export const OPERATIONAL_CAPABILITIES = [
  'governance',
  'asset_management',
  'information_protection',
  'human_resource_security',
  'physical_security',
  'system_and_network_security',
  'application_security',
  'secure_configuration',
  'identity_and_access_management',
  'threat_and_vulnerability_management',
  'continuity',
  'supplier_relationships_security',
  'legal_and_compliance',
  'information_security_event_management',
  'information_security_assurance',
] as const;
export const SECURITY_DOMAINS = ['governance_and_ecosystem', 'protection', 'defence', 'resilience'] as const;

export type ControlType = (typeof CONTROL_TYPES)[number];
export type SecurityProperty = (typeof SECURITY_PROPERTIES)[number];
export type CybersecurityConcept = (typeof CYBERSECURITY_CONCEPTS)[number];
export type OperationalCapability = (typeof OPERATIONAL_CAPABILITIES)[number];
export type SecurityDomain = (typeof SECURITY_DOMAINS)[number];

/** Attribute key in a catalogue → the values it allows. Keys outside this table are free-form. */
export const ISO27002_ATTRIBUTES = {
  control_type: CONTROL_TYPES,
  information_security_properties: SECURITY_PROPERTIES,
  cybersecurity_concepts: CYBERSECURITY_CONCEPTS,
  operational_capabilities: OPERATIONAL_CAPABILITIES,
  security_domains: SECURITY_DOMAINS,
} as const satisfies Record<string, readonly string[]>;

export type Iso27002AttributeKey = keyof typeof ISO27002_ATTRIBUTES;
export const ISO27002_ATTRIBUTE_KEYS = Object.keys(ISO27002_ATTRIBUTES) as Iso27002AttributeKey[];

export const isIso27002AttributeKey = (k: string): k is Iso27002AttributeKey => Object.hasOwn(ISO27002_ATTRIBUTES, k);

/** The vocabulary a key must draw from, or null when the key is free-form. */
export function vocabularyOf(key: string): readonly string[] | null {
  return isIso27002AttributeKey(key) ? ISO27002_ATTRIBUTES[key] : null;
}

/** Values of `key` that its vocabulary does not allow (none for free-form keys). */
export function unknownAttributeValues(key: string, values: readonly string[]): string[] {
  const vocab = vocabularyOf(key);
  return vocab ? values.filter((v) => !vocab.includes(v)) : [];
}
