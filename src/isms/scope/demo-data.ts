// Esimerkki Payments Oy's scope, context, interested parties and objectives, written for the demo.
import type { NewContextIssue } from './context-schema.js';
import type { NewParty } from './parties-schema.js';
import type { Exclusion, ScopeInterface } from './schema.js';
import type { Direction } from './tables.js';

export const DEMO_SCOPE = {
  statement:
    'The information security management system of Esimerkki Payments Oy covers the development, operation and support of its payment services for merchants in Finland and the Nordic countries: the payment gateway and its merchant API, the merchant portal, settlement and reconciliation, and card tokenisation.\n\n' +
    'It includes the people, processes, information and technology used to provide these services, worked on from the Helsinki office and remotely, and run in production in two AWS regions. The scope was drawn up together with the parent group’s security unit; the group’s shared services meet this ISMS at the interfaces listed below.',
  org_units: ['Management', 'Engineering (payments platform, IT and platform)', 'Payments Operations', 'Security', 'Customer Service (merchant support and onboarding)', 'Compliance', 'Finance (settlement and treasury)'],
  locations: ['Helsinki office (head office)', 'AWS eu-north-1, Stockholm (primary production)', 'AWS eu-central-1, Frankfurt (recovery)', 'Remote work in Finland on company laptops'],
  services: ['Payment gateway and merchant API', 'Merchant portal', 'Settlement and reconciliation', 'Card tokenisation'],
  systems: [
    'Payment gateway API',
    'Card tokenisation vault',
    'Core payments database',
    'Merchant portal',
    'Settlement engine',
    'Production Kubernetes cluster',
    'Key management and HSM',
    'Identity provider (SSO)',
    'Source code repositories and CI/CD pipeline',
    'Central log management',
    'Backup storage',
    'Employee laptops',
  ],
  exclusions: [
    {
      item: 'Physical security of the cloud provider’s data centres',
      justification:
        'AWS runs and protects its data centres. Under the shared responsibility model our part begins at the cloud accounts, which are in scope; we rely on the provider’s ISO/IEC 27001 certificate and PCI DSS attestation, reviewed every year in supplier management.',
    },
    {
      item: 'The parent group’s shared HR and finance systems',
      justification:
        'The group runs them under its own certified ISMS. What we exchange with them (payroll data and group reporting) is an interface listed below and protected on our side.',
    },
    {
      item: 'Marketing website and CRM',
      justification:
        'They hold no payment or cardholder data and run in a separate environment with no access to production. Their contact data is covered by the group’s privacy programme.',
    },
  ] satisfies Exclusion[],
  interfaces: [
    { party: 'Amazon Web Services', kind: 'dependency', description: 'Hosting, managed databases and key management for every production environment in eu-north-1 and eu-central-1.' },
    { party: 'Card schemes (Visa, Mastercard)', kind: 'interface', description: 'Authorisation and clearing messages; scheme rules and yearly PCI DSS compliance reporting.' },
    { party: 'Acquiring bank', kind: 'interface', description: 'Settlement files and funds transfers every banking day over an encrypted, mutually authenticated file transfer.' },
    { party: 'Merchants', kind: 'interface', description: 'The payment gateway API and the merchant portal over TLS only; API credentials, interface change notices and incident reports.' },
    { party: 'Parent group security unit', kind: 'dependency', description: 'Group security policies, the security operations centre and shared threat intelligence.' },
  ] satisfies ScopeInterface[],
};

