// The permission matrix: one table of `area.action` → roles. Every route declares one entry.
import { forbidden, unauthorized } from '../core/errors.js';
import { actorRole, type Actor } from '../core/context.js';
import type { Role } from './roles.js';

export interface PermissionDef {
  description: string;
  /**
   * `read` never changes state; `self` changes only the caller's own account (MFA, own tokens);
   * `write` changes organisation data. The auditor role may hold `read` and `self` only.
   */
  kind: 'read' | 'self' | 'write';
  roles: readonly Role[];
}

const STAFF_AND_UP: readonly Role[] = ['admin', 'security_officer', 'auditor', 'staff'];
const OVERSIGHT: readonly Role[] = ['admin', 'security_officer', 'auditor'];
const OFFICERS: readonly Role[] = ['admin', 'security_officer'];

export const PERMISSIONS = {
  'dashboard.read': { description: 'See the dashboard with counts and own tasks', kind: 'read', roles: STAFF_AND_UP },
  'profile.read': { description: 'See one’s own account (email, name, role)', kind: 'read', roles: STAFF_AND_UP },
  'profile.security': { description: 'Enrol MFA and manage one’s own recovery codes and API tokens', kind: 'self', roles: STAFF_AND_UP },
  'areas.read': { description: 'Open the ISMS area pages (risks, controls, evidence …)', kind: 'read', roles: OVERSIGHT },
  'people.read': { description: 'Read the people directory', kind: 'read', roles: OVERSIGHT },
  'people.write': { description: 'Add, edit and mark people as leaving or left', kind: 'write', roles: OFFICERS },
  'people.import': { description: 'Import the people directory from CSV', kind: 'write', roles: OFFICERS },
  'frameworks.read': { description: 'Read framework catalogues and their requirements', kind: 'read', roles: OVERSIGHT },
  'frameworks.manage': { description: 'Import OSCAL catalogues and keep licensed text with requirements', kind: 'write', roles: OFFICERS },
  'assets.read': { description: 'Read the asset inventory and its dependencies', kind: 'read', roles: OVERSIGHT },
  'assets.write': { description: 'Add, edit and retire assets and their dependencies', kind: 'write', roles: OFFICERS },
  'assets.import': { description: 'Import the asset inventory from CSV', kind: 'write', roles: OFFICERS },
  'risks.read': { description: 'Read the risk register, its heatmap and trend', kind: 'read', roles: OVERSIGHT },
  'risks.write': { description: 'Add, assess, treat and review risks', kind: 'write', roles: OFFICERS },
  'risks.accept': { description: 'Accept a residual risk for its owner, with an expiry', kind: 'write', roles: OFFICERS },
  'risks.configure': { description: 'Change the risk matrix and its acceptance criteria', kind: 'write', roles: OFFICERS },
  'controls.read': { description: 'Read controls and their links to requirements, risks and assets', kind: 'read', roles: OVERSIGHT },
  'controls.write': { description: 'Add, edit and review controls and their links', kind: 'write', roles: OFFICERS },
  'soa.read': { description: 'Read the Statement of Applicability, its versions and exports', kind: 'read', roles: OVERSIGHT },
  'soa.write': { description: 'Edit applicability and justifications and prepare SoA versions', kind: 'write', roles: OFFICERS },
  'soa.approve': { description: 'Approve a version of the Statement of Applicability', kind: 'write', roles: ['admin'] },
  'policies.read': { description: 'Read published policies and procedures', kind: 'read', roles: STAFF_AND_UP },
  'policy_drafts.read': { description: 'Read policy drafts, every version with its approvals, and who has acknowledged what', kind: 'read', roles: OVERSIGHT },
  'policies.write': { description: 'Draft policies, start acknowledgement campaigns and send reminders', kind: 'write', roles: OFFICERS },
  'policies.approve': { description: 'Approve and publish a policy version', kind: 'write', roles: ['admin'] },
  'policies.acknowledge': { description: 'Acknowledge having read a published policy', kind: 'write', roles: ['admin', 'security_officer', 'staff'] },
  'scope.read': { description: 'Read the ISMS scope, context, interested parties and objectives', kind: 'read', roles: OVERSIGHT },
  'scope.write': { description: 'Edit the ISMS scope, context and objectives', kind: 'write', roles: OFFICERS },
  'crypto.read': { description: 'Read the cryptography policy baselines', kind: 'read', roles: OVERSIGHT },
  'crypto.write': { description: 'Copy and tighten a cryptography policy baseline', kind: 'write', roles: OFFICERS },
  'audit.read': { description: 'Read the audit trail', kind: 'read', roles: OVERSIGHT },
  'users.read': { description: 'List user accounts and their roles', kind: 'read', roles: OVERSIGHT },
  'users.manage': { description: 'Create users, change roles, unlock and disable accounts', kind: 'write', roles: ['admin'] },
} as const satisfies Record<string, PermissionDef>;

export type Permission = keyof typeof PERMISSIONS;
/** What a route requires: a matrix entry, any signed-in user mid-sign-in, or nothing. */
export type RouteAccess = Permission | 'public';

export const permissionNames = (): Permission[] => Object.keys(PERMISSIONS) as Permission[];

/** True when `role` holds `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

/** Throws 401 without an actor and 403 when the actor's role lacks `permission`. */
export function authorize(actor: Actor | null, permission: Permission): asserts actor is Actor {
  if (!actor) throw unauthorized();
  if (!can(actorRole(actor), permission)) throw forbidden();
}

/** The abilities a role has, for pages to show only permitted actions. */
export function abilities(role: Role): Record<Permission, boolean> {
  return Object.fromEntries(permissionNames().map((p) => [p, can(role, p)])) as Record<Permission, boolean>;
}
