/**
 * The draft subject of an application (engine DraftSubject: the manifest's shape) from the stored rows: the
 * company (name, credit code, legal representative, address, capital, shareholder tree, contacts, profile),
 * its register (domains with their ICP filing numbers, servers, the filed sites' names) and the application
 * (licence, procedure, authority). Whatever is not stored stays out: the documents show it as a gap, the package says it is missing.
 */
import type { DraftSubject } from '@icpdesk/engine';
import { type ApplicationDetail, getApplication } from '../applications/index.ts';
import { type Company, getCompany } from '../companies.ts';
import type { Db } from '../db.ts';
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

async function registerOf(db: Db, scope: Scope, companyId: string): Promise<Loose> {
  const [domains, servers, filings] = await Promise.all(
    (['domains', 'servers', 'icp-filings'] as const).map((k) =>
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
  return defined({
    domains: d.length ? d : null,
    servers: s.length ? s : null,
    facts: sites.length ? { 'service.websites': sites } : null,
  });
}

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
    ...(await registerOf(db, scope, company.id)),
    contacts: company.contacts,
    authority: application.authority,
  };
  return { application, company, subject };
}