export const DEMO_ISSUES: Omit<NewContextIssue, 'risk_ids'>[] = [
  {
    title: 'DORA applies from 17 January 2025',
    kind: 'external',
    category: 'regulatory',
    description:
      'The Digital Operational Resilience Act (Regulation (EU) 2022/2554) and its technical standards apply to us as a payment institution from 17 January 2025.',
    effect:
      'ICT risk management, incident classification and reporting to the FIN-FSA within tight deadlines, resilience testing and a register of ICT third-party arrangements are now supervised obligations. The ISMS has to produce the evidence for each.',
  },
  {
    title: 'PSD2 today, PSD3 and the Payment Services Regulation ahead',
    kind: 'external',
    category: 'regulatory',
    description:
      'PSD2 and the EBA guidelines on ICT and security risk management require strong customer authentication and secure communication. PSD3 and the Payment Services Regulation are expected to tighten fraud prevention and liability.',
    effect: 'Authentication and fraud monitoring controls must keep up; changes to the payment APIs need early planning and notice to merchants.',
  },
  {
    title: 'Card schemes require PCI DSS v4.0.1',
    kind: 'external',
    category: 'contractual',
    description:
      'As a service provider that stores, processes and transmits cardholder data, we are validated against PCI DSS v4.0.1 every year. Its future-dated requirements became mandatory on 31 March 2025.',
    effect:
      'The cardholder data environment (tokenisation vault, gateway, core database) needs segmentation, targeted risk analyses and quarterly scans. PCI DSS requirements are mapped to controls in this ISMS.',
  },
  {
    title: 'Attacks on payment providers are growing',
    kind: 'external',
    category: 'threat',
    description:
      'Ransomware, credential phishing against staff, API abuse and card testing through merchants’ checkouts are rising. The National Cyber Security Centre Finland reports frequent campaigns against Finnish financial services.',
    effect: 'Phishing resistance, MFA everywhere, rate limits and anomaly detection on the gateway, and tested restores come first in the objectives.',
  },
  {
    title: 'Every service depends on one cloud provider',
    kind: 'external',
    category: 'technological',
    description: 'All production runs on AWS in two regions. An outage, a security failure or a change of terms at the provider would affect every service at once.',
    effect: 'Concentration risk and an exit strategy under DORA’s third-party rules; recovery tests across regions; yearly review of the provider’s attestations.',
  },
  {
    title: 'A small security team',
    kind: 'internal',
    category: 'organisational',
    description: 'Three people in Security serve about forty staff and a growing number of merchants. Key knowledge sits with a few people.',
    effect: 'Controls are automated where possible, security work is shared with engineering, and every critical task has a named deputy.',
  },
  {
    title: 'Nordic merchants ask for assurance before they sign',
    kind: 'external',
    category: 'market',
    description: 'Larger merchants in Sweden and Norway send security questionnaires, ask for our certificate and reserve the right to audit us.',
    effect: 'Customer assurance (certificate, Statement of Applicability, audit engagements) is part of every sale, so the scope must stay clear and current.',
  },
  {
    title: 'Several releases a week',
    kind: 'internal',
    category: 'technological',
    description: 'The gateway and the merchant portal are released several times a week through an automated pipeline.',
    effect: 'Change management, code review, dependency scanning and separate environments must work at that pace without becoming a bottleneck.',
  },
];

export const DEMO_PARTIES: NewParty[] = [
  {
    name: 'Finnish Financial Supervisory Authority (FIN-FSA)',
    category: 'regulator',
    description: 'Supervises us as a licensed payment institution.',
    requirements: [
      {
        requirement: 'Report major ICT-related incidents within DORA’s deadlines: initial notification within 4 hours of classification, intermediate within 72 hours, final within a month.',
        how_addressed: 'Incident management with regulatory clocks and DORA’s classification criteria.',
        through_isms: true,
      },
      { requirement: 'Keep the register of information on ICT third-party arrangements and submit it on request.', how_addressed: 'Supplier management keeps the register; exported every year.', through_isms: true },
      { requirement: 'Manage ICT and security risks and report on them to the board.', how_addressed: 'The risk register and controls of this ISMS; a yearly report to the board.', through_isms: true },
    ],
  },
  {
    name: 'Merchants',
    category: 'customer',
    description: 'Shops and service businesses that take card payments through our gateway and portal.',
    requirements: [
      { requirement: 'Available and secure payment services, used only over encrypted connections.', how_addressed: 'TLS-only APIs, availability monitoring, capacity and recovery controls.', through_isms: true },
      { requirement: 'Notice of interface changes well before the date announced.', how_addressed: 'Change management with deprecation notices followed up against real API use.', through_isms: true },
      { requirement: 'The right to audit the security of the services at their own cost.', how_addressed: 'Audit engagements run by Security; hours billed as agreed.', through_isms: true },
      { requirement: 'Prompt notice of incidents that affect them.', how_addressed: 'Incident response includes merchant notification.', through_isms: true },
    ],
  },
  {
    name: 'Card schemes (Visa, Mastercard)',
    category: 'card_scheme',
    description: 'Set the rules for accepting and processing card payments.',
    requirements: [
      { requirement: 'Validate PCI DSS compliance as a service provider every year.', how_addressed: 'Assessment by a qualified security assessor; the attestation goes to the schemes and the acquirer.', through_isms: true },
      { requirement: 'Report a suspected compromise of account data immediately.', how_addressed: 'The incident response plan names the scheme contacts.', through_isms: true },
    ],
  },
  {
    name: 'Acquiring bank',
    category: 'partner',
    description: 'Settles card payments to merchants’ accounts with us.',
    requirements: [
      { requirement: 'Settlement files on time and intact, over the agreed secure channel.', how_addressed: 'Monitored file transfer with integrity checks and alerts.', through_isms: true },
      { requirement: 'The right to review our security controls under the partnership agreement.', how_addressed: 'Yearly review meeting with evidence from this ISMS.', through_isms: true },
    ],
  },
  {
    name: 'Staff',
    category: 'staff',
    description: 'About forty employees, in the office and remote.',
    requirements: [
      { requirement: 'Clear security rules and training for their own duties.', how_addressed: 'Policies, acceptable use rules and yearly security training.', through_isms: true },
      {
        requirement: 'Privacy of their own personal data, including limits on monitoring.',
        how_addressed: 'HR and the group privacy programme, within the Act on the Protection of Privacy in Working Life.',
        through_isms: false,
      },
    ],
  },
  {
    name: 'Cardholders and merchant contacts',
    category: 'data_subject',
    description: 'People whose personal data passes through or is kept in our services.',
    requirements: [
      { requirement: 'Personal data processed securely (GDPR Article 32).', how_addressed: 'Encryption, tokenisation, access control and logging under this ISMS.', through_isms: true },
      { requirement: 'Notice of a personal data breach that is likely to put them at high risk.', how_addressed: 'Breach handling with the 72-hour clock to the Data Protection Ombudsman.', through_isms: true },
      { requirement: 'Their rights of access, rectification and erasure.', how_addressed: 'The privacy team and customer service handle requests.', through_isms: false },
    ],
  },
  {
    name: 'Parent group',
    category: 'owner',
    description: 'Owns the company and runs the group security unit.',
    requirements: [
      { requirement: 'Follow group security policies and report the security posture every quarter.', how_addressed: 'Quarterly report from this ISMS to the group security unit.', through_isms: true },
      { requirement: 'Profitable growth within the agreed risk appetite.', how_addressed: 'Managed by the board and finance.', through_isms: false },
    ],
  },
  {
    name: 'Certification auditors and the PCI QSA',
    category: 'auditor',
    description: 'Audit the ISMS against ISO/IEC 27001 and the card data environment against PCI DSS.',
    requirements: [
      { requirement: 'Access to records, evidence and people during the audit.', how_addressed: 'Auditor accounts with read access; evidence exported from Kilpi.', through_isms: true },
      { requirement: 'Evidence that has not been altered after the fact.', how_addressed: 'Every change is recorded in the verified audit ledger.', through_isms: true },
    ],
  },
];

