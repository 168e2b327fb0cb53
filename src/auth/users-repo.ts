// Queries for user accounts and recovery codes.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { DB } from '../db/index.js';
import type { UserRow, UsersTable } from './tables.js';

export const findUserByEmail = (db: DB, email: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();

export const findUserById = (db: DB, id: string): Promise<UserRow | undefined> =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertUser(db: DB, row: Insertable<UsersTable>): Promise<UserRow> {
  await db.insertInto('users').values(row).execute();
  return (await findUserById(db, row.id))!;
}

export async function updateUser(db: DB, id: string, patch: Updateable<UsersTable>): Promise<UserRow> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
  return (await findUserById(db, id))!;
}

export const listUsers = (db: DB): Promise<UserRow[]> => db.selectFrom('users').selectAll().orderBy('name').execute();

export const countUsers = async (db: DB): Promise<number> =>
  Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

export const USER_SORTS = ['name', 'email', 'role', 'last_login_at', 'created_at'] as const;
export type UserSort = (typeof USER_SORTS)[number];

export interface UserListFilter {
  /** Part of a name or email, case-insensitive. */
  q?: string | undefined;
  role?: string | undefined;
}

// LIKE wildcards in what people type are literal characters, not patterns. NUL can be in no
// stored text, and PostgreSQL refuses it in a parameter, so it is dropped.
// eslint-disable-next-line no-control-regex -- NUL is the point
const likePattern = (s: string) => `%${s.replace(/\u0000/g, '').toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function filteredUsers(db: DB, f: UserListFilter) {
  let q = db.selectFrom('users');
  if (f.q) {
    const p = likePattern(f.q);
    q = q.where((eb) => eb.or([sql<boolean>`lower(name) like ${p} escape '\\'`, sql<boolean>`lower(email) like ${p} escape '\\'`]));
  }
  if (f.role) q = q.where('role', '=', f.role as UserRow['role']);
  return q;
}

/** One page of users, sorted, with the total for the filter. */
export async function listUsersPage(
  db: DB,
  f: UserListFilter,
  page: { sort: UserSort; dir: 'asc' | 'desc'; limit: number; offset: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const rows = await filteredUsers(db, f).selectAll().orderBy(page.sort, page.dir).orderBy('id').limit(page.limit).offset(page.offset).execute();
  const { n } = await filteredUsers(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n) };
}

/** Admins who can still sign in: the count that must never reach zero. */
export const countActiveAdmins = async (db: DB): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Records `step` as the user's last accepted TOTP time step, only when it is newer than the last
 * one: of two requests racing with the same code, exactly one gets true.
 */
export async function claimTotpStep(db: DB, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ mfa_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
