/**
 * precheck(): what an authority would return for correction (补正), found before submission. Pure: it is
 * given the parsed manifest and facts about the package's files (sizes, first bytes), never reads files.
 * Every finding says where (a manifest path), what, how to fix it and on what it rests.
 */
import type { Kb, SourceRef, Text } from '@icpdesk/kb';
import { assess } from './assess.ts';
import { checklist } from './checklist.ts';
import type { Manifest } from './manifest.ts';
import type { Profile } from './profile.ts';
import { suggestActivity } from './profile.ts';
import type { Finding, PrecheckResult, Severity } from './schemas/precheck.ts';
import { foreignShare } from './shareholding.ts';
import { sourceBook } from './source-book.ts';
import { estimateTimeline } from './timeline.ts';
import {
  validateDomain,
  validateLicenceNumber,
  validateMainlandIp,
  validateResidentId,
  validateUscc,
} from './validators/index.ts';

export type { Finding, PrecheckResult, Severity };

export interface PackageFile {
  size: number;
  /** first bytes of the file */
  head: Uint8Array;
}

export interface PrecheckInput {
  manifest: Manifest;
  /** files of the package by path relative to the manifest's folder */
  files: ReadonlyMap<string, PackageFile>;
  asOf: string;
}

export function fileTypeOf(head: Uint8Array): 'pdf' | 'jpeg' | 'png' | 'other' {
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46 && head[4] === 0x2d)
    return 'pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (
    head[0] === 0x89 &&
    head[1] === 0x50 &&
    head[2] === 0x4e &&
    head[3] === 0x47 &&
    head[4] === 0x0d &&
    head[5] === 0x0a &&
    head[6] === 0x1a &&
    head[7] === 0x0a
  )
    return 'png';
  return 'other';
}

