// Controls API under /api/v1 (being built).
import type { ApiRouter } from '../../http/api-router.js';

export function registerControlsApi(_api: ApiRouter): void {}
