/**
 * precheck(): what an authority would return for correction (补正), found before submission. Pure: it is
 * given the parsed manifest and facts about the package's files (sizes, first bytes), never reads files.
 * Every finding says where (a manifest path), what, how to fix it and on what it rests.
 */
import type { Kb } from '@icpdesk/kb';
import type { Manifest } from './manifest.ts';
import {
  eligibilityFindings,
  identityFindings,
  knownActivities,
  shareholdingFindings,
} from './precheck/applicant-findings.ts';
import { completenessFindings, documentFindings } from './precheck/document-findings.ts';
import type { PackageFile } from './precheck/package-file.ts';
import { type PrecheckRun, startRun, withApplicant } from './precheck/run.ts';
import {
  domainFindings,
  preApprovalFindings,
  serverFindings,
  staffFindings,
} from './precheck/service-findings.ts';
import type { PrecheckResult, Severity } from './schemas/precheck.ts';
import { sourceBook } from './source-book.ts';

export {
  ELIGIBILITY_FINDING_PREFIX,
  type FindingCode,
  precheckFindingCodes,
} from './precheck/finding-codes.ts';
export { manifestProfile } from './precheck/manifest-profile.ts';
export { fileTypeOf, type PackageFile, sameName } from './precheck/package-file.ts';
export type { Finding, PrecheckResult, Severity } from './schemas/precheck.ts';

export interface PrecheckInput {
  manifest: Manifest;
  /** files of the package by path relative to the manifest's folder */
  files: ReadonlyMap<string, PackageFile>;
  asOf: string;
}

export function precheck(kb: Kb, input: PrecheckInput): PrecheckResult {
  const start = startRun(kb, input.manifest, input.files, input.asOf);
  const c = withApplicant(start, knownActivities(start));
  shareholdingFindings(c);
  eligibilityFindings(c);
  identityFindings(c);
  documentFindings(c);
  completenessFindings(c);
  preApprovalFindings(c);
  domainFindings(c);
  serverFindings(c);
  staffFindings(c);
  return resultOf(c);
}

const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function resultOf(c: PrecheckRun): PrecheckResult {
  const { kb, m, findings } = c;
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    asOf: c.asOf,
    kbVersion: kb.version,
    applicant: m.applicant.name,
    licence: m.licence.code,
    procedure: m.licence.procedure,
    decisionBy: c.decisionBy,
    shareholding: c.holding,
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      documents: m.documents.length,
    },
    findings,
    checklist: c.list,
    sources: sourceBook(
      kb,
      findings.map((f) => f.sources),
    ),
  };
}
