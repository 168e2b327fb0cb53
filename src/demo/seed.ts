// The demo organisation, Esimerkki Payments Oy: a Finnish payment service provider with about 40
// people, managers, and one sign-in per role. Idempotent: people and users are matched by email.
import { createUser } from '../auth/users-service.js';
import { findUserByEmail } from '../auth/users-repo.js';
import type { Role } from '../auth/roles.js';
import { systemActor, type Ctx } from '../core/context.js';
import { createPerson, peopleSummary, personByEmail } from '../isms/people/service.js';
import { todayIn } from '../isms/people/rules.js';
import { seedFrameworks } from '../isms/frameworks/demo.js';
import { seedCrypto } from '../isms/crypto/demo.js';
import { seedScope } from '../isms/scope/demo.js';
import { seedAssets } from '../isms/assets/demo.js';
import { seedRisks } from '../isms/risks/demo.js';
import { seedControls } from '../isms/controls/demo.js';
import { seedSoa } from '../isms/soa/demo.js';
import { seedPolicies } from '../isms/policies/demo.js';

export interface DemoUser {
  role: string;
  email: string;
  password: string;
  totpSecret: string | null;
}

export interface DemoResult {
  organisation: string;
  people: number;
  /** What each ISMS area holds after seeding, e.g. `{ assets: 60, risks: 40 }`. */
  isms: Record<string, number>;
  users: DemoUser[];
}

export const DEMO_ORGANISATION = 'Esimerkki Payments Oy';
const DOMAIN = 'esimerkki.example';

/** Where someone is in their employment; dates relative to today keep the demo current. */
type Tenure = { leavingInDays: number } | { leftDaysAgo: number } | null;

interface DemoPerson {
  name: string;
  title: string;
  department: string;
  /** The manager's name; managers are listed before their reports. */
  manager: string | null;
  start: string;
  tenure?: Tenure;
}

