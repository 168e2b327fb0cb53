// Assets demo data for Esimerkki Payments Oy: about 60 assets with owners and a dependency graph
// (information → the systems and stores that hold it → the platform beneath). Idempotent: assets
// are matched by reference, so a second run changes nothing. AST-001 … AST-020 are the references
// other areas' demo data links to; their names must not change.
import type { Ctx } from '../../core/context.js';
import { demoEmail } from '../../demo/seed.js';
import { personByEmail } from '../people/service.js';
import type { AssetRow } from '../tables.js';
import { assetSummariesByRefs, createAsset, listAssets } from './service.js';

type Kind = AssetRow['kind'];
type Class = AssetRow['classification'];
type Env = AssetRow['environment'];

interface DemoAsset {
  ref: string;
  name: string;
  kind: Kind;
  classification: Class;
  /** Confidentiality, integrity, availability. */
  cia: [number, number, number];
  environment: Env;
  owner: string | null;
  description: string;
  dependsOn?: string[];
  status?: AssetRow['status'];
}

const P: Env = 'production';

export const DEMO_ASSETS: DemoAsset[] = [
  { ref: 'AST-001', name: 'Payment gateway API', kind: 'service', classification: 'confidential', cia: [3, 4, 4], environment: P, owner: 'Ville Lehtonen', description: 'The REST API merchants call to authorise, capture and refund card payments.', dependsOn: ['AST-002', 'AST-003', 'AST-010', 'AST-014', 'AST-032', 'AST-033'] },
  { ref: 'AST-002', name: 'Card tokenisation vault', kind: 'system', classification: 'secret', cia: [4, 4, 4], environment: P, owner: 'Tuomas Rantanen', description: 'Swaps card numbers for tokens; the only system that ever sees a full card number after intake.', dependsOn: ['AST-014', 'AST-015', 'AST-029'] },
  { ref: 'AST-003', name: 'Core payments database', kind: 'data_store', classification: 'secret', cia: [4, 4, 4], environment: P, owner: 'Matti Kinnunen', description: 'PostgreSQL cluster holding payments, merchants, balances and the ledger of settlements.', dependsOn: ['AST-015', 'AST-021', 'AST-022'] },
  { ref: 'AST-004', name: 'Merchant portal', kind: 'service', classification: 'confidential', cia: [3, 3, 3], environment: P, owner: 'Ville Lehtonen', description: 'Web application where merchants see transactions, payouts and reports and manage API keys.', dependsOn: ['AST-001', 'AST-003', 'AST-014', 'AST-034'] },
  { ref: 'AST-005', name: 'Settlement engine', kind: 'system', classification: 'confidential', cia: [3, 4, 3], environment: P, owner: 'Katja Pitkänen', description: 'Nets the day’s captures, fees and refunds per merchant and produces payout instructions.', dependsOn: ['AST-003', 'AST-014', 'AST-035'] },
  { ref: 'AST-006', name: 'Merchant customer data', kind: 'information', classification: 'confidential', cia: [3, 4, 3], environment: null, owner: 'Riikka Hämäläinen', description: 'Merchants’ company details, contacts, contracts and bank accounts.', dependsOn: ['AST-003', 'AST-030'] },
  { ref: 'AST-007', name: 'Cardholder data', kind: 'information', classification: 'secret', cia: [4, 4, 3], environment: null, owner: 'Sanna Mäkelä', description: 'Card numbers, expiry dates and cardholder names in the PCI DSS scope.', dependsOn: ['AST-002', 'AST-029'] },
  { ref: 'AST-008', name: 'Source code repositories', kind: 'service', classification: 'confidential', cia: [3, 4, 3], environment: P, owner: 'Mikko Nieminen', description: 'Hosted Git repositories for every product and infrastructure definition.', dependsOn: ['AST-013'] },
  { ref: 'AST-009', name: 'CI/CD pipeline', kind: 'system', classification: 'confidential', cia: [3, 4, 3], environment: P, owner: 'Lauri Salonen', description: 'Builds, tests, signs and deploys every change to staging and production.', dependsOn: ['AST-008', 'AST-013', 'AST-023', 'AST-024'] },
  { ref: 'AST-010', name: 'Central log management', kind: 'system', classification: 'confidential', cia: [3, 4, 3], environment: P, owner: 'Tuomas Rantanen', description: 'Collects application, audit and infrastructure logs for detection and investigations.', dependsOn: ['AST-021', 'AST-026'] },
  { ref: 'AST-011', name: 'Backup storage', kind: 'data_store', classification: 'secret', cia: [4, 4, 3], environment: P, owner: 'Matti Kinnunen', description: 'Encrypted, immutable backups of the databases in a separate cloud account and region.', dependsOn: ['AST-015'] },
  { ref: 'AST-012', name: 'Employee laptops', kind: 'device', classification: 'confidential', cia: [3, 3, 2], environment: P, owner: 'Petri Mattila', description: 'About 45 managed laptops with disk encryption, EDR and automatic updates.', dependsOn: ['AST-013', 'AST-055'] },
  { ref: 'AST-013', name: 'Identity provider (SSO)', kind: 'service', classification: 'confidential', cia: [3, 4, 4], environment: P, owner: 'Jussi Heinonen', description: 'Single sign-on with phishing-resistant MFA for every internal application.', dependsOn: ['AST-053'] },
  { ref: 'AST-014', name: 'Production Kubernetes cluster', kind: 'system', classification: 'confidential', cia: [3, 4, 4], environment: P, owner: 'Lauri Salonen', description: 'Runs the payment services across three availability zones.', dependsOn: ['AST-021', 'AST-022', 'AST-023', 'AST-024'] },
  { ref: 'AST-015', name: 'Key management and HSM', kind: 'device', classification: 'secret', cia: [4, 4, 4], environment: P, owner: 'Tuomas Rantanen', description: 'FIPS 140-3 level 3 HSMs holding the card data and signing keys; dual control for key ceremonies.', dependsOn: ['AST-025'] },
  { ref: 'AST-016', name: 'Office network', kind: 'system', classification: 'internal', cia: [2, 3, 3], environment: P, owner: 'Petri Mattila', description: 'Wired and wireless network of the Helsinki office; no route to production.', dependsOn: ['AST-056'] },
  { ref: 'AST-017', name: 'Staging environment', kind: 'system', classification: 'internal', cia: [2, 3, 2], environment: 'test', owner: 'Lauri Salonen', description: 'A production-like environment with test card data only, for acceptance testing.', dependsOn: ['AST-021', 'AST-023'] },
  { ref: 'AST-018', name: 'Development environment', kind: 'system', classification: 'internal', cia: [2, 2, 2], environment: 'development', owner: 'Ville Lehtonen', description: 'Shared development namespaces and databases with synthetic data.', dependsOn: ['AST-008'] },
  { ref: 'AST-019', name: 'Email and collaboration suite', kind: 'service', classification: 'confidential', cia: [3, 3, 3], environment: P, owner: 'Jussi Heinonen', description: 'Email, calendars, chat and video meetings for all staff.', dependsOn: ['AST-013', 'AST-053'] },
  { ref: 'AST-020', name: 'HR records', kind: 'information', classification: 'confidential', cia: [4, 3, 2], environment: null, owner: 'Sanna Mäkelä', description: 'Employment contracts, salaries, absences and background checks.', dependsOn: ['AST-031'] },
  { ref: 'AST-021', name: 'Cloud platform account (production)', kind: 'service', classification: 'confidential', cia: [3, 4, 4], environment: P, owner: 'Jussi Heinonen', description: 'The production cloud organisation in the EU regions, with its IAM and billing.' },
  { ref: 'AST-022', name: 'Production network and firewalls', kind: 'system', classification: 'confidential', cia: [3, 4, 4], environment: P, owner: 'Lauri Salonen', description: 'Segmented VPCs, security groups and egress filtering around the cardholder data environment.', dependsOn: ['AST-021'] },
  { ref: 'AST-023', name: 'Container image registry', kind: 'system', classification: 'internal', cia: [2, 4, 3], environment: P, owner: 'Lauri Salonen', description: 'Holds signed container images that the clusters may run.', dependsOn: ['AST-021'] },
  { ref: 'AST-024', name: 'Secrets manager', kind: 'system', classification: 'secret', cia: [4, 4, 4], environment: P, owner: 'Tuomas Rantanen', description: 'Issues database credentials and API secrets to workloads at run time.', dependsOn: ['AST-015', 'AST-021'] },
  { ref: 'AST-025', name: 'Colocation rack, Espoo', kind: 'service', classification: 'internal', cia: [2, 3, 4], environment: P, owner: 'Jussi Heinonen', description: 'Caged rack with two-person access, housing the HSMs and the bank connectivity appliances.' },
  { ref: 'AST-026', name: 'Log archive', kind: 'data_store', classification: 'confidential', cia: [3, 4, 2], environment: P, owner: 'Tuomas Rantanen', description: 'Write-once storage keeping logs for the retention the law and PCI DSS require.', dependsOn: ['AST-021'] },
  { ref: 'AST-027', name: 'Customer support ticketing', kind: 'service', classification: 'confidential', cia: [3, 3, 3], environment: P, owner: 'Minna Jokinen', description: 'Merchant support requests and their history.', dependsOn: ['AST-013', 'AST-034'] },
  { ref: 'AST-028', name: 'Support case records', kind: 'information', classification: 'confidential', cia: [3, 3, 2], environment: null, owner: 'Riikka Hämäläinen', description: 'What merchants asked and what support did, including attachments they sent.', dependsOn: ['AST-027'] },
  { ref: 'AST-029', name: 'Token vault database', kind: 'data_store', classification: 'secret', cia: [4, 4, 4], environment: P, owner: 'Matti Kinnunen', description: 'The encrypted store behind the tokenisation vault, inside the cardholder data environment.', dependsOn: ['AST-015', 'AST-022'] },
  { ref: 'AST-030', name: 'CRM', kind: 'service', classification: 'confidential', cia: [3, 3, 2], environment: P, owner: 'Antti Koskinen', description: 'Sales pipeline, merchant accounts and contacts.', dependsOn: ['AST-013'] },
  { ref: 'AST-031', name: 'HR system', kind: 'service', classification: 'confidential', cia: [3, 3, 2], environment: P, owner: 'Sanna Mäkelä', description: 'The HR service where contracts, absences and payroll data are kept.', dependsOn: ['AST-013'] },
  { ref: 'AST-032', name: 'Fraud screening service', kind: 'service', classification: 'confidential', cia: [3, 4, 4], environment: P, owner: 'Katja Pitkänen', description: 'Scores every authorisation for fraud before it is sent to the card scheme.', dependsOn: ['AST-003', 'AST-014'] },
  { ref: 'AST-033', name: 'Card scheme connectivity', kind: 'service', classification: 'confidential', cia: [3, 4, 4], environment: P, owner: 'Ville Lehtonen', description: 'Dedicated links and message gateways to the card schemes.', dependsOn: ['AST-015', 'AST-022'] },
  { ref: 'AST-034', name: 'Transactional email service', kind: 'service', classification: 'internal', cia: [2, 3, 2], environment: P, owner: 'Jussi Heinonen', description: 'Sends receipts, payout notices and password resets.', dependsOn: ['AST-053'] },
  { ref: 'AST-035', name: 'Bank connectivity (SFTP and EBICS)', kind: 'service', classification: 'confidential', cia: [3, 4, 3], environment: P, owner: 'Marko Laaksonen', description: 'Exchanges payout and statement files with the settlement banks.', dependsOn: ['AST-015', 'AST-022'] },
  { ref: 'AST-036', name: 'Settlement files', kind: 'information', classification: 'confidential', cia: [3, 4, 3], environment: null, owner: 'Marko Laaksonen', description: 'Daily payout instructions and the banks’ statements that confirm them.', dependsOn: ['AST-005', 'AST-035'] },
  { ref: 'AST-037', name: 'Reconciliation reports', kind: 'information', classification: 'confidential', cia: [3, 4, 2], environment: null, owner: 'Tiina Kallio', description: 'Daily match of captured, settled and paid-out amounts.', dependsOn: ['AST-038'] },
  { ref: 'AST-038', name: 'Finance system (ERP)', kind: 'service', classification: 'confidential', cia: [3, 4, 2], environment: P, owner: 'Timo Laine', description: 'General ledger, invoicing and financial reporting.', dependsOn: ['AST-013'] },
  { ref: 'AST-039', name: 'Merchant API credentials', kind: 'information', classification: 'secret', cia: [4, 4, 3], environment: null, owner: 'Ville Lehtonen', description: 'API keys and webhook signing secrets issued to merchants, stored hashed or wrapped.', dependsOn: ['AST-003', 'AST-024'] },
  { ref: 'AST-040', name: 'Transaction records', kind: 'information', classification: 'confidential', cia: [3, 4, 3], environment: null, owner: 'Katja Pitkänen', description: 'Every authorisation, capture and refund, kept as long as bookkeeping law requires.', dependsOn: ['AST-003', 'AST-011'] },
  { ref: 'AST-041', name: 'Office access control system', kind: 'device', classification: 'internal', cia: [2, 3, 3], environment: P, owner: 'Petri Mattila', description: 'Badge readers and door controllers of the Helsinki office.', dependsOn: ['AST-016'] },
  { ref: 'AST-042', name: 'KYC and onboarding documents', kind: 'information', classification: 'confidential', cia: [4, 4, 2], environment: null, owner: 'Elina Heikkinen', description: 'Identity documents, beneficial owner data and risk assessments of merchants.', dependsOn: ['AST-043'] },
  { ref: 'AST-043', name: 'KYC document store', kind: 'data_store', classification: 'confidential', cia: [4, 4, 2], environment: P, owner: 'Hanna Rautio', description: 'Encrypted object storage for onboarding documents, with access logging.', dependsOn: ['AST-015', 'AST-021'] },
  { ref: 'AST-044', name: 'AML transaction monitoring', kind: 'system', classification: 'confidential', cia: [3, 4, 3], environment: P, owner: 'Pekka Aalto', description: 'Rules and scenarios that flag suspicious payment patterns for review.', dependsOn: ['AST-003', 'AST-014'] },
  { ref: 'AST-045', name: 'Regulatory reports', kind: 'information', classification: 'confidential', cia: [3, 4, 2], environment: null, owner: 'Elina Heikkinen', description: 'Reports to the FIN-FSA and the central bank, and suspicious transaction reports.', dependsOn: ['AST-038', 'AST-044'] },
  { ref: 'AST-046', name: 'Mobile merchant app', kind: 'system', classification: 'confidential', cia: [3, 4, 3], environment: P, owner: 'Henna Turunen', description: 'Point-of-sale app merchants use to take card payments on their phones.', dependsOn: ['AST-001', 'AST-047'] },
  { ref: 'AST-047', name: 'App store publishing accounts', kind: 'service', classification: 'confidential', cia: [3, 4, 2], environment: P, owner: 'Noora Niemi', description: 'Developer accounts that sign and publish the mobile app.', dependsOn: ['AST-013'] },
  { ref: 'AST-048', name: 'Monitoring and alerting', kind: 'system', classification: 'internal', cia: [2, 4, 4], environment: P, owner: 'Lauri Salonen', description: 'Metrics, uptime checks and on-call paging for production.', dependsOn: ['AST-021', 'AST-034'] },
  { ref: 'AST-049', name: 'Vulnerability scanner', kind: 'system', classification: 'internal', cia: [3, 3, 2], environment: P, owner: 'Tuomas Rantanen', description: 'Authenticated scans of hosts and images, and the quarterly external ASV scans.', dependsOn: ['AST-022'] },
  { ref: 'AST-050', name: 'Public website', kind: 'service', classification: 'public', cia: [1, 3, 2], environment: P, owner: 'Antti Koskinen', description: 'Marketing pages, pricing and the developer documentation.', dependsOn: ['AST-053'] },
  { ref: 'AST-051', name: 'Developer sandbox', kind: 'service', classification: 'internal', cia: [2, 3, 2], environment: 'test', owner: 'Niko Hakala', description: 'Where merchants’ developers try the API with test cards before going live.', dependsOn: ['AST-017'] },
  { ref: 'AST-052', name: 'Test card data set', kind: 'information', classification: 'internal', cia: [1, 3, 2], environment: null, owner: 'Olli Heikkilä', description: 'The card scheme test numbers and scenarios used in staging and the sandbox.', dependsOn: ['AST-017'] },
  { ref: 'AST-053', name: 'DNS and domain names', kind: 'service', classification: 'internal', cia: [1, 4, 4], environment: P, owner: 'Jussi Heinonen', description: 'The registrar accounts and DNS zones of esimerkki.example and the API domains.' },
  { ref: 'AST-054', name: 'TLS certificates and private keys', kind: 'information', classification: 'secret', cia: [4, 4, 3], environment: null, owner: 'Tuomas Rantanen', description: 'Certificates of the public endpoints and their private keys, issued through ACME.', dependsOn: ['AST-015', 'AST-024'] },
  { ref: 'AST-055', name: 'Device management (MDM)', kind: 'service', classification: 'internal', cia: [3, 4, 3], environment: P, owner: 'Petri Mattila', description: 'Enrols laptops and phones, enforces encryption and pushes updates.', dependsOn: ['AST-013'] },
  { ref: 'AST-056', name: 'Office internet connection', kind: 'service', classification: 'internal', cia: [1, 2, 3], environment: P, owner: 'Petri Mattila', description: 'Two fibre lines from different operators with a 4G fallback.' },
  { ref: 'AST-057', name: 'Shared drives', kind: 'data_store', classification: 'confidential', cia: [3, 3, 2], environment: P, owner: 'Jussi Heinonen', description: 'Team folders in the collaboration suite.', dependsOn: ['AST-019'] },
  { ref: 'AST-058', name: 'Board and management documents', kind: 'information', classification: 'secret', cia: [4, 3, 2], environment: null, owner: 'Laura Virtanen', description: 'Board minutes, strategy, budgets and M&A material.', dependsOn: ['AST-057'] },
  { ref: 'AST-059', name: 'Supplier contracts', kind: 'information', classification: 'confidential', cia: [3, 3, 2], environment: null, owner: 'Satu Savolainen', description: 'Contracts, DPAs and exit plans of ICT third-party providers (the DORA register’s sources).', dependsOn: ['AST-057'] },
  { ref: 'AST-060', name: 'Legacy reporting server', kind: 'system', classification: 'internal', cia: [3, 2, 1], environment: P, owner: null, description: 'Old reporting VM replaced by the finance system’s reports in 2026; kept until its data is deleted.', dependsOn: ['AST-003'], status: 'retired' },
];

