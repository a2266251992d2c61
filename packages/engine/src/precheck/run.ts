/**
 * One run of precheck(): the manifest, the package's files, the date, the findings so far, and what the
 * applicant's assessment and checklist say. Made for each run, never shared.
 */
import type { Kb, ParameterAt, SourceRef, Text } from '@icpdesk/kb';
import { assess } from '../assess.ts';
import { checklist } from '../checklist.ts';
import type { Manifest } from '../manifest.ts';
import type { Profile } from '../profile.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { Checklist } from '../schemas/checklist.ts';
import type { Finding, ShareholdingResult } from '../schemas/precheck.ts';
import { foreignShare } from '../shareholding.ts';
import { estimateTimeline } from '../timeline.ts';
import type { FindingCode } from './finding-codes.ts';
import { manifestProfile } from './manifest-profile.ts';
import type { PackageFile } from './package-file.ts';

export const t = (zh: string, en: string): Text => ({ zh, en });

export interface PrecheckRun {
  kb: Kb;
  m: Manifest;
  files: ReadonlyMap<string, PackageFile>;
  asOf: string;
  findings: Finding[];
  add(f: Omit<Finding, 'sources' | 'id'> & { id: FindingCode; sources?: SourceRef[] }): void;
  /** the version of a kb parameter in force on asOf */
  param(id: string): ParameterAt | undefined;
  paramSources(id: string): SourceRef[];
  holding: ShareholdingResult;
  profile: Profile;
  assessment: Assessment;
  list: Checklist;
  /** the date a decision is expected at the latest, from the timeline estimate */
  decisionBy: string | null;
  /** the sources of the review limit behind decisionBy */
  timelineSources: SourceRef[];
}

export type RunStart = Pick<
  PrecheckRun,
  'kb' | 'm' | 'files' | 'asOf' | 'findings' | 'add' | 'param' | 'paramSources'
>;

export function startRun(
  kb: Kb,
  m: Manifest,
  files: ReadonlyMap<string, PackageFile>,
  asOf: string,
): RunStart {
  const findings: Finding[] = [];
  const param = (id: string) => kb.parameterAt(id, asOf);
  return {
    kb,
    m,
    files,
    asOf,
    findings,
    add: (f) => {
      findings.push({ sources: [], ...f });
    },
    param,
    paramSources: (id) => param(id)?.sources ?? [],
  };
}

/** the applicant as the authority would see it: traced shareholding, assessment, checklist, timeline */
export function withApplicant(c: RunStart, activities: string[]): PrecheckRun {
  const { kb, m, asOf } = c;
  const holding = foreignShare(m.applicant.shareholders);
  const profile = manifestProfile(
    { ...m, activities: activities.length ? activities : ['corporate-website'] },
    holding.foreignPercent,
  );
  const assessment = assess(kb, profile, { asOf });
  const list = checklist(kb, {
    licence: m.licence.code,
    ...(m.licence.scope ? { scope: m.licence.scope } : {}),
    procedure: m.licence.procedure,
    profile,
    asOf,
    permits: assessment.otherPermits.filter((p) => p.requirement === 'required').map((p) => p.id),
  });
  const timeline =
    m.licence.procedure === 'new' || m.licence.procedure === 'renewal'
      ? estimateTimeline(kb, { submitOn: asOf, asOf })
      : null;
  const decisionBy = timeline?.steps.find((s) => s.id === 'issuance')?.latest ?? null;
  const timelineSources =
    timeline?.steps.find((s) => s.id === 'decision')?.parameters.flatMap((p) => p.sources) ?? [];
  return { ...c, holding, profile, assessment, list, decisionBy, timelineSources };
}

/** an expired date is an error; one before the latest expected decision a warning */
export function expiry(c: PrecheckRun, path: string, date: string, what: Text): void {
  const { asOf, decisionBy, timelineSources } = c;
  if (date < asOf)
    c.add({
      id: 'expired',
      severity: 'error',
      path,
      message: t(`${what.zh}已于 ${date} 过期`, `${what.en} expired on ${date}`),
      fix: t('换发后更新材料', 'renew it and update the package'),
    });
  else if (decisionBy && date < decisionBy)
    c.add({
      id: 'expires-before-decision',
      severity: 'warning',
      path,
      message: t(
        `${what.zh}将于 ${date} 到期，早于预计最晚决定日期 ${decisionBy}`,
        `${what.en} expires on ${date}, before the latest expected decision date ${decisionBy}`,
      ),
      fix: t(
        '提交前续期或换发，避免审查中失效',
        'renew it before submitting so that it stays valid during review',
      ),
      sources: timelineSources,
    });
}
