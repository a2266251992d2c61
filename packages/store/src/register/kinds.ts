/** The register's kinds, in the order the API and the exports list them. */
import { annualReports } from './annual-report-kind.ts';
import { appFilings } from './app-filings.ts';
import { companyEvents } from './company-events.ts';
import { domains } from './domains.ts';
import { icpFilings } from './icp-filings.ts';
import type { RegisterKind, RegisterKindId } from './kind.ts';
import { numberResources } from './number-resources.ts';
import { publicSecurityFilings } from './public-security-filings.ts';
import { servers } from './servers.ts';

export const registerKinds: readonly RegisterKind[] = [
  icpFilings,
  appFilings,
  publicSecurityFilings,
  domains,
  servers,
  numberResources,
  annualReports,
  companyEvents,
];

export const registerKind = (id: RegisterKindId): RegisterKind => registerKinds.find((k) => k.id === id)!;
