// Builders for assets in tests: valid by default, overridable field by field.
import type { TestApp } from '../../helpers/app.js';
import { createAsset, setAssetDependencies } from '../../../src/isms/assets/service.js';
import type { AssetOut, NewAssetInput } from '../../../src/isms/assets/schema.js';

let n = 0;

/** A valid new-asset body; each call gets a fresh name. */
export function buildAsset(overrides: Partial<NewAssetInput> = {}): NewAssetInput {
  n++;
  return {
    name: `Asset ${n} ${Math.random().toString(36).slice(2, 8)}`,
    kind: 'system',
    classification: 'internal',
    confidentiality: 2,
    integrity: 2,
    availability: 2,
    environment: 'production',
    ...overrides,
  };
}

/** Creates an asset through the service as the system actor. */
export const makeAsset = (t: TestApp, overrides: Partial<NewAssetInput> = {}): Promise<AssetOut> => createAsset(t.ctx(), buildAsset(overrides));

/** Makes `from` depend on `to` (and whatever else is listed), as the system actor. */
export const dependOn = (t: TestApp, from: AssetOut, ...to: AssetOut[]) => setAssetDependencies(t.ctx(), from.id, { depends_on: to.map((a) => a.ref) });

export const json = (body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Rows in `assets` and `asset_dependencies`, and asset audit events: a rejected request changes none. */
export async function counts(t: TestApp): Promise<{ assets: number; deps: number; events: number }> {
  const db = t.booted.services.db;
  const a = await db.selectFrom('assets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const d = await db.selectFrom('asset_dependencies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const e = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_type', '=', 'asset')
    .executeTakeFirstOrThrow();
  return { assets: Number(a.n), deps: Number(d.n), events: Number(e.n) };
}
