/**
 * The draft subject of an application (engine DraftSubject: the manifest's shape) from the stored rows: the
 * company (name, credit code, legal representative, address, capital, shareholder tree, contacts, profile,
 * headcount and business premises), its register (domains with their ICP filing numbers, servers, the filed
 * sites' and apps' names), the licence the application is about (a change, renewal, cancellation or number
 * application: its number and expiry) and the application (licence, procedure, authority). Whatever is not
 * stored stays out: the documents show it as a gap, the package says it is missing.
 */
import type { DraftSubject } from '@icpdesk/engine';
import { type ApplicationDetail, getApplication } from '../applications/index.ts';
import { type Company, getCompany } from '../companies.ts';
import type { Db } from '../db.ts';
import { type Licence, listLicences } from '../licences.ts';
import { registerKind } from '../register/kinds.ts';
import { companyEntries } from '../register/repository.ts';
import type { Scope } from '../scope.ts';

type Loose = Record<string, unknown>;
const defined = (o: Loose): Loose => Object.fromEntries(Object.entries(o).filter(([, v]) => v != null));

function applicantOf(c: Company): Loose {
  const entity = (c.profile?.entity ?? {}) as Loose;
  return defined({
    name: c.name,
    uscc: c.uscc,
    legalRepresentative: c.legalRepresentative ? { name: c.legalRepresentative } : null,
    address: c.address,
    registeredProvince: entity.registeredProvince,
    pilotArea: entity.pilotArea,
    registeredCapitalCny: c.registeredCapitalCny ?? entity.registeredCapitalCny,
    onCreditBlacklist: entity.onCreditBlacklist,
    shareholders: c.shareholders.length ? c.shareholders : null,
  });
}

/** facts of the company no manifest field holds (kb/templates/facts.yaml, origin company) */
const companyFacts = (c: Company): Loose =>
  defined({
    'staff.count': c.staffCount,
    'premises.address': c.premisesAddress,
    'premises.area': c.premisesAreaSqm,
  });

const live = (e: unknown) => (e as Loose).status !== 'cancelled';

async function registerOf(db: Db, scope: Scope, companyId: string): Promise<Loose> {
  const [domains, servers, filings, apps] = await Promise.all(
    (['domains', 'servers', 'icp-filings', 'app-filings'] as const).map((k) =>
      companyEntries(db, scope, registerKind(k), companyId),
    ),
  );
  const filingOf = (name: string) =>
    filings!.find((f) => ((f as Loose).domains as string[] | undefined)?.includes(name));
  const d = domains!.map((e) => {
    const x = e as Loose;
    const filing = filingOf(String(x.name));
    return defined({
      name: x.name,
      holder: x.holder,
      expires: x.expiresOn,
      icpFiling: filing && (filing as Loose).number,
    });
  });
  const s = servers!.map((e) => {
    const x = e as Loose;
    return defined({ ip: x.address, provider: x.hostingProvider, providerLicence: x.providerLicence });
  });
  // the sites filed under the ICP filings: a fact no manifest field holds (kb/templates/facts.yaml)
  const sites = [...new Set(filings!.flatMap((f) => ((f as Loose).sites as string[] | undefined) ?? []))];
  // the apps filed and not cancelled
  const appNames = [...new Set(apps!.filter(live).map((a) => String((a as Loose).appName)))];
  return defined({
    domains: d.length ? d : null,
    servers: s.length ? s : null,
    facts: defined({
      'service.websites': sites.length ? sites : null,
      'service.apps': appNames.length ? appNames : null,
    }),
  });
}

/**
 * the licence an application other than a new one is about: of the company's licences holding the
 * application's licence code, the one issued on this application, else an active one, else any — the latest
 * expiry first
 */
async function licenceAbout(db: Db, scope: Scope, a: ApplicationDetail): Promise<Licence | undefined> {
  const code = (a.licenceCodes[0] ?? '').split(':')[0];
  if (a.procedure === 'new' || !code) return undefined;
  const { items } = await listLicences(db, scope, {
    companyId: a.companyId,
    code,
    sort: 'expiresOn',
    limit: 100,
  });
  const rank = (l: Licence) => (l.applicationId === a.id ? 2 : l.status === 'active' ? 1 : 0);
  return items.reduce<Licence | undefined>(
    (best, l) =>
      !best || rank(l) > rank(best) || (rank(l) === rank(best) && l.expiresOn >= best.expiresOn) ? l : best,
    undefined,
  );
}

const licenceFacts = (l: Licence | undefined): Loose =>
  l ? { 'licence.number': l.number, 'licence.expiresOn': l.expiresOn } : {};

/** "B25:internet" → code and scope */
function licenceOf(a: ApplicationDetail): DraftSubject['licence'] {
  const [code, scope] = (a.licenceCodes[0] ?? '').split(':');
  return defined({ code, scope, procedure: a.procedure }) as DraftSubject['licence'];
}

export interface ApplicationSubject {
  application: ApplicationDetail;
  company: Company;
  subject: DraftSubject;
}

/** the application, its company and its draft subject; undefined when the scope sees no such application */
export async function applicationSubject(
  db: Db,
  scope: Scope,
  applicationId: string,
): Promise<ApplicationSubject | undefined> {
  const application = await getApplication(db, scope, applicationId);
  if (!application) return undefined;
  const company = await getCompany(db, scope, application.companyId);
  if (!company) return undefined;
  const service = (company.profile?.service ?? {}) as Loose;
  const [register, licence] = await Promise.all([
    registerOf(db, scope, company.id),
    licenceAbout(db, scope, application),
  ]);
  const { facts: registerFacts, ...registerParts } = register as Loose & { facts: Loose };
  const subject: DraftSubject = {
    applicant: applicantOf(company),
    licence: licenceOf(application),
    ...defined({
      coverage: service.coverage,
      activities: service.activities,
      channels: service.channels,
      serverLocation: service.serverLocation,
      answers: service.answers,
    }),
    ...registerParts,
    contacts: company.contacts,
    authority: application.authority,
  };
  const facts = { ...companyFacts(company), ...registerFacts, ...licenceFacts(licence) };
  if (Object.keys(facts).length) subject.facts = facts as DraftSubject['facts'];
  return { application, company, subject };
}
