// Queries for user accounts and recovery codes.
import type { Insertable, Updateable } from 'kysely';
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
