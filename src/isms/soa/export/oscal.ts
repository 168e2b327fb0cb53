// The SoA as an OSCAL 1.1.3 component definition. One "this-system" component, the ISMS, carries an
// implemented requirement per Annex A control with its applicability, justification (description),
// computed status and gaps (props), and links to the components that implement it: one component per
// control of ours, each listing the Annex A controls it implements. UUIDs are name-based (v5), so the
// same SoA always exports the same document.
import { v5 as uuidv5 } from 'uuid';
import { basisText } from '../labels.js';
import type { SoaRowOut } from '../schema.js';
import type { SoaDocument } from '../service.js';

export const OSCAL_VERSION = '1.1.3';
/** The namespace of Kilpi's own OSCAL properties. */
export const KILPI_NS = 'urn:kilpi:oscal:soa';
/** The catalogue the control ids refer to. */
export const ISO27001_SOURCE = 'https://www.iso.org/standard/27001';
// Fixed namespace for the name-based UUIDs; never change it, or exported documents change identity.
const UUID_NS = '696e38f0-488d-4d32-ab45-cb8d4292dc28';

const LEVEL_TYPE: Record<string, string> = { principle: 'policy', practice: 'process-procedure', instruction: 'guidance', technical: 'software' };
const OSCAL_STATUS: Record<SoaRowOut['status'], string> = {
  implemented: 'implemented',
  partially_implemented: 'partial',
  not_implemented: 'planned',
  not_applicable: 'not-applicable',
};

/** OSCAL strings (props, names) are non-empty, single-line and trimmed. */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim() || '-';
const prop = (name: string, value: string, extra: Record<string, string> = {}) => ({ name, ns: KILPI_NS, value: oneLine(value), ...extra });

/** An OSCAL timestamp: RFC 3339 with a zone, no milliseconds needed. */
const stamp = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function soaOscal(doc: SoaDocument): Record<string, unknown> {
  const v = doc.version;
  const identity = v ? `version:${v.number}:${v.content_hash}` : `working:${doc.generatedAt}`;
  const id = (name: string) => uuidv5(`${identity}:${name}`, UUID_NS);
  const ismsUuid = id('component:isms');

  // Our controls that implement any row, each once, in reference order.
  const controls = new Map<string, { ref: string; title: string; level: string; status: string; implements: string[] }>();
  for (const r of doc.rows) {
    for (const c of r.implemented_by) {
      const entry = controls.get(c.ref) ?? { ...c, implements: [] };
      entry.implements.push(r.control_id);
      controls.set(c.ref, entry);
    }
  }
  const controlUuid = (ref: string) => id(`component:control:${ref}`);

  const metadataProps = [
    prop('organisation', doc.organisation),
    prop('soa-version-status', v ? v.status : 'working'),
    ...(v ? [prop('content-hash', v.content_hash, { class: 'sha256' })] : []),
    ...(v?.approval ? [prop('approval-date', v.approval.approved_on), prop('gaps-acknowledged', v.approval.gaps_acknowledged ? 'true' : 'false')] : []),
    prop('rows-with-gaps', String(doc.summary.with_gaps)),
  ];
  const orgUuid = id('party:organisation');
  const approverUuid = id('party:approver');
  const parties: Record<string, unknown>[] = [{ uuid: orgUuid, type: 'organization', name: oneLine(doc.organisation) }];
  if (v?.approval) {
    parties.push({
      uuid: approverUuid,
      type: 'person',
      name: oneLine(v.approval.name),
      ...(v.approval.title ? { props: [prop('job-title', v.approval.title)] } : {}),
      'member-of-organizations': [orgUuid],
    });
  }

  const ismsRequirements = doc.rows.map((r) => ({
    uuid: id(`isms:${r.control_id}`),
    'control-id': r.control_id,
    description: r.justification ?? 'No justification recorded.',
    props: [
      prop('applicable', r.applicable ? 'yes' : 'no'),
      prop('implementation-status', OSCAL_STATUS[r.status], { remarks: `Kilpi status: ${r.status}` }),
      ...r.gaps.map((g) => prop('gap', g)),
    ],
    ...(r.implemented_by.length
      ? { links: r.implemented_by.map((c) => ({ href: `#${controlUuid(c.ref)}`, rel: 'implemented-by', text: oneLine(`${c.ref} ${c.title}`) })) }
      : {}),
    remarks: basisText(r),
  }));

  const components: Record<string, unknown>[] = [
    {
      uuid: ismsUuid,
      type: 'this-system',
      title: oneLine(`Information security management system of ${doc.organisation}`),
      description: `The Statement of Applicability of ${doc.organisation}: each Annex A control of ISO/IEC 27001:2022, whether it applies, why, and which of the organisation's controls implement it.`,
      props: [prop('title-of-record', 'Statement of Applicability')],
      ...(ismsRequirements.length
        ? {
            'control-implementations': [
              {
                uuid: id('isms:control-implementation'),
                source: ISO27001_SOURCE,
                description: doc.framework ? `Annex A of ${doc.framework.name} (catalogue version ${doc.framework.version}).` : 'Annex A of ISO/IEC 27001:2022.',
                'implemented-requirements': ismsRequirements,
              },
            ],
          }
        : {}),
    },
    ...[...controls.values()]
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .map((c) => ({
        uuid: controlUuid(c.ref),
        type: LEVEL_TYPE[c.level] ?? 'process-procedure',
        title: oneLine(`${c.ref} ${c.title}`),
        description: `Control ${c.ref} of ${doc.organisation} (${c.level} level).`,
        props: [prop('control-ref', c.ref), prop('control-level', c.level), prop('control-status', c.status)],
        'control-implementations': [
          {
            uuid: id(`control:${c.ref}:control-implementation`),
            source: ISO27001_SOURCE,
            description: `The Annex A controls ${c.ref} implements.`,
            'implemented-requirements': c.implements.map((controlId) => ({
              uuid: id(`control:${c.ref}:${controlId}`),
              'control-id': controlId,
              description: `${c.ref} implements ${controlId} for ${doc.organisation}.`,
            })),
          },
        ],
      })),
  ];

  const lastModified = v ? (v.approval?.approved_at ?? v.prepared_at) : doc.generatedAt;
  return {
    'component-definition': {
      uuid: id('document'),
      metadata: {
        title: oneLine(`Statement of Applicability: ${doc.organisation}`),
        ...(v?.approval ? { published: stamp(v.approval.approved_at) } : {}),
        'last-modified': stamp(lastModified),
        version: v ? String(v.number) : `working-${doc.generatedAt.slice(0, 10)}`,
        'oscal-version': OSCAL_VERSION,
        props: metadataProps,
        roles: [
          { id: 'approver', title: 'Approver of the Statement of Applicability' },
          { id: 'maintainer', title: 'Organisation that maintains the Statement of Applicability' },
        ],
        parties,
        'responsible-parties': [
          { 'role-id': 'maintainer', 'party-uuids': [orgUuid] },
          ...(v?.approval ? [{ 'role-id': 'approver', 'party-uuids': [approverUuid] }] : []),
        ],
      },
      components,
    },
  };
}
