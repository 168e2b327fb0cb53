// Table shapes for users, their credentials, sessions and API tokens.
import type { Generated, Selectable } from 'kysely';
import type { Role } from './roles.js';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  /** TOTP secret, AES-256-GCM encrypted with the instance's secret key. */
  mfa_secret_enc: string | null;
  mfa_enabled_at: string | null;
  /** The last accepted TOTP time step; a code for this step or an earlier one is refused (replay). */
  mfa_last_step: number | null;
  failed_logins: Generated<number>;
  locked_until: string | null;
  last_login_at: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value; the cookie itself is never stored. */
  id: string;
  user_id: string;
  mfa_passed: Generated<number>;
  pending_mfa_secret_enc: string | null;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export interface AuthTables {
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
}
