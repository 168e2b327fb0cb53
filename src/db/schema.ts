// The whole database type, assembled from each area's table interfaces.
import type { AuthTables } from '../auth/tables.js';
import type { AuditTables } from '../core/audit-repo.js';
import type { PeopleTables } from '../isms/people/repo.js';
import type { IsmsCoreTables } from '../isms/tables.js';
import type { FrameworksTables } from '../isms/frameworks/tables.js';
import type { AssetsTables } from '../isms/assets/tables.js';
import type { RisksTables } from '../isms/risks/tables.js';
import type { ControlsTables } from '../isms/controls/tables.js';
import type { SoaTables } from '../isms/soa/tables.js';
import type { PoliciesTables } from '../isms/policies/tables.js';
import type { ScopeTables } from '../isms/scope/tables.js';
import type { CryptoTables } from '../isms/crypto/tables.js';

export interface Database
  extends AuthTables,
    AuditTables,
    PeopleTables,
    IsmsCoreTables,
    FrameworksTables,
    AssetsTables,
    RisksTables,
    ControlsTables,
    SoaTables,
    PoliciesTables,
    ScopeTables,
    CryptoTables {}
