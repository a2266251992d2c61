/**
 * What the register holds for one company, in the shape the engine's impact() reads (RegisterFacts): its
 * licences and its filings, domains and servers, as the scope sees them. Undefined when the scope sees no
 * such company.
 */
import type { RegisterFacts } from '@icpdesk/engine';
import { getCompany } from '../companies.ts';
import type { Db } from '../db.ts';
import { listLicences } from '../licences.ts';
import type { Scope } from '../scope.ts';
import { registerKind } from './kinds.ts';
import { companyEntries } from './repository.ts';

/** licences read per company (a company has a handful; more are not considered) */
const MAX_LICENCES = 100;

export async function companyRegisterFacts(
  db: Db,
  scope: Scope,
  companyId: string,
): Promise<RegisterFacts | undefined> {
  if (!(await getCompany(db, scope, companyId))) return undefined;
  const entries = (id: Parameters<typeof registerKind>[0]) =>
    companyEntries(db, scope, registerKind(id), companyId);
  const licences = await listLicences(db, scope, { limit: MAX_LICENCES, sort: 'number', companyId });
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  return {
    licences: licences.items.map((l) => ({
      number: l.number,
      codes: l.codes,
      coverage: l.coverage,
      authority: l.authority,
      expiresOn: l.expiresOn,
      status: l.status,
    })),
    icpFilings: (await entries('icp-filings')).map((e) => ({
      number: String(e.number),
      domains: list(e.domains),
      status: String(e.status),
    })),
    appFilings: (await entries('app-filings')).map((e) => ({
      number: String(e.number),
      status: String(e.status),
    })),
    publicSecurityFilings: (await entries('public-security-filings')).map((e) => ({
      number: String(e.number),
      domains: list(e.domains),
      status: String(e.status),
    })),
    domains: (await entries('domains')).map((e) => ({ name: String(e.name) })),
    servers: (await entries('servers')).map((e) => ({
      name: String(e.name),
      location: e.location === null ? null : String(e.location),
    })),
  };
}