export interface DemoObjective {
  title: string;
  description: string;
  metric: string;
  unit: string;
  target: number;
  direction: Direction;
  /** The owner's name in the demo directory. */
  owner: string;
  /** Days from today to the due date (negative: already due). */
  dueInDays: number;
  /** Monthly measurements, oldest first; the last one taken a few days ago. */
  values: number[];
  notes?: string[];
}

export const DEMO_OBJECTIVES: DemoObjective[] = [
  {
    title: 'Every employee completes the yearly security training',
    description: 'The seed promises that all staff are trained in security for their own duties. Reminders go out monthly; managers follow up with their teams.',
    metric: 'Share of active staff who have completed this year’s security training (learning platform report)',
    unit: '%',
    target: 100,
    direction: 'higher',
    owner: 'Juha Korhonen',
    dueInDays: 21,
    values: [58, 67, 76, 84, 90, 94],
  },
  {
    title: 'Critical vulnerabilities fixed within 30 days',
    description: 'Critical findings from dependency scanning, container scanning and penetration tests are fixed or mitigated within 30 days.',
    metric: 'Share of critical vulnerabilities closed within 30 days of discovery, rolling 90 days',
    unit: '%',
    target: 95,
    direction: 'higher',
    owner: 'Tuomas Rantanen',
    dueInDays: 160,
    values: [86, 90, 92, 95, 97, 98],
  },
  {
    title: 'Access reviews completed on time',
    description: 'Every production system’s access rights are reviewed by its owner each half-year, and unneeded access is removed.',
    metric: 'Share of systems whose access review was completed by its due date',
    unit: '%',
    target: 100,
    direction: 'higher',
    owner: 'Jussi Heinonen',
    dueInDays: -12,
    values: [40, 60, 80, 92],
  },
  {
    title: 'Backups proven by quarterly restore tests',
    description: 'Each core database is restored from backup into the recovery region once a quarter and checked against production figures.',
    metric: 'Successful restore tests this quarter (core payments, tokenisation vault, settlement)',
    unit: 'tests',
    target: 3,
    direction: 'higher',
    owner: 'Matti Kinnunen',
    dueInDays: 64,
    values: [1, 2],
    notes: ['Core payments database restored in eu-central-1', 'Tokenisation vault restored; figures matched'],
  },
  {
    title: 'Phishing click rate at 5% or lower',
    description: 'Monthly phishing simulations with short training for everyone who clicks.',
    metric: 'Share of recipients who clicked the link in the month’s phishing simulation',
    unit: '%',
    target: 5,
    direction: 'lower',
    owner: 'Johanna Karjalainen',
    dueInDays: 125,
    values: [14, 11.5, 9.8, 8.1, 6.9, 6.2],
  },
  {
    title: 'Multi-factor authentication for every account',
    description: 'Every staff account and every administrative access path requires phishing-resistant MFA.',
    metric: 'Share of active accounts in the identity provider with MFA enforced',
    unit: '%',
    target: 100,
    direction: 'higher',
    owner: 'Jussi Heinonen',
    dueInDays: 40,
    values: [88, 93, 97, 100, 100],
  },
];
