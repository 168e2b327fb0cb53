// People directory API (filled in by the people work).
import type { ApiRouter } from '../../http/api-router.js';

export function registerPeopleApi(_api: ApiRouter): void {}
