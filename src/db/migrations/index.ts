// Every migration, in order. Names carry a date prefix; an area adds its own here.
import type { Migration } from 'kysely';
import * as foundation from './2026-11-25-0001-foundation.js';
import * as authMfaLastStep from './2026-11-26-0001-auth-mfa-last-step.js';
import * as peopleSearch from './2026-11-26-0001-people-search.js';
import * as ledgerAudit from './2026-11-27-0001-ledger-audit.js';
import * as ismsCore from './2026-11-28-0001-isms-core.js';
import * as frameworksArea from './2026-11-28-0010-frameworks.js';
import * as assetsArea from './2026-11-28-0020-assets.js';
import * as risksArea from './2026-11-28-0030-risks.js';
import * as controlsArea from './2026-11-28-0040-controls.js';
import * as soaArea from './2026-11-28-0050-soa.js';
import * as policiesArea from './2026-11-28-0060-policies.js';
import * as scopeArea from './2026-11-28-0070-scope.js';
import * as cryptoArea from './2026-11-28-0080-crypto.js';

export const migrations: Record<string, Migration> = {
  '2026-11-25-0001-foundation': foundation,
  '2026-11-26-0001-auth-mfa-last-step': authMfaLastStep,
  '2026-11-26-0001-people-search': peopleSearch,
  '2026-11-27-0001-ledger-audit': ledgerAudit,
  '2026-11-28-0001-isms-core': ismsCore,
  '2026-11-28-0010-frameworks': frameworksArea,
  '2026-11-28-0020-assets': assetsArea,
  '2026-11-28-0030-risks': risksArea,
  '2026-11-28-0040-controls': controlsArea,
  '2026-11-28-0050-soa': soaArea,
  '2026-11-28-0060-policies': policiesArea,
  '2026-11-28-0070-scope': scopeArea,
  '2026-11-28-0080-crypto': cryptoArea,
};
