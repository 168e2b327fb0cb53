// The whole database type, assembled from each area's table interfaces.
import type { AuthTables } from '../auth/tables.js';
import type { AuditTables } from '../core/audit-repo.js';
import type { PeopleTables } from '../isms/people/repo.js';

export interface Database extends AuthTables, AuditTables, PeopleTables {}
