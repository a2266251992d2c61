/** The register (issue #11 §2): kinds as data, one repository, one import and export, annual reports. */
export * from './annual-report-kind.ts';
export * from './annual-reports.ts';
export * from './app-filings.ts';
export * from './company-events.ts';
export * from './domains.ts';
export * from './facts.ts';
export * from './fields.ts';
export * from './icp-filings.ts';
export * from './kind.ts';
export * from './kinds.ts';
export * from './number-resources.ts';
export * from './public-security-filings.ts';
export * from './repository.ts';
export * from './servers.ts';
export * from './spreadsheet.ts';
export type * from './tables.ts';
