/**
 * Every code a precheck finding can carry. Stable: a code never changes meaning; new ones may be added.
 * Each is documented in docs/PACKAGE.md (a test checks it). Eligibility findings are `eligibility-<check>`,
 * one per eligibility check of the kb (conditions.yaml `checks`).
 */
export const precheckFindingCodes = [
  // the applicant
  'unknown-activity',
  'shareholding-sum',
  'shareholding-unknown-layer',
  'server-outside-mainland',
  'uscc-invalid',
  'legal-rep-id-invalid',
  // dates of documents, ID cards and domains
  'expired',
  'expires-before-decision',
  'issued-in-future',
  'expires-before-issued',
  // documents and their files
  'unknown-document-kind',
  'document-kind-other-procedure',
  'file-missing',
  'file-empty',
  'file-type',
  'document-unsigned',
  'file-too-large',
  'file-unlisted',
  'document-duplicate',
  'name-mismatch',
  'uscc-mismatch',
  'legal-rep-mismatch',
  'document-missing',
  'document-maybe-missing',
  'pre-approval-missing',
  // domains, their ICP filings, servers, staff
  'domain-invalid',
  'domain-holder',
  'domain-filing-missing',
  'domain-filing-invalid',
  'domain-filing-province',
  'domain-filing-kind',
  'server-ip',
  'provider-licence-invalid',
  'provider-licence-scope',
  'staff-social-insurance',
] as const;

/** the prefix of the findings of an unmet eligibility check: eligibility-<check id> */
export const ELIGIBILITY_FINDING_PREFIX = 'eligibility-';

export type FindingCode = (typeof precheckFindingCodes)[number] | `eligibility-${string}`;