const PEOPLE: DemoPerson[] = [
  { name: 'Laura Virtanen', title: 'Chief Executive Officer', department: 'Management', manager: null, start: '2016-03-01' },
  { name: 'Päivi Järvinen', title: 'Executive Assistant', department: 'Management', manager: 'Laura Virtanen', start: '2018-09-03' },
  { name: 'Mikko Nieminen', title: 'Chief Technology Officer', department: 'Engineering', manager: 'Laura Virtanen', start: '2016-05-16' },
  { name: 'Sanna Mäkelä', title: 'Chief Operating Officer', department: 'Operations', manager: 'Laura Virtanen', start: '2017-01-09' },
  { name: 'Juha Korhonen', title: 'Chief Information Security Officer', department: 'Security', manager: 'Laura Virtanen', start: '2018-02-01' },
  { name: 'Riikka Hämäläinen', title: 'Head of Customer Service', department: 'Customer Service', manager: 'Laura Virtanen', start: '2019-04-01' },
  { name: 'Timo Laine', title: 'Chief Financial Officer', department: 'Finance', manager: 'Laura Virtanen', start: '2017-06-12' },
  { name: 'Elina Heikkinen', title: 'Head of Compliance and MLRO', department: 'Compliance', manager: 'Laura Virtanen', start: '2018-10-15' },
  { name: 'Antti Koskinen', title: 'Head of Sales', department: 'Sales', manager: 'Laura Virtanen', start: '2019-08-19' },
  // Engineering
  { name: 'Ville Lehtonen', title: 'Engineering Manager, Payments Platform', department: 'Engineering', manager: 'Mikko Nieminen', start: '2018-03-05' },
  { name: 'Jussi Heinonen', title: 'Head of IT and Platform', department: 'Engineering', manager: 'Mikko Nieminen', start: '2017-11-20' },
  { name: 'Aleksi Saarinen', title: 'Senior Backend Engineer', department: 'Engineering', manager: 'Ville Lehtonen', start: '2019-01-14' },
  { name: 'Emilia Salminen', title: 'Backend Engineer', department: 'Engineering', manager: 'Ville Lehtonen', start: '2021-08-02' },
  { name: 'Noora Niemi', title: 'Frontend Engineer', department: 'Engineering', manager: 'Ville Lehtonen', start: '2022-02-01' },
  { name: 'Olli Heikkilä', title: 'Quality Assurance Engineer', department: 'Engineering', manager: 'Ville Lehtonen', start: '2020-05-11' },
  { name: 'Henna Turunen', title: 'Mobile Engineer', department: 'Engineering', manager: 'Ville Lehtonen', start: '2021-03-15', tenure: { leavingInDays: 24 } },
  { name: 'Matti Kinnunen', title: 'Database Administrator', department: 'Engineering', manager: 'Jussi Heinonen', start: '2019-09-02' },
  { name: 'Lauri Salonen', title: 'Site Reliability Engineer', department: 'Engineering', manager: 'Jussi Heinonen', start: '2020-10-05' },
  // Operations
  { name: 'Katja Pitkänen', title: 'Payments Operations Manager', department: 'Operations', manager: 'Sanna Mäkelä', start: '2018-04-03' },
  { name: 'Marko Laaksonen', title: 'Settlement Specialist', department: 'Operations', manager: 'Katja Pitkänen', start: '2020-01-13' },
  { name: 'Jenni Anttila', title: 'Payments Operations Analyst', department: 'Operations', manager: 'Katja Pitkänen', start: '2022-09-05' },
  { name: 'Petri Mattila', title: 'IT Support Specialist', department: 'Operations', manager: 'Sanna Mäkelä', start: '2019-06-17' },
  { name: 'Satu Savolainen', title: 'Vendor Manager', department: 'Operations', manager: 'Sanna Mäkelä', start: '2021-01-11' },
  // Security
  { name: 'Tuomas Rantanen', title: 'Security Engineer', department: 'Security', manager: 'Juha Korhonen', start: '2019-11-04' },
  { name: 'Johanna Karjalainen', title: 'Information Security Analyst', department: 'Security', manager: 'Juha Korhonen', start: '2021-05-03' },
  { name: 'Eero Lindholm', title: 'Penetration Tester', department: 'Security', manager: 'Juha Korhonen', start: '2022-01-10', tenure: { leftDaysAgo: 46 } },
  // Customer Service
  { name: 'Minna Jokinen', title: 'Customer Service Team Lead', department: 'Customer Service', manager: 'Riikka Hämäläinen', start: '2019-05-06' },
  { name: 'Heidi Ahonen', title: 'Merchant Support Specialist', department: 'Customer Service', manager: 'Minna Jokinen', start: '2021-02-15' },
  { name: 'Kalle Hiltunen', title: 'Merchant Support Specialist', department: 'Customer Service', manager: 'Minna Jokinen', start: '2022-06-01' },
  { name: 'Anni Miettinen', title: 'Merchant Onboarding Specialist', department: 'Customer Service', manager: 'Minna Jokinen', start: '2020-08-17', tenure: { leavingInDays: 53 } },
  { name: 'Sami Lehtinen', title: 'Merchant Support Specialist', department: 'Customer Service', manager: 'Minna Jokinen', start: '2021-10-04', tenure: { leftDaysAgo: 121 } },
  // Finance
  { name: 'Tiina Kallio', title: 'Financial Controller', department: 'Finance', manager: 'Timo Laine', start: '2018-08-13' },
  { name: 'Jari Vainio', title: 'Accountant', department: 'Finance', manager: 'Tiina Kallio', start: '2020-02-03' },
  { name: 'Maria Leinonen', title: 'Treasury Analyst', department: 'Finance', manager: 'Timo Laine', start: '2022-04-19' },
  // Compliance
  { name: 'Hanna Rautio', title: 'Compliance Officer', department: 'Compliance', manager: 'Elina Heikkinen', start: '2019-03-11' },
  { name: 'Pekka Aalto', title: 'AML Analyst', department: 'Compliance', manager: 'Elina Heikkinen', start: '2021-09-13' },
  { name: 'Kaisa Peltonen', title: 'Internal Auditor', department: 'Compliance', manager: 'Elina Heikkinen', start: '2020-11-02' },
  // Sales
  { name: 'Jani Manninen', title: 'Account Executive', department: 'Sales', manager: 'Antti Koskinen', start: '2020-03-02' },
  { name: 'Outi Kettunen', title: 'Partnership Manager', department: 'Sales', manager: 'Antti Koskinen', start: '2019-10-21' },
  { name: 'Niko Hakala', title: 'Sales Engineer', department: 'Sales', manager: 'Antti Koskinen', start: '2021-06-07' },
  { name: 'Veera Lahtinen', title: 'Account Executive', department: 'Sales', manager: 'Antti Koskinen', start: '2023-01-09' },
];

