// Our own Zod schema of the OSCAL 1.1.x catalog subset we import. The objects we read (catalog,
// metadata, group, control, part, property) are strict: an unknown key is an error, as in OSCAL
// itself. Objects we pass over (params, links, back-matter, parties' details) are checked as objects.
import { z } from 'zod';

/** OSCAL's token (an XML NCName): a letter or underscore, then letters, digits, `.`, `-`, `_`. */
export const OscalToken = z.string().max(200).regex(/^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u, 'an OSCAL token: a letter or _, then letters, digits, ".", "-" or "_"');
/** OSCAL's string: non-empty, no whitespace at either end. */
const OscalString = z.string().max(10_000).regex(/^\S(.*\S)?$/u, 'non-empty, without spaces at either end');
const OscalUuid = z.string().regex(/^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/, 'a version 4 or 5 UUID');
const OscalUri = z.string().max(2000).regex(/^[a-zA-Z][a-zA-Z0-9+\-.]+:.+$/, 'an absolute URI such as https://example.com/ns');
const OscalDateTime = z
  .string()
  .max(64)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'a date and time with a time zone, e.g. 2026-01-31T12:00:00Z');
const Markup = z.string().max(200_000);
/** OSCAL arrays are never empty. */
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'an OSCAL array must not be empty').max(20_000);

/** Anything object-shaped: for the parts of OSCAL we accept but do not read. */
const AnyObject = z.record(z.string(), z.unknown());

export const OscalProp = z.strictObject({
  name: OscalToken,
  uuid: OscalUuid.optional(),
  ns: OscalUri.optional(),
  value: OscalString,
  class: OscalToken.optional(),
  group: OscalToken.optional(),
  remarks: Markup.optional(),
});
export type OscalProp = z.infer<typeof OscalProp>;

export const OscalParam = z.looseObject({ id: OscalToken, label: Markup.optional() });

export interface OscalPart {
  id?: string | undefined;
  name: string;
  ns?: string | undefined;
  class?: string | undefined;
  title?: string | undefined;
  props?: OscalProp[] | undefined;
  prose?: string | undefined;
  parts?: OscalPart[] | undefined;
  links?: Record<string, unknown>[] | undefined;
}

export const OscalPart: z.ZodType<OscalPart> = z.strictObject({
  id: OscalToken.optional(),
  name: OscalToken,
  ns: OscalUri.optional(),
  class: OscalToken.optional(),
  title: Markup.optional(),
  props: list(OscalProp).optional(),
  prose: Markup.optional(),
  get parts() {
    return list(OscalPart).optional();
  },
  links: list(AnyObject).optional(),
});

export interface OscalControl {
  id: string;
  class?: string | undefined;
  title: string;
  params?: z.infer<typeof OscalParam>[] | undefined;
  props?: OscalProp[] | undefined;
  links?: Record<string, unknown>[] | undefined;
  parts?: OscalPart[] | undefined;
  controls?: OscalControl[] | undefined;
}

export const OscalControl: z.ZodType<OscalControl> = z.strictObject({
  id: OscalToken,
  class: OscalToken.optional(),
  title: Markup,
  params: list(OscalParam).optional(),
  props: list(OscalProp).optional(),
  links: list(AnyObject).optional(),
  parts: list(OscalPart).optional(),
  get controls() {
    return list(OscalControl).optional();
  },
});

export interface OscalGroup {
  id?: string | undefined;
  class?: string | undefined;
  title: string;
  params?: z.infer<typeof OscalParam>[] | undefined;
  props?: OscalProp[] | undefined;
  links?: Record<string, unknown>[] | undefined;
  parts?: OscalPart[] | undefined;
  groups?: OscalGroup[] | undefined;
  controls?: OscalControl[] | undefined;
}

export const OscalGroup: z.ZodType<OscalGroup> = z.strictObject({
  id: OscalToken.optional(),
  class: OscalToken.optional(),
  title: Markup,
  params: list(OscalParam).optional(),
  props: list(OscalProp).optional(),
  links: list(AnyObject).optional(),
  parts: list(OscalPart).optional(),
  get groups() {
    return list(OscalGroup).optional();
  },
  get controls() {
    return list(OscalControl).optional();
  },
});

const OscalParty = z.looseObject({ uuid: OscalUuid, type: z.string(), name: z.string().max(1000).optional() });
const OscalResponsibleParty = z.looseObject({ 'role-id': OscalToken, 'party-uuids': list(OscalUuid) });

export const OscalMetadata = z.strictObject({
  title: Markup,
  published: OscalDateTime.optional(),
  'last-modified': OscalDateTime,
  version: OscalString,
  'oscal-version': OscalString.regex(/^1\.1\.\d+$/, 'Kilpi imports OSCAL 1.1.x catalogs (e.g. 1.1.2 or 1.1.3)'),
  revisions: list(AnyObject).optional(),
  'document-ids': list(AnyObject).optional(),
  props: list(OscalProp).optional(),
  links: list(AnyObject).optional(),
  roles: list(AnyObject).optional(),
  locations: list(AnyObject).optional(),
  parties: list(OscalParty).optional(),
  'responsible-parties': list(OscalResponsibleParty).optional(),
  actions: list(AnyObject).optional(),
  remarks: Markup.optional(),
});

export const OscalCatalog = z.strictObject({
  uuid: OscalUuid,
  metadata: OscalMetadata,
  params: list(OscalParam).optional(),
  controls: list(OscalControl).optional(),
  groups: list(OscalGroup).optional(),
  'back-matter': AnyObject.optional(),
});
export type OscalCatalog = z.infer<typeof OscalCatalog>;

/** A whole OSCAL catalog document: `{ "catalog": … }`, optionally with `$schema`. */
export const OscalCatalogDocument = z.strictObject({
  $schema: z.string().max(2000).optional(),
  catalog: OscalCatalog,
});
export type OscalCatalogDocument = z.infer<typeof OscalCatalogDocument>;

/**
 * The shallow shape the API route declares (and OpenAPI documents): a JSON object with a `catalog`.
 * The service checks nesting depth first and then the full subset above, so a hostile document
 * cannot drive the recursive schema into the stack limit.
 */
export const OscalImportBody = z
  .strictObject({
    $schema: z.string().max(2000).optional(),
    catalog: z.record(z.string(), z.unknown()).describe('An OSCAL 1.1.x catalog (metadata, groups, controls); see docs/isms/frameworks.md for the subset Kilpi reads'),
  })
  .describe('An OSCAL 1.1.x catalog document');