/** Dependencies before dependents, so each asset can be created with its links in one event. */
function creationOrder(list: DemoAsset[]): DemoAsset[] {
  const byRef = new Map(list.map((a) => [a.ref, a]));
  const placed = new Set<string>();
  const out: DemoAsset[] = [];
  const visit = (a: DemoAsset, path: string[]) => {
    if (placed.has(a.ref)) return;
    if (path.includes(a.ref)) throw new Error(`demo assets form a cycle: ${[...path, a.ref].join(' → ')}`);
    for (const d of a.dependsOn ?? []) visit(byRef.get(d) ?? fail(`demo asset ${a.ref} depends on unknown ${d}`), [...path, a.ref]);
    placed.add(a.ref);
    out.push(a);
  };
  for (const a of list) visit(a, []);
  return out;
}

const fail = (message: string): never => {
  throw new Error(message);
};

/** Seeds the area idempotently; answers how many assets the inventory now holds, for the demo banner. */
export async function seedAssets(ctx: Ctx): Promise<Record<string, number>> {
  const existing = await assetSummariesByRefs(
    ctx,
    DEMO_ASSETS.map((a) => a.ref),
  );
  const owners = new Map<string, string | null>();
  for (const a of creationOrder(DEMO_ASSETS)) {
    if (existing.has(a.ref)) continue;
    if (a.owner && !owners.has(a.owner)) owners.set(a.owner, (await personByEmail(ctx, demoEmail(a.owner)))?.id ?? null);
    await createAsset(ctx, {
      ref: a.ref,
      name: a.name,
      kind: a.kind,
      description: a.description,
      owner_id: a.owner ? owners.get(a.owner)! : null,
      classification: a.classification,
      confidentiality: a.cia[0],
      integrity: a.cia[1],
      availability: a.cia[2],
      environment: a.environment,
      status: a.status ?? 'active',
      depends_on: a.dependsOn ?? [],
    });
  }
  const { total } = await listAssets(ctx, { sort: 'ref', dir: 'asc', limit: 1, offset: 0 });
  return { assets: total };
}
