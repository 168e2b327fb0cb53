// Assets API under /api/v1 (being built).
import type { ApiRouter } from '../../http/api-router.js';

export function registerAssetsApi(_api: ApiRouter): void {}
