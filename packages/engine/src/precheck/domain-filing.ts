/**
 * A domain's ICP filing number (domains[].icpFiling): present where the assessment requires a website
 * filing, well formed by the kb's format (parameter icp-filing-number-pattern), a website's rather than an
 * app's, and made with the communications administration of the applicant's province of domicile (the
 * filing's `receivedBy`, the province character mapped through kb authorities' filingPrefixes).
 */
import { NUMBER_PATTERN_PARAMETERS, validateIcpFilingNumber } from '../validators/index.ts';
import { sameName } from './package-file.ts';
import { type PrecheckRun, t } from './run.ts';

type Domain = NonNullable<PrecheckRun['m']['domains']>[number];
type AuthorityRef = { id: string; name: { zh: string; en: string } } | null;

export function domainFilingFindings(c: PrecheckRun, at: string, d: Domain): void {
  const { kb, m, asOf, assessment } = c;
  const required = assessment.filings.find((f) => f.kind === 'icp-filing' && f.requirement === 'required');
  const filing = kb.filings.get('icp-filing');
  const filingSources = [...(filing?.sources ?? []), ...(required?.reasons.flatMap((r) => r.sources) ?? [])];
  if (!d.icpFiling) {
    // a cancellation ends the service: its sites' filings are not asked for
    if (required && m.licence.procedure !== 'cancellation')
      c.add({
        id: 'domain-filing-missing',
        severity: 'warning',
        path: `${at}.icpFiling`,
        message: t(
          `域名 ${d.name} 未填写ICP备案号；网站在境内提供服务须先备案，审查时通常核对网站备案`,
          `domain ${d.name} has no ICP filing number; a website served from mainland China must be filed first, and reviewers usually check the site's filing`,
        ),
        fix: t(
          '填写该网站的ICP备案号（如 浙ICP备2024000001号-1）；尚未备案的，先经接入服务商办理备案',
          "give the site's ICP filing number (e.g. 浙ICP备2024000001号-1); if it is not filed yet, file it through the access provider first",
        ),
        rule: required.reasons[0]?.rule ?? 'icp-filing',
        sources: filingSources,
      });
    return;
  }
  const v = validateIcpFilingNumber(kb, d.icpFiling, asOf);
  const pattern = NUMBER_PATTERN_PARAMETERS.filing;
  if (!v.ok) {
    c.add({
      id: 'domain-filing-invalid',
      severity: 'error',
      path: `${at}.icpFiling`,
      message: v.message,
      fix: t(
        '按工信部备案系统中的记录填写完整的备案号，形如 浙ICP备2024000001号-1',
        "copy the full number from MIIT's filing system, like 浙ICP备2024000001号-1",
      ),
      rule: pattern,
      sources: c.paramSources(pattern),
    });
    return;
  }
  const kind = v.details?.kind;
  if (kind === 'app' || kind === 'mini-program')
    c.add({
      id: 'domain-filing-kind',
      severity: 'warning',
      path: `${at}.icpFiling`,
      message: t(
        `${v.value} 以 ${kind === 'app' ? 'A' : 'X'} 结尾，是${kind === 'app' ? 'APP' : '小程序'}的备案号，不是网站的`,
        `${v.value} ends in ${kind === 'app' ? 'A' : 'X'}: it is the filing number of ${kind === 'app' ? 'an app' : 'a mini-program'}, not of a website`,
      ),
      fix: t('填写该域名网站的备案号（以 -数字 结尾）', "give the website's filing number (ending in -N)"),
      rule: pattern,
      sources: c.paramSources(pattern),
    });
  if (!sameName(d.holder, m.applicant.name)) return; // another holder's domicile is not in the manifest
  provinceFinding(c, at, v.value ?? d.icpFiling, v.details?.authority as AuthorityRef, filingSources);
}

/** the filing's province against the applicant's province of domicile */
function provinceFinding(
  c: PrecheckRun,
  at: string,
  number: string,
  authority: AuthorityRef,
  sources: PrecheckRun['findings'][number]['sources'],
): void {
  const home = c.m.applicant.registeredProvince;
  if (authority?.id === home) return;
  const ca = c.kb.authorities.get(home);
  const homeName = ca ? ca.name : t(home, home);
  const prefixes = (ca?.filingPrefixes ?? []).join('、');
  c.add({
    id: 'domain-filing-province',
    severity: authority ? 'error' : 'warning',
    path: `${at}.icpFiling`,
    message: authority
      ? t(
          `备案号 ${number} 由${authority.name.zh}备案，但申请单位住所在 ${home}；ICP备案应由住所地的${homeName.zh}办理（备案号以"${prefixes}"开头）`,
          `filing number ${number} was filed with ${authority.name.en}, but the applicant is domiciled in ${home}; an ICP filing is made with ${homeName.en} of the province of domicile (numbers starting with ${prefixes})`,
        )
      : t(
          `备案号 ${number} 的省份简称在知识库中没有对应的通信管理局，无法确认是否为住所地 ${home} 的备案`,
          `the province character of filing number ${number} maps to no communications administration in the kb, so it cannot be confirmed as a filing in ${home}, the province of domicile`,
        ),
    fix: t(
      '核对备案号（在工信部备案系统查询）；单位迁址的，先在住所地办理备案变更',
      "check the number in MIIT's filing system; if the company has moved, transfer the filing to the province of domicile first",
    ),
    rule: 'icp-filing',
    sources,
  });
}