/** Names compared as an authority would read them: full-width forms folded, spaces ignored. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}

export function manifestProfile(m: Manifest, foreignPercent: number): Profile {
  const entity: NonNullable<Profile['entity']> = {
    type: 'company',
    name: m.applicant.name,
    registeredProvince: m.applicant.registeredProvince,
    registeredCapitalCny: m.applicant.registeredCapitalCny,
    foreignSharePercent: foreignPercent,
  };
  if (m.applicant.pilotArea !== undefined) entity.pilotArea = m.applicant.pilotArea;
  if (m.applicant.onCreditBlacklist !== undefined) entity.onCreditBlacklist = m.applicant.onCreditBlacklist;
  const service: Profile['service'] = { coverage: m.coverage, activities: m.activities };
  if (m.channels) service.channels = m.channels;
  if (m.serverLocation) service.serverLocation = m.serverLocation;
  if (m.answers) service.answers = m.answers;
  return { entity, service };
}

const t = (zh: string, en: string): Text => ({ zh, en });

export function precheck(kb: Kb, input: PrecheckInput): PrecheckResult {
  const { manifest: m, files, asOf } = input;
  const findings: Finding[] = [];
  const add = (f: Omit<Finding, 'sources'> & { sources?: SourceRef[] }) =>
    findings.push({ sources: [], ...f });
  const param = (id: string) => kb.parameterAt(id, asOf);
  const paramSources = (id: string) => {
    const p = param(id);
    return p ? p.sources : [];
  };

  // ------------------------------------------------------------ activities known to the kb
  const activities = m.activities.filter((a, i) => {
    if (kb.activities.has(a)) return true;
    const near = suggestActivity(kb, a);
    add({
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

  // ------------------------------------------------------------ shareholding and the assessment of the applicant
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

  for (const b of holding.badSums)
    add({
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
    add({
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

  // ------------------------------------------------------------ eligibility (capital, foreign share, credit)
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
    add({
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
    add({
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

  // ------------------------------------------------------------ identity: credit code, legal representative
  const uscc = validateUscc(m.applicant.uscc);
  if (!uscc.ok)
    add({
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
    add({
      id: 'legal-rep-id-invalid',
      severity: 'error',
      path: 'applicant.legalRepresentative.idNumber',
      message: rid.message,
      fix: t('按法定代表人身份证核对证件号码', "copy the number from the legal representative's ID card"),
    });
  const idExpires = m.applicant.legalRepresentative.idExpires;
  if (idExpires)
    expiry(
      'applicant.legalRepresentative.idExpires',
      idExpires,
      t('法定代表人身份证', "the legal representative's ID card"),
    );

  function expiry(path: string, date: string, what: Text) {
    if (date < asOf)
      add({
        id: 'expired',
        severity: 'error',
        path,
        message: t(`${what.zh}已于 ${date} 过期`, `${what.en} expired on ${date}`),
        fix: t('换发后更新材料', 'renew it and update the package'),
      });
    else if (decisionBy && date < decisionBy)
      add({
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

  // ------------------------------------------------------------ documents: files, types, sizes, consistency
  const maxBytes = param('document-max-bytes');
  const materialByKind = new Map(kb.materials.map((x) => [x.documentKind, x]));
  const referenced = new Set<string>();
  m.documents.forEach((d, i) => {
    const at = `documents[${i}]`;
    referenced.add(d.file);
    const f = files.get(d.file);
    const mat = materialByKind.get(d.kind);
    if (!mat && d.kind !== 'pre-approval')
      add({
        id: 'unknown-document-kind',
        severity: 'warning',
        path: `${at}.kind`,
        message: t(`材料类型 "${d.kind}" 不在清单中`, `document kind "${d.kind}" is not on any checklist`),
        fix: t(
          '使用 icpdesk checklist 列出的 documentKind',
          'use a documentKind listed by icpdesk checklist',
        ),
      });
    if (!f) {
      add({
        id: 'file-missing',
        severity: 'error',
        path: `${at}.file`,
        message: t(`文件 ${d.file} 不在材料包中`, `file ${d.file} is not in the package`),
        fix: t(
          '把文件放入材料包，或更正路径（相对于 application.yaml）',
          'add the file, or correct the path (relative to application.yaml)',
        ),
      });
    } else {
      if (f.size === 0)
        add({
          id: 'file-empty',
          severity: 'error',
          path: `${at}.file`,
          message: t(`文件 ${d.file} 是空文件`, `file ${d.file} is empty`),
          fix: t('重新扫描或导出该材料', 'scan or export the document again'),
        });
      else {
        const type = fileTypeOf(f.head);
        const allowed = mat?.fileTypes ?? ['pdf', 'jpeg', 'png'];
        if (!(allowed as string[]).includes(type))
          add({
            id: 'file-type',
            severity: 'error',
            path: `${at}.file`,
            message: t(
              `文件 ${d.file} 的实际格式是 ${type === 'other' ? '无法识别' : type}，该材料接受 ${allowed.join('、')}`,
              `file ${d.file} is ${type === 'other' ? 'of an unrecognised type' : type} by its content; this item accepts ${allowed.join(', ')}`,
            ),
            fix: t(
              `转换为 ${allowed.join('、')}（以文件内容为准，不是扩展名）`,
              `convert it to ${allowed.join(', ')} (the content counts, not the extension)`,
            ),
            ...(mat ? { rule: mat.id, sources: mat.sources } : {}),
          });
      }
      if (maxBytes && typeof maxBytes.value === 'number' && f.size > maxBytes.value)
        add({
          id: 'file-too-large',
          severity: 'error',
          path: `${at}.file`,
          message: t(
            `文件 ${d.file} 有 ${f.size} 字节，超过 ${maxBytes.value} 字节`,
            `file ${d.file} has ${f.size} bytes, over the ${maxBytes.value}-byte limit`,
          ),
          fix: t('压缩或降低扫描分辨率', 'compress it or scan at a lower resolution'),
          rule: maxBytes.id,
          sources: maxBytes.sources,
        });
    }
    if (d.holder && !sameName(d.holder, m.applicant.name) && mat?.providedBy !== 'sector-regulator')
      add({
        id: 'name-mismatch',
        severity: 'error',
        path: `${at}.holder`,
        message: t(
          `材料上的名称"${d.holder}"与申请单位"${m.applicant.name}"不一致`,
          `the name on the document, "${d.holder}", differs from the applicant, "${m.applicant.name}"`,
        ),
        fix: t(
          '使用与营业执照完全一致的公司名称，或更换材料',
          'use the company name exactly as on the business licence, or replace the document',
        ),
      });
    if (d.uscc && d.uscc.trim().toUpperCase() !== m.applicant.uscc.trim().toUpperCase())
      add({
        id: 'uscc-mismatch',
        severity: 'error',
        path: `${at}.uscc`,
        message: t(
          `材料上的信用代码 ${d.uscc} 与申请单位 ${m.applicant.uscc} 不一致`,
          `the credit code ${d.uscc} differs from the applicant's ${m.applicant.uscc}`,
        ),
        fix: t(
          '核对营业执照，统一所有材料上的信用代码',
          'check the business licence and make the code the same everywhere',
        ),
      });
    if (d.legalRepresentative && !sameName(d.legalRepresentative, m.applicant.legalRepresentative.name))
      add({
        id: 'legal-rep-mismatch',
        severity: 'error',
        path: `${at}.legalRepresentative`,
        message: t(
          `材料上的法定代表人"${d.legalRepresentative}"与申请单位登记的"${m.applicant.legalRepresentative.name}"不一致`,
          `the legal representative on the document, "${d.legalRepresentative}", differs from "${m.applicant.legalRepresentative.name}"`,
        ),
        fix: t(
          '法定代表人变更后须先办理登记变更并更新材料',
          'after a change of legal representative, register it and update the documents',
        ),
      });
    if (d.expires) expiry(`${at}.expires`, d.expires, t(`材料 ${d.file}`, `document ${d.file}`));
  });
  for (const path of files.keys()) {
    if (referenced.has(path) || /(^|\/)application\.ya?ml$/.test(path)) continue;
    add({
      id: 'file-unlisted',
      severity: 'info',
      path: 'documents',
      message: t(`文件 ${path} 未在 documents 中列出`, `file ${path} is not listed in documents`),
      fix: t(
        '在 documents 中登记它，或从材料包中删除',
        'list it in documents, or remove it from the package',
      ),
    });
  }

  // ------------------------------------------------------------ completeness against the checklist
  const kinds = new Set(m.documents.map((d) => d.kind));
  for (const item of list.items) {
    if (kinds.has(item.documentKind)) continue;
    if (item.format.length === 1 && item.format[0] === 'online-form') continue; // filled in the online system
    const statutory = item.basis === 'statutory';
    add({
      id: item.applies === 'unknown' ? 'document-maybe-missing' : 'document-missing',
      severity: item.applies === 'unknown' || item.deferrable ? 'info' : statutory ? 'error' : 'warning',
      path: 'documents',
      message: t(
        `缺少${statutory ? '法定' : '实务常见'}材料：${item.name.zh}${item.deferrable ? '（可容缺受理，领证时补交）' : ''}${item.applies === 'unknown' ? `（是否需要取决于：${item.missing.join('、')}）` : ''}`,
        `missing ${statutory ? 'statutory' : 'commonly required'} item: ${item.name.en}${item.deferrable ? ' (may be deferred until the licence is collected)' : ''}${item.applies === 'unknown' ? ` (needed depending on: ${item.missing.join(', ')})` : ''}`,
      ),
      fix: item.alternative
        ? t(
            `添加 kind 为 ${item.documentKind} 的材料；或：${item.alternative.zh}`,
            `add a document of kind ${item.documentKind}; or: ${item.alternative.en}`,
          )
        : t(`添加 kind 为 ${item.documentKind} 的材料`, `add a document of kind ${item.documentKind}`),
      rule: item.id,
      sources: item.sources,
    });
  }

  // ------------------------------------------------------------ pre-approvals the activities need
  for (const p of assessment.otherPermits) {
    if (!p.preApproval || p.requirement !== 'required') continue;
    if (m.documents.some((d) => d.kind === 'pre-approval' && d.permit === p.id)) continue;
    add({
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

  // ------------------------------------------------------------ domains
  const holders = new Set([
    m.applicant.legalRepresentative.name,
    ...m.applicant.shareholders.map((s) => s.name),
  ]);
  const domainRule = assessment.pitfalls.find((p) => p.id === 'domain-held-by-applicant');
  m.domains?.forEach((d, i) => {
    const at = `domains[${i}]`;
    const v = validateDomain(d.name);
    if (!v.ok)
      add({
        id: 'domain-invalid',
        severity: 'error',
        path: `${at}.name`,
        message: v.message,
        fix: t('填写注册的域名本身，如 example.cn', 'give the registered domain itself, e.g. example.cn'),
      });
    if (!sameName(d.holder, m.applicant.name)) {
      const related = [...holders].some((h) => sameName(h, d.holder));
      add({
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
    expiry(`${at}.expires`, d.expires, t(`域名 ${d.name}`, `domain ${d.name}`));
  });

  // ------------------------------------------------------------ servers
  m.servers?.forEach((s, i) => {
    const at = `servers[${i}]`;
    const ip = validateMainlandIp(s.ip);
    if (!ip.ok)
      add({
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
      add({
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
      add({
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

  // ------------------------------------------------------------ staff (practice, not law)
  const staffParam = param('social-insurance-staff-practice');
  if (staffParam && typeof staffParam.value === 'number' && m.licence.procedure === 'new') {
    const insured = (m.staff ?? []).filter((s) => s.socialInsurance).length;
    if (insured < staffParam.value)
      add({
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
        sources: paramSources(staffParam.id),
      });
  }

  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  return {
    asOf,
    kbVersion: kb.version,
    applicant: m.applicant.name,
    licence: m.licence.code,
    procedure: m.licence.procedure,
    decisionBy,
    shareholding: holding,
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'info').length,
      documents: m.documents.length,
    },
    findings,
    checklist: list,
    sources: sourceBook(
      kb,
      findings.map((f) => f.sources),
    ),
  };
}
