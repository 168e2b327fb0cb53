// The roles a user can hold. `customer` is reserved for the customer portal.
export const ROLES = ['admin', 'security_officer', 'auditor', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that must pass a TOTP challenge before they can do anything. */
export const MFA_REQUIRED_ROLES: ReadonlySet<Role> = new Set(['admin', 'security_officer']);

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);
