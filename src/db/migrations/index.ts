// Every migration, in order. Names carry a date prefix; an area adds its own here.
import type { Migration } from 'kysely';
import * as foundation from './2026-11-25-0001-foundation.js';
import * as authMfaLastStep from './2026-11-26-0001-auth-mfa-last-step.js';
import * as peopleSearch from './2026-11-26-0001-people-search.js';
import * as ledgerAudit from './2026-11-27-0001-ledger-audit.js';

export const migrations: Record<string, Migration> = {
  '2026-11-25-0001-foundation': foundation,
  '2026-11-26-0001-auth-mfa-last-step': authMfaLastStep,
  '2026-11-26-0001-people-search': peopleSearch,
  '2026-11-27-0001-ledger-audit': ledgerAudit,
};
