// The permission matrix checks itself: least privilege holds as data, before any route uses it.
import { describe, expect, it } from 'vitest';
import { abilities, authorize, can, PERMISSIONS, permissionNames, type Permission } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { isAppError } from '../../src/core/errors.js';
import { systemActor, type Actor } from '../../src/core/context.js';

const entries = Object.entries(PERMISSIONS) as [Permission, (typeof PERMISSIONS)[Permission]][];
const holders = (p: Permission): readonly Role[] => PERMISSIONS[p].roles;

describe('the permission matrix', () => {
  it('names every permission area.action in lower case', () => {
    for (const name of permissionNames()) expect(name).toMatch(/^[a-z][a-z_]*\.[a-z][a-z_]*$/);
  });

  it('describes every permission in a sentence an auditor can read', () => {
    for (const [name, def] of entries) {
      expect(def.description.trim().length, name).toBeGreaterThan(10);
      expect(['read', 'self', 'write'], name).toContain(def.kind);
    }
  });

  it('grants only known roles, each at most once', () => {
    for (const [name, def] of entries) {
      for (const role of def.roles) expect(ROLES, name).toContain(role);
      expect(new Set(def.roles).size, name).toBe(def.roles.length);
    }
  });

  it('gives admin every permission', () => {
    for (const name of permissionNames()) expect(can('admin', name), name).toBe(true);
  });

  it('keeps `self` for the caller’s own account only', () => {
    expect(entries.filter(([, d]) => d.kind === 'self').map(([n]) => n)).toEqual(['profile.security']);
  });

  it('lets the auditor only read (besides securing their own account)', () => {
    // `self` acts on the caller's own account only (MFA enrolment, own tokens): an auditor needs it
    // to sign in at all, and it changes no ISMS data.
    const writes = entries.filter(([, d]) => d.kind === 'write' && d.roles.includes('auditor' as never)).map(([n]) => n);
    expect(writes).toEqual([]);
    // …but read everywhere oversight needs.
    for (const p of ['people.read', 'audit.read', 'users.read'] as const) expect(can('auditor', p), p).toBe(true);
  });

  it('keeps staff out of the directory, the audit trail and user management', () => {
    const forbidden = permissionNames().filter((p) => p === 'people.read' || p === 'audit.read' || p.startsWith('users.'));
    expect(forbidden.length).toBeGreaterThanOrEqual(3);
    for (const p of forbidden) expect(can('staff', p), p).toBe(false);
  });

  it('names write permissions after a change, read permissions after reading', () => {
    // A `*.read` permission that is kind `write` (or the reverse) would mislead whoever grants it.
    for (const [name, def] of entries) {
      if (name.endsWith('.read')) expect(def.kind, name).toBe('read');
      if (def.kind === 'read') expect(name, name).toMatch(/\.read$/);
    }
  });

  it('never grants a role a write without the matching read of the same area', () => {
    for (const [name, def] of entries) {
      if (def.kind !== 'write') continue;
      const read = `${name.split('.')[0]}.read` as Permission;
      if (!Object.hasOwn(PERMISSIONS, read)) continue;
      for (const role of def.roles) expect(holders(read), `${role} holds ${name} but not ${read}`).toContain(role);
    }
  });

  it('lists abilities for every permission and role', () => {
    for (const role of ROLES) {
      const a = abilities(role);
      expect(Object.keys(a).sort()).toEqual(permissionNames().sort());
      for (const p of permissionNames()) expect(a[p]).toBe(can(role, p));
    }
  });

  it('authorize answers 401 without an actor and 403 without the permission', () => {
    const status = (actor: Actor | null, p: Permission) => {
      try {
        authorize(actor, p);
        return 200;
      } catch (e) {
        return isAppError(e) ? e.status : 500;
      }
    };
    const staff: Actor = { type: 'user', id: 'u1', label: 'staff@example.test', role: 'staff' };
    const auditorToken: Actor = { type: 'token', id: 't1', userId: 'u2', label: 'a', role: 'auditor' };
    expect(status(null, 'dashboard.read')).toBe(401);
    expect(status(staff, 'people.read')).toBe(403);
    expect(status(staff, 'dashboard.read')).toBe(200);
    expect(status(auditorToken, 'people.write')).toBe(403);
    expect(status(auditorToken, 'audit.read')).toBe(200);
    // The system actor (migrations, seeding, the CLI) is trusted like an admin.
    expect(status(systemActor('cli'), 'users.manage')).toBe(200);
  });
});