/**
 * One sign-in per role, each a person in the directory. The passwords are fixed and public so the
 * printed sign-ins stay valid across restarts: this is demo data, never a real deployment.
 * Administrators and security officers enrol in MFA at their first sign-in.
 */
const USERS: { role: Role; name: string; password: string }[] = [
  { role: 'admin', name: 'Jussi Heinonen', password: 'demo-admin-2026!' },
  { role: 'security_officer', name: 'Juha Korhonen', password: 'demo-security-2026!' },
  { role: 'auditor', name: 'Kaisa Peltonen', password: 'demo-auditor-2026!' },
  { role: 'staff', name: 'Heidi Ahonen', password: 'demo-staff-2026!' },
];

/** firstname.lastname@domain, with å, ä and ö folded to plain letters. */
export const demoEmail = (name: string): string =>
  `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]+/g, '.')}@${DOMAIN}`;

const addDays = (isoDate: string, days: number): string => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function employment(p: DemoPerson, today: string) {
  const t = p.tenure ?? null;
  if (t && 'leavingInDays' in t) return { status: 'leaving' as const, end_date: addDays(today, t.leavingInDays) };
  if (t && 'leftDaysAgo' in t) return { status: 'left' as const, end_date: addDays(today, -t.leftDaysAgo) };
  return { status: 'active' as const, end_date: null };
}

/** Seeds the demo organisation; a second run finds everyone by email and changes nothing. */
export async function seedDemo(ctx: Ctx): Promise<DemoResult> {
  const c: Ctx = { ...ctx, actor: ctx.actor ?? systemActor('demo') };
  const today = todayIn(c.clock);
  const ids = new Map<string, string>();
  for (const p of PEOPLE) {
    const email = demoEmail(p.name);
    const existing = await personByEmail(c, email);
    if (existing) {
      ids.set(p.name, existing.id);
      continue;
    }
    const managerId = p.manager ? ids.get(p.manager) : undefined;
    if (p.manager && !managerId) throw new Error(`demo data lists ${p.name} before their manager ${p.manager}`);
    const created = await createPerson(c, {
      name: p.name,
      email,
      title: p.title,
      department: p.department,
      manager_id: managerId ?? null,
      start_date: p.start,
      ...employment(p, today),
    });
    ids.set(p.name, created.id);
  }

  const users: DemoUser[] = [];
  for (const u of USERS) {
    const email = demoEmail(u.name);
    if (!(await findUserByEmail(c.db, email))) await createUser(c, { email, name: u.name, role: u.role, password: u.password });
    users.push({ role: u.role, email, password: u.password, totpSecret: null });
  }

  // In dependency order: catalogues before the controls that map to them, assets before risks.
  const isms: Record<string, number> = {};
  Object.assign(isms, await seedFrameworks(c));
  Object.assign(isms, await seedCrypto(c));
  Object.assign(isms, await seedScope(c));
  Object.assign(isms, await seedAssets(c));
  Object.assign(isms, await seedRisks(c));
  Object.assign(isms, await seedControls(c));
  Object.assign(isms, await seedSoa(c));
  Object.assign(isms, await seedPolicies(c));

  const { total } = await peopleSummary(c);
  return { organisation: DEMO_ORGANISATION, people: total, isms, users };
}
