// Scope API under /api/v1 (being built).
import type { ApiRouter } from '../../http/api-router.js';

export function registerScopeApi(_api: ApiRouter): void {}
