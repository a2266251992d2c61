import { validateDomain, validateLicenceNumber, validateMainlandIp } from '../validators/index.ts';
import { domainFilingFindings } from './domain-filing.ts';
import { sameName } from './package-file.ts';
import { expiry, type PrecheckRun, t } from './run.ts';

/** pre-approvals the activities need and the package lacks */
export function preApprovalFindings(c: PrecheckRun): void {
  const { m, assessment } = c;
  for (const p of assessment.otherPermits) {
    if (!p.preApproval || p.requirement !== 'required') continue;
    if (m.documents.some((d) => d.kind === 'pre-approval' && d.permit === p.id)) continue;
    c.add({
      id: 'pre-approval-missing',
      severity: 'error',
      path: 'documents',
      message: t(
        `业务需要前置审批"${p.name.zh}"，材料包中没有`,
        `the activities need the pre-approval "${p.name.en}", which the package lacks`,
      ),
      fix: t(
        `先取得${p.issuer.zh}的批准，并以 kind: pre-approval、permit: ${p.id} 登记`,
        `obtain it from ${p.issuer.en} first and list it with kind: pre-approval, permit: ${p.id}`,
      ),
      rule: p.reasons[0]?.rule ?? p.id,
      sources: p.reasons.flatMap((r) => r.sources),
    });
  }
}

/** domains: valid names, held by the applicant, not expiring, with a valid filing in the right province */
export function domainFindings(c: PrecheckRun): void {
  const { m, assessment } = c;
  const holders = new Set([
    m.applicant.legalRepresentative.name,
    ...m.applicant.shareholders.map((s) => s.name),
  ]);
  const domainRule = assessment.pitfalls.find((p) => p.id === 'domain-held-by-applicant');
  m.domains?.forEach((d, i) => {
    const at = `domains[${i}]`;
    const v = validateDomain(d.name);
    if (!v.ok)
      c.add({
        id: 'domain-invalid',
        severity: 'error',
        path: `${at}.name`,
        message: v.message,
        fix: t('填写注册的域名本身，如 example.cn', 'give the registered domain itself, e.g. example.cn'),
      });
    if (!sameName(d.holder, m.applicant.name)) {
      const related = [...holders].some((h) => sameName(h, d.holder));
      c.add({
        id: 'domain-holder',
        severity: related ? 'warning' : 'error',
        path: `${at}.holder`,
        message: related
          ? t(
              `域名登记在"${d.holder}"名下（股东或法定代表人），规定允许，但多地要求登记在申请单位名下`,
              `the domain is registered to "${d.holder}" (a shareholder or the legal representative): allowed, but many authorities expect the applicant`,
            )
          : t(
              `域名登记在"${d.holder}"名下，不是申请单位`,
              `the domain is registered to "${d.holder}", not to the applicant`,
            ),
        fix: t(
          '在注册商处把域名持有人过户到申请单位并完成实名认证',
          'transfer the domain to the applicant at the registrar and complete real-name verification',
        ),
        sources: domainRule?.sources ?? [],
      });
    }
    expiry(c, `${at}.expires`, d.expires, t(`域名 ${d.name}`, `domain ${d.name}`));
    domainFilingFindings(c, at, d);
  });
}

/** servers: mainland IPs of providers licensed for access (IDC/ISP) */
export function serverFindings(c: PrecheckRun): void {
  const { kb, m, asOf } = c;
  m.servers?.forEach((s, i) => {
    const at = `servers[${i}]`;
    const ip = validateMainlandIp(s.ip);
    if (!ip.ok)
      c.add({
        id: 'server-ip',
        severity: 'error',
        path: `${at}.ip`,
        message: ip.message,
        fix: t(
          '使用境内持证服务商的服务器，并填写其公网IP',
          'use a server of a licensed provider in mainland China and give its public IP',
        ),
      });
    const lic = validateLicenceNumber(kb, s.providerLicence, asOf);
    if (!lic.ok)
      c.add({
        id: 'provider-licence-invalid',
        severity: 'error',
        path: `${at}.providerLicence`,
        message: lic.message,
        fix: t(
          '从服务商网站或合同中核对其增值电信业务经营许可证号',
          "copy the provider's licence number from its website or the contract",
        ),
      });
    else if (!lic.details?.hasB1)
      c.add({
        id: 'provider-licence-scope',
        severity: 'error',
        path: `${at}.providerLicence`,
        message: t(
          `服务商许可证 ${s.providerLicence} 不含第一类增值电信业务（IDC/ISP），不能提供接入`,
          `the provider's licence ${s.providerLicence} has no Category I services (IDC/ISP), so it cannot provide access`,
        ),
        fix: t(
          '选择持有IDC（B11）或ISP（B14）许可的接入服务商',
          'choose an access provider licensed for IDC (B11) or ISP (B14)',
        ),
      });
  });
}

/** insured staff against what authorities commonly ask (practice, not law) */
export function staffFindings(c: PrecheckRun): void {
  const { m } = c;
  const staffParam = c.param('social-insurance-staff-practice');
  if (staffParam && typeof staffParam.value === 'number' && m.licence.procedure === 'new') {
    const insured = (m.staff ?? []).filter((s) => s.socialInsurance).length;
    if (insured < staffParam.value)
      c.add({
        id: 'staff-social-insurance',
        severity: 'warning',
        path: 'staff',
        message: t(
          `缴纳社保的员工 ${insured} 人，少于实务中常见的 ${staffParam.value} 人（非法定条件）`,
          `${insured} staff with social insurance, fewer than the ${staffParam.value} commonly asked for (practice, not law)`,
        ),
        fix: t(
          '准备员工社保缴纳证明，或按容缺受理承诺领证时补交',
          'prepare proof of insured staff, or undertake to provide it when collecting the licence',
        ),
        rule: staffParam.id,
        sources: c.paramSources(staffParam.id),
      });
  }
}
