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
