/** Findings about the applicant: activities, shareholding, eligibility, identity. */
import type { Text } from '@icpdesk/kb';
import { suggestActivity } from '../profile.ts';
import { validateResidentId, validateUscc } from '../validators/index.ts';
import { expiry, type PrecheckRun, type RunStart, t } from './run.ts';

/** the activities the kb knows; an error for each it does not */
export function knownActivities(c: RunStart): string[] {
  const { kb, m } = c;
  return m.activities.filter((a, i) => {
    if (kb.activities.has(a)) return true;
    const near = suggestActivity(kb, a);
    c.add({
      id: 'unknown-activity',
      severity: 'error',
      path: `activities[${i}]`,
      message: t(`未知业务 "${a}"`, `unknown activity "${a}"`),
      fix: t(
        near ? `改为 "${near}"，或用 icpdesk kb search 查找业务编号` : '用 icpdesk kb search 查找业务编号',
        near ? `use "${near}", or find ids with icpdesk kb search` : 'find ids with icpdesk kb search',
      ),
    });
    return false;
  });
}

/** holder lists that do not add up, and companies whose own holders are not given */
export function shareholdingFindings(c: PrecheckRun): void {
  const { kb, holding } = c;
  for (const b of holding.badSums)
    c.add({
      id: 'shareholding-sum',
      severity: 'warning',
      path: b.path,
      message: t(
        `该层股东持股比例合计为 ${b.sum}%，不是 100%`,
        `the holdings at this layer add up to ${b.sum}%, not 100%`,
      ),
      fix: t('补全或更正该层所有股东及其比例', 'list every holder at this layer with the right percentages'),
    });
  const fsCheck = kb.checks.find((c) => c.id === 'foreign-share');
  for (const u of holding.unknownLayers)
    c.add({
      id: 'shareholding-unknown-layer',
      severity: 'warning',
      path: u,
      message: t(
        '该境内公司股东未列出，无法穿透计算外资比例；审批机关会穿透至自然人或国有资产',
        'this domestic company’s own holders are not listed, so foreign capital behind it cannot be traced; the authority traces up to natural persons or the state',
      ),
      fix: t(
        '在该股东下列出其股东（shareholders），直至自然人或国有',
        'list its shareholders below it, down to natural persons or the state',
      ),
      sources: fsCheck ? fsCheck.sources : [],
    });
}

/** eligibility checks the applicant fails, and servers outside the mainland */
export function eligibilityFindings(run: PrecheckRun): void {
  const { m, assessment } = run;
  for (const c of assessment.eligibility.checks) {
    if (c.status !== 'unmet') continue;
    const path =
      c.id === 'registered-capital'
        ? 'applicant.registeredCapitalCny'
        : c.id === 'foreign-share'
          ? 'applicant.shareholders'
          : c.id === 'credit'
            ? 'applicant.onCreditBlacklist'
            : 'applicant';
    const fix: Record<string, Text> = {
      'registered-capital': t(
        `将注册资本增至不低于 ${c.required} 元，或缩小经营范围至一个省`,
        `raise registered capital to at least RMB ${c.required}, or narrow the coverage to one province`,
      ),
      'foreign-share': t(
        `外资比例须不超过 ${c.required}%（${c.subject}）；调整股权结构，或确认是否适用试点、自贸区等开放政策`,
        `the foreign share must be at most ${c.required}% (${c.subject}); restructure, or check whether a pilot or free-trade-zone opening applies`,
      ),
      credit: t(
        '失信名单上的主体不能取得许可，先完成信用修复',
        'an entity on the dishonest list cannot be licensed; restore its credit first',
      ),
      'company-form': t('由依法设立的公司申请', 'apply as a lawfully established company'),
    };
    run.add({
      id: `eligibility-${c.id}`,
      severity: 'error',
      path,
      message: t(
        `${c.name.zh}：要求 ${c.required ?? '—'}，实际 ${c.actual ?? '—'}`,
        `${c.name.en}: required ${c.required ?? '—'}, actual ${c.actual ?? '—'}`,
      ),
      fix: fix[c.id] ?? t('见规则说明', 'see the rule'),
      rule: c.rule,
      sources: c.sources,
    });
  }
  if (m.serverLocation && m.serverLocation !== 'mainland')
    run.add({
      id: 'server-outside-mainland',
      severity: 'error',
      path: 'serverLocation',
      message: t(
        '服务器不在境内，无法备案，也不能提交接入协议',
        'the servers are not in mainland China: no filing is possible and no access agreement can be submitted',
      ),
      fix: t(
        '迁至持证IDC/ISP的境内机房并更新接入协议',
        'move hosting to a licensed provider in mainland China and update the access agreement',
      ),
      sources: assessment.pitfalls.find((p) => p.id === 'server-outside-mainland')?.sources ?? [],
    });
}

/** the credit code, the legal representative’s ID number and its expiry */
export function identityFindings(c: PrecheckRun): void {
  const { m, asOf } = c;
  const uscc = validateUscc(m.applicant.uscc);
  if (!uscc.ok)
    c.add({
      id: 'uscc-invalid',
      severity: 'error',
      path: 'applicant.uscc',
      message: uscc.message,
      fix: t(
        '按营业执照核对统一社会信用代码',
        'copy the unified social credit code from the business licence',
      ),
    });
  const rid = validateResidentId(m.applicant.legalRepresentative.idNumber, asOf);
  if (!rid.ok)
    c.add({
      id: 'legal-rep-id-invalid',
      severity: 'error',
      path: 'applicant.legalRepresentative.idNumber',
      message: rid.message,
      fix: t('按法定代表人身份证核对证件号码', "copy the number from the legal representative's ID card"),
    });
  const idExpires = m.applicant.legalRepresentative.idExpires;
  if (idExpires)
    expiry(
      c,
      'applicant.legalRepresentative.idExpires',
      idExpires,
      t('法定代表人身份证', "the legal representative's ID card"),
    );
}
