// The official NIST OSCAL data the tests use (never copied into the repository): the 1.1.3 catalog
// JSON schema compiled with ajv, and the example documents. Absent data skips, or fails under CI=true.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { it } from 'vitest';

const root = resolve(process.cwd(), process.env.KILPI_CONFORMANCE_DIR ?? '../shared/testdata');
export const OSCAL_DIR = join(root, 'oscal');
export const SCHEMA_FILE = join(OSCAL_DIR, 'schema-1.1.3', 'oscal_catalog_schema.json');
export const EXAMPLES_DIR = join(OSCAL_DIR, 'examples');
export const oscalPresent = existsSync(SCHEMA_FILE) && existsSync(join(EXAMPLES_DIR, 'basic-catalog.json'));

/** Registers a visible skip (or, under CI=true, a failing test) when the conformance data is absent. */
export function reportMissingOscal(): void {
  if (oscalPresent) return;
  if (process.env.CI === 'true') {
    it('finds the OSCAL conformance data (KILPI_CONFORMANCE_DIR)', () => {
      throw new Error(`CI=true but the OSCAL conformance data is missing at ${OSCAL_DIR}; set KILPI_CONFORMANCE_DIR`);
    });
  } else {
    console.warn(`\n[kilpi] OSCAL conformance data not found at ${OSCAL_DIR}: OSCAL schema and example tests are SKIPPED. Set KILPI_CONFORMANCE_DIR.\n`);
    it.skip('OSCAL conformance (data directory absent)', () => undefined);
  }
}

let validator: ValidateFunction | undefined;

/** The official catalog schema (draft-07, Unicode property patterns) with formats checked. */
export function catalogValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // ajv-formats is CommonJS; its default export arrives wrapped under ESM.
    const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv) => void;
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
  }
  return validator;
}

/** Schema errors as readable lines, so a failing export lists every problem. */
export const schemaErrors = (v: ValidateFunction): string[] => (v.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

export const example = (name: string): unknown => JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8'));
