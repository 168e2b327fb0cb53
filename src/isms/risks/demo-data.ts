// The risk register of Esimerkki Payments Oy for the demo: about 40 risks of a Finnish payment
// service provider, spread over the heatmap, with their treatment stories. Written by us.
import type { TREATMENTS } from '../tables.js';

export type DemoOutcome = 'open' | 'treating' | 'accepted' | 'lapsed' | 'closed';

export interface DemoTask {
  title: string;
  owner: string;
  /** Days from today; negative is in the past. */
  due: number;
  status: 'open' | 'in_progress' | 'done';
}

export interface DemoRisk {
  title: string;
  owner: string;
  threat: string;
  vulnerability: string;
  l: number;
  i: number;
  treatment: (typeof TREATMENTS)[number] | null;
  /** Residual likelihood × impact after treatment; null while not assessed. */
  r: [number, number] | null;
  assets: string[];
  outcome: DemoOutcome;
  tasks?: DemoTask[];
  notes?: string;
}

export const DEMO_RISKS: DemoRisk[] = [
  {
    title: 'Card data exfiltrated from the tokenisation vault',
    owner: 'Juha Korhonen',
    threat: 'An external attacker who reaches the vault network segment.',
    vulnerability: 'Vault administrators can export detokenised data in bulk.',
    l: 3, i: 5, treatment: 'modify', r: [1, 5], assets: ['AST-002', 'AST-007', 'AST-015'], outcome: 'treating',
    notes: 'Remove bulk export, require dual control for detokenisation, alert on unusual volumes.',
    tasks: [
      { title: 'Remove the bulk export role from vault administrators', owner: 'Tuomas Rantanen', due: -20, status: 'done' },
      { title: 'Dual control for detokenisation requests above 100 cards', owner: 'Aleksi Saarinen', due: 12, status: 'in_progress' },
      { title: 'Volume alert on detokenisation in the SIEM', owner: 'Johanna Karjalainen', due: 30, status: 'open' },
    ],
  },
  {
    title: 'Ransomware encrypts the core payments database',
    owner: 'Jussi Heinonen',
    threat: 'Criminal groups deploying ransomware through a compromised admin workstation.',
    vulnerability: 'Database hosts reachable from the office network over SSH.',
    l: 3, i: 5, treatment: 'modify', r: [2, 4], assets: ['AST-003', 'AST-011'], outcome: 'accepted',
    notes: 'Immutable backups, admin access only through the bastion, restore drills every quarter.',
  },
  {
    title: 'Payment gateway API unavailable under a DDoS attack',
    owner: 'Lauri Salonen',
    threat: 'Volumetric and application-layer denial of service from botnets.',
    vulnerability: 'Single public ingress without upstream scrubbing.',
    l: 4, i: 4, treatment: 'share', r: [2, 3], assets: ['AST-001'], outcome: 'accepted',
    notes: 'Scrubbing service contracted; rate limits per merchant.',
  },
  {
    title: 'Credential stuffing against the merchant portal',
    owner: 'Ville Lehtonen',
    threat: 'Automated login attempts with passwords leaked elsewhere.',
    vulnerability: 'Portal accounts without multi-factor authentication.',
    l: 4, i: 3, treatment: 'modify', r: [2, 2], assets: ['AST-004', 'AST-013'], outcome: 'treating',
    tasks: [
      { title: 'Enforce MFA for all merchant portal users', owner: 'Noora Niemi', due: 21, status: 'in_progress' },
      { title: 'Breached-password check at sign-in', owner: 'Aleksi Saarinen', due: 45, status: 'open' },
    ],
  },
  {
    title: 'Insider misuse of production database access',
    owner: 'Matti Kinnunen',
    threat: 'A staff member with standing access queries cardholder or merchant data without need.',
    vulnerability: 'Standing read access for the whole platform team.',
    l: 2, i: 5, treatment: 'modify', r: [2, 3], assets: ['AST-003'], outcome: 'treating',
    tasks: [
      { title: 'Quarterly recertification of database access', owner: 'Matti Kinnunen', due: -12, status: 'in_progress' },
      { title: 'Just-in-time access with approval for production queries', owner: 'Lauri Salonen', due: 40, status: 'open' },
    ],
  },
  {
    title: 'Compromised CI/CD pipeline injects malicious code',
    owner: 'Mikko Nieminen',
    threat: 'An attacker who steals a pipeline token or poisons a build dependency.',
    vulnerability: 'Long-lived deploy tokens and unpinned build images.',
    l: 3, i: 5, treatment: 'modify', r: [2, 4], assets: ['AST-009', 'AST-008'], outcome: 'treating',
    tasks: [
      { title: 'Short-lived OIDC credentials for deployments', owner: 'Lauri Salonen', due: 8, status: 'in_progress' },
      { title: 'Pin and sign build images', owner: 'Olli Heikkilä', due: 35, status: 'open' },
    ],
  },
  {
    title: 'Source code repositories leaked',
    owner: 'Mikko Nieminen',
    threat: 'A stolen developer credential or a mistakenly public repository.',
    vulnerability: 'Secrets occasionally committed to repositories.',
    l: 2, i: 3, treatment: 'modify', r: [1, 3], assets: ['AST-008'], outcome: 'accepted',
  },
  {
    title: 'Backup restore fails when it is needed',
    owner: 'Jussi Heinonen',
    threat: 'A disaster or an attack that forces a restore from backup.',
    vulnerability: 'Restores have been tested for single tables only.',
    l: 3, i: 4, treatment: 'modify', r: [2, 4], assets: ['AST-011', 'AST-003'], outcome: 'treating',
    tasks: [{ title: 'Full restore drill of the payments database to an isolated environment', owner: 'Matti Kinnunen', due: 6, status: 'open' }],
  },
  {
    title: 'Settlement files tampered with in transit to the bank',
    owner: 'Katja Pitkänen',
    threat: 'Manipulation of payout files between the settlement engine and the bank.',
    vulnerability: 'Files signed, but the bank side does not verify every file.',
    l: 2, i: 5, treatment: 'modify', r: [1, 5], assets: ['AST-005'], outcome: 'lapsed',
  },
  {
    title: 'Encryption keys compromised in the HSM',
    owner: 'Tuomas Rantanen',
    threat: 'Extraction of key material through an HSM firmware flaw.',
    vulnerability: 'Firmware updates lag the vendor by months.',
    l: 1, i: 5, treatment: 'retain', r: [1, 5], assets: ['AST-015'], outcome: 'accepted',
  },
  {
    title: 'Phishing leads to an email account takeover',
    owner: 'Juha Korhonen',
    threat: 'Targeted phishing of finance and customer service staff.',
    vulnerability: 'SMS codes still allowed as a second factor.',
    l: 5, i: 3, treatment: 'modify', r: [3, 2], assets: ['AST-019', 'AST-013'], outcome: 'treating',
    tasks: [
      { title: 'Move all staff to phishing-resistant security keys', owner: 'Petri Mattila', due: 25, status: 'in_progress' },
      { title: 'Phishing exercise for customer service', owner: 'Johanna Karjalainen', due: -3, status: 'open' },
    ],
  },
  {
    title: 'Stolen laptop exposes customer data',
    owner: 'Petri Mattila',
    threat: 'Theft or loss of an employee laptop.',
    vulnerability: 'Disk encryption was not enforced on every laptop.',
    l: 3, i: 3, treatment: 'modify', r: [3, 1], assets: ['AST-012'], outcome: 'closed',
    notes: 'Disk encryption enforced by device management; compliance checked daily.',
  },
  {
    title: 'Vulnerable third-party library in the payment gateway',
    owner: 'Aleksi Saarinen',
    threat: 'Exploitation of a published vulnerability in an open-source dependency.',
    vulnerability: 'Dependency updates are batched twice a year.',
    l: 4, i: 4, treatment: 'modify', r: [2, 3], assets: ['AST-001', 'AST-008'], outcome: 'treating',
    tasks: [{ title: 'Automated dependency updates with weekly merge', owner: 'Emilia Salminen', due: 18, status: 'in_progress' }],
  },
  {
    title: 'Logging gaps hide an intrusion',
    owner: 'Johanna Karjalainen',
    threat: 'An intruder acting in systems whose logs do not reach central log management.',
    vulnerability: 'Several internal services log only locally.',
    l: 3, i: 4, treatment: 'modify', r: [2, 3], assets: ['AST-010'], outcome: 'treating',
    tasks: [{ title: 'Ship logs of every production service to central log management', owner: 'Lauri Salonen', due: 28, status: 'in_progress' }],
  },
  {
    title: 'Identity provider outage blocks every staff sign-in',
    owner: 'Jussi Heinonen',
    threat: 'An outage of the single sign-on service.',
    vulnerability: 'No break-glass accounts outside single sign-on.',
    l: 2, i: 4, treatment: 'share', r: [2, 3], assets: ['AST-013'], outcome: 'accepted',
  },
  {
    title: 'Kubernetes misconfiguration exposes an internal service',
    owner: 'Lauri Salonen',
    threat: 'Internet scanning finds a service exposed by a wrong ingress rule.',
    vulnerability: 'Ingress changes are not checked by policy.',
    l: 3, i: 4, treatment: 'modify', r: [2, 2], assets: ['AST-014'], outcome: 'treating',
    tasks: [{ title: 'Admission policy that denies public ingress without approval', owner: 'Lauri Salonen', due: 15, status: 'open' }],
  },
  {
    title: 'Real cardholder data in the staging environment',
    owner: 'Emilia Salminen',
    threat: 'Anyone with staging access reads real card data.',
    vulnerability: 'Production snapshots were copied to staging for testing.',
    l: 3, i: 5, treatment: 'avoid', r: null, assets: ['AST-017', 'AST-007'], outcome: 'closed',
    notes: 'Production copies to staging stopped; synthetic test data only.',
  },
  {
    title: 'Secrets leak from developer environments',
    owner: 'Noora Niemi',
    threat: 'Malware on a developer machine harvests cloud credentials.',
    vulnerability: 'Long-lived credentials stored in developer home directories.',
    l: 3, i: 3, treatment: null, r: null, assets: ['AST-018'], outcome: 'open',
  },
  {
    title: 'Cloud provider region-wide outage',
    owner: 'Satu Savolainen',
    threat: 'A prolonged outage of the cloud region that hosts production.',
    vulnerability: 'Production runs in one region.',
    l: 2, i: 5, treatment: 'share', r: [2, 4], assets: ['AST-014', 'AST-001'], outcome: 'accepted',
  },
  {
    title: 'Fraudulent merchants pass onboarding',
    owner: 'Minna Jokinen',
    threat: 'Criminals open merchant accounts to launder money or run fraud.',
    vulnerability: 'Manual checks under volume pressure.',
    l: 5, i: 4, treatment: 'modify', r: [4, 4], assets: ['AST-004', 'AST-006'], outcome: 'treating',
    tasks: [{ title: 'Automated company registry and sanctions checks at onboarding', owner: 'Pekka Aalto', due: 50, status: 'open' }],
  },
  {
    title: 'AML screening misses a sanctioned party',
    owner: 'Elina Heikkinen',
    threat: 'Payments to or from a sanctioned party.',
    vulnerability: 'Sanctions lists updated weekly instead of daily.',
    l: 2, i: 5, treatment: 'modify', r: [2, 4], assets: ['AST-006'], outcome: 'treating',
    tasks: [{ title: 'Daily sanctions list updates with alerting on failure', owner: 'Pekka Aalto', due: 10, status: 'in_progress' }],
  },
  {
    title: 'Personal data breach of merchant customer data',
    owner: 'Hanna Rautio',
    threat: 'Unauthorised access to merchants’ end-customer data.',
    vulnerability: 'Broad support access to customer records.',
    l: 3, i: 4, treatment: 'modify', r: [2, 3], assets: ['AST-006'], outcome: 'treating',
    tasks: [{ title: 'Role-based views for customer service', owner: 'Minna Jokinen', due: 33, status: 'open' }],
  },
  {
    title: 'HR records sent to the wrong recipient',
    owner: 'Sanna Mäkelä',
    threat: 'A misdirected email or shared link.',
    vulnerability: 'HR documents shared as email attachments.',
    l: 3, i: 3, treatment: 'modify', r: [2, 2], assets: ['AST-020', 'AST-019'], outcome: 'accepted',
  },
  {
    title: 'Intrusion into the office network through guest Wi-Fi',
    owner: 'Petri Mattila',
    threat: 'A visitor or passer-by attacking devices on the office network.',
    vulnerability: 'Guest network not fully separated from the office network.',
    l: 2, i: 3, treatment: 'modify', r: [1, 2], assets: ['AST-016'], outcome: 'accepted',
  },
  {
    title: 'Access not removed when people leave',
    owner: 'Jussi Heinonen',
    threat: 'A former employee or contractor uses access they should no longer have.',
    vulnerability: 'Leaver deprovisioning relies on a manual checklist.',
    l: 4, i: 4, treatment: 'modify', r: [2, 3], assets: ['AST-013'], outcome: 'treating',
    tasks: [
      { title: 'Automate leaver deprovisioning from the HR system to the identity provider', owner: 'Petri Mattila', due: -5, status: 'open' },
      { title: 'Monthly report of accounts without an active person', owner: 'Johanna Karjalainen', due: 20, status: 'open' },
    ],
  },
  {
    title: 'Critical vulnerability left unpatched beyond 30 days',
    owner: 'Lauri Salonen',
    threat: 'Exploitation of a known critical vulnerability in production.',
    vulnerability: 'No tracking of patch age across the cluster.',
    l: 4, i: 5, treatment: 'modify', r: [2, 4], assets: ['AST-014', 'AST-001'], outcome: 'treating',
    tasks: [{ title: 'Patch age dashboard with a 30-day limit for critical findings', owner: 'Tuomas Rantanen', due: 4, status: 'in_progress' }],
  },
  {
    title: 'Weak TLS configuration on the merchant API',
    owner: 'Tuomas Rantanen',
    threat: 'Downgrade or interception of merchant API traffic.',
    vulnerability: 'TLS 1.0 and CBC ciphers were still offered.',
    l: 3, i: 4, treatment: 'modify', r: [1, 3], assets: ['AST-001'], outcome: 'closed',
    notes: 'TLS 1.2+ with AEAD ciphers only, checked against the crypto policy.',
  },
  {
    title: 'Loss of key people in the payments platform team',
    owner: 'Mikko Nieminen',
    threat: 'Key engineers leave at short notice.',
    vulnerability: 'Knowledge of the settlement engine held by two people.',
    l: 3, i: 3, treatment: 'retain', r: [2, 3], assets: [], outcome: 'accepted',
  },
  {
    title: 'Ledger reconciliation errors go unnoticed',
    owner: 'Tiina Kallio',
    threat: 'Differences between the payments ledger and bank statements.',
    vulnerability: 'Reconciliation exceptions reviewed weekly.',
    l: 3, i: 4, treatment: 'modify', r: [2, 3], assets: ['AST-005', 'AST-003'], outcome: 'treating',
    tasks: [{ title: 'Daily automated ledger reconciliation with exception alerts', owner: 'Marko Laaksonen', due: 22, status: 'in_progress' }],
  },
  {
    title: 'Spike in card-not-present fraud',
    owner: 'Katja Pitkänen',
    threat: 'Fraud rings testing stolen cards through merchants.',
    vulnerability: 'Fraud rules tuned for last year’s patterns.',
    l: 4, i: 4, treatment: 'share', r: [4, 4], assets: ['AST-001'], outcome: 'treating',
    tasks: [{ title: 'Review fraud rules with the scheme’s new guidance', owner: 'Jenni Anttila', due: 9, status: 'open' }],
  },
  {
    title: 'Major ICT incident reported late to the supervisor',
    owner: 'Elina Heikkinen',
    threat: 'Missing the DORA initial notification deadline.',
    vulnerability: 'Classification of major incidents not practised.',
    l: 2, i: 4, treatment: 'modify', r: [1, 4], assets: ['AST-010'], outcome: 'treating',
    tasks: [{ title: 'Tabletop exercise on incident classification and notification', owner: 'Juha Korhonen', due: 16, status: 'open' }],
  },
  {
    title: 'Central log storage fills up and drops events',
    owner: 'Lauri Salonen',
    threat: 'A burst of logs exhausts storage.',
    vulnerability: 'No alert on storage headroom.',
    l: 3, i: 2, treatment: 'modify', r: [1, 2], assets: ['AST-010'], outcome: 'accepted',
  },
  {
    title: 'Merchant API keys leaked by a merchant',
    owner: 'Riikka Hämäläinen',
    threat: 'A merchant publishes its API key in a public repository.',
    vulnerability: 'Keys are long-lived and not bound to addresses.',
    l: 4, i: 3, treatment: null, r: [3, 2], assets: ['AST-001', 'AST-004'], outcome: 'open',
  },
  {
    title: 'Change deployed without code review',
    owner: 'Ville Lehtonen',
    threat: 'A faulty or malicious change reaches production unreviewed.',
    vulnerability: 'Administrators can bypass branch protection.',
    l: 3, i: 4, treatment: 'modify', r: [1, 4], assets: ['AST-009'], outcome: 'treating',
    tasks: [{ title: 'Remove branch protection bypass from administrators', owner: 'Mikko Nieminen', due: 3, status: 'open' }],
  },
  {
    title: 'Malware on the settlement engine hosts',
    owner: 'Jussi Heinonen',
    threat: 'Malware introduced through an operator session.',
    vulnerability: 'Endpoint protection missing on two legacy hosts.',
    l: 2, i: 5, treatment: 'modify', r: [1, 5], assets: ['AST-005'], outcome: 'lapsed',
  },
  {
    title: 'Payment data written to application logs',
    owner: 'Aleksi Saarinen',
    threat: 'Card numbers or tokens end up in logs readable by many.',
    vulnerability: 'No log scrubbing in two services.',
    l: 4, i: 5, treatment: null, r: null, assets: ['AST-010', 'AST-007'], outcome: 'open',
  },
  {
    title: 'Only one database administrator knows the ledger cluster',
    owner: 'Matti Kinnunen',
    threat: 'Absence of the only administrator during an incident.',
    vulnerability: 'Runbooks incomplete for the ledger database cluster.',
    l: 3, i: 4, treatment: 'modify', r: [2, 4], assets: ['AST-003'], outcome: 'treating',
    tasks: [{ title: 'Write and rehearse runbooks with a second administrator', owner: 'Lauri Salonen', due: 27, status: 'open' }],
  },
  {
    title: 'Business email compromise impersonating the CEO',
    owner: 'Timo Laine',
    threat: 'A forged request to pay a fake invoice urgently.',
    vulnerability: 'Payment approvals possible by email alone.',
    l: 4, i: 4, treatment: 'modify', r: [2, 3], assets: ['AST-019'], outcome: 'treating',
    tasks: [{ title: 'Call-back verification for new payees and urgent payments', owner: 'Jari Vainio', due: 7, status: 'in_progress' }],
  },
  {
    title: 'Break-in to the office server room',
    owner: 'Sanna Mäkelä',
    threat: 'Physical intrusion into the office.',
    vulnerability: 'The server room shares a key with the storage room.',
    l: 1, i: 3, treatment: 'retain', r: [1, 3], assets: ['AST-016'], outcome: 'accepted',
  },
  {
    title: 'Ledger database corruption after a failover',
    owner: 'Matti Kinnunen',
    threat: 'A failover during heavy load leaves replicas inconsistent.',
    vulnerability: 'Failover has not been tested under production load.',
    l: 2, i: 5, treatment: 'modify', r: [2, 5], assets: ['AST-003'], outcome: 'open',
  },
];
