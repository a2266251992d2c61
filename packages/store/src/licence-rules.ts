/**
 * What makes a licence record valid, checked against the knowledge base (pure: no I/O, "today" is an
 * argument). One place for the API (POST/PATCH /api/v1/licences) and the import of a spreadsheet, so both
 * refuse the same things with the same codes and zh/en messages:
 *
 * - number: the engine's validateLicenceNumber (kb parameter licence-number-pattern, read as of the issue
 *   date, else as of today when the kb has no pattern that old); when the number names its authority (the
 *   province character, or none for MIIT) it must be the record's authority; its classes (B1, B2) must
 *   include the class of every code;
 * - codes and authority: the engine's checkKbReferences (catalogue categories, with a scope exactly where the
 *   category has scopes, B25:internet; an id of kb/authorities.yaml), the same check as an application's;
 * - coverage: "CN" (nationwide) or provincial administrations' ids from kb/authorities.yaml; a provincial
 *   administration's licence covers its own province only;
 * - dates: real YYYY-MM-DD dates, expiresOn after issuedOn; a missing expiresOn is issuedOn plus the kb
 *   parameter licence-validity-years (in force on the issue date), less one day, as the engine's timeline
 *   counts it;
 * - status: one of licenceStatuses.
 */

import {
  addDays,
  addYears,
  checkKbReferences,
  normaliseCode,
  normaliseNumber,
  validateDate,
  validateLicenceNumber,
} from '@icpdesk/engine';
import type { Kb, Text } from '@icpdesk/kb';
import { type LicenceStatus, licenceStatuses } from './schema.ts';

/** the fields of a licence as they are stored and shown */
export interface LicenceFields {
  number: string;
  codes: string[];
  coverage: string[];
  authority: string;
  issuedOn: string;
  expiresOn: string;
  status: LicenceStatus;
}

/** fields as given, before checking; expiresOn may be left out (derived) */
export interface LicenceDraft {
  number: string;
  codes: readonly string[];
  coverage: readonly string[];
  authority: string;
  issuedOn: string;
  expiresOn?: string | null | undefined;
  status: string;
}

export interface RuleIssue {
  field: keyof LicenceFields;
  /** stable UPPER_SNAKE code: the engine validator's, or one of this file's */
  code: string;
  message: Text;
}

export type RuleResult = { ok: true; value: LicenceFields } | { ok: false; issues: RuleIssue[] };

export const NATIONWIDE = 'CN';
export const VALIDITY_PARAMETER = 'licence-validity-years';

const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 39)}…` : s);

function dateIssue(field: 'issuedOn' | 'expiresOn', value: string): RuleIssue | undefined {
  const r = validateDate(value);
  return r.ok ? undefined : { field, code: r.code, message: r.message };
}

/** the licence's expiry by the kb: issuedOn + licence-validity-years − 1 day; undefined when the kb has none */
export function derivedExpiry(kb: Kb, issuedOn: string): string | undefined {
  const p = kb.parameterAt(VALIDITY_PARAMETER, issuedOn);
  if (!p || typeof p.value !== 'number') return undefined;
  return addDays(addYears(issuedOn, p.value), -1);
}

export function checkLicence(kb: Kb, d: LicenceDraft, today: string): RuleResult {
  const issues: RuleIssue[] = [];

  // authority
  const authority = d.authority.normalize('NFKC').trim().toUpperCase();
  const authorityEntry = kb.authorities.get(authority);

  // dates
  const issuedIssue = dateIssue('issuedOn', d.issuedOn);
  if (issuedIssue) issues.push(issuedIssue);
  const issuedOn = d.issuedOn.trim();
  let expiresOn: string | undefined;
  if (d.expiresOn != null && d.expiresOn.trim() !== '') {
    const e = dateIssue('expiresOn', d.expiresOn);
    if (e) issues.push(e);
    else expiresOn = d.expiresOn.trim();
  } else if (!issuedIssue) {
    expiresOn = derivedExpiry(kb, issuedOn);
    if (!expiresOn)
      issues.push({
        field: 'expiresOn',
        code: 'EXPIRY_UNKNOWN',
        message: {
          zh: `知识库没有 ${issuedOn} 时有效的许可证有效期（参数 ${VALIDITY_PARAMETER}）；请填写有效期至`,
          en: `the kb has no licence validity in force on ${issuedOn} (parameter ${VALIDITY_PARAMETER}); give expiresOn`,
        },
      });
  }
  if (!issuedIssue && expiresOn && expiresOn <= issuedOn)
    issues.push({
      field: 'expiresOn',
      code: 'EXPIRY_NOT_AFTER_ISSUE',
      message: {
        zh: `有效期至 ${expiresOn} 不晚于发证日期 ${issuedOn}；请核对日期`,
        en: `expiresOn ${expiresOn} is not after issuedOn ${issuedOn}; check the dates`,
      },
    });

  // codes
  const codes = [...new Set(d.codes.map(normaliseCode).filter((c) => c !== ''))];
  if (!codes.length)
    issues.push({
      field: 'codes',
      code: 'CODES_EMPTY',
      message: {
        zh: '请至少填写一个业务种类，如 B25:internet',
        en: 'give at least one service code, such as B25:internet',
      },
    });
  // the catalogue codes and the authority: the engine's one check of kb references
  for (const i of checkKbReferences(kb, { codes, authority }))
    issues.push({ field: i.field === 'codes' ? 'codes' : 'authority', code: i.code, message: i.message });

  // number: the kb pattern in force on the issue date (today's when the kb has none that old)
  const asOf = issuedIssue ? today : issuedOn;
  let n = validateLicenceNumber(kb, d.number, asOf);
  if (n.code === 'NUMBER_PATTERN_MISSING' && asOf !== today) n = validateLicenceNumber(kb, d.number, today);
  const number = n.value ?? normaliseNumber(d.number);
  if (!n.ok) issues.push({ field: 'number', code: n.code, message: n.message });
  else {
    const named = n.details?.authority as { id: string } | null | undefined;
    if (named && authorityEntry && named.id !== authority)
      issues.push({
        field: 'number',
        code: 'NUMBER_AUTHORITY_MISMATCH',
        message: {
          zh: `许可证编号 ${number} 的发证机关是 ${named.id}，与所填发证机关 ${authority} 不一致；请核对编号或发证机关`,
          en: `the licence number ${number} was issued by ${named.id}, not by the authority given, ${authority}; check the number or the authority`,
        },
      });
    const classes = n.details?.classes as string[] | undefined;
    if (classes)
      for (const c of codes) {
        const category = kb.categories.get(c.split(':')[0] as never);
        if (category && !classes.includes(category.class))
          issues.push({
            field: 'codes',
            code: 'CODE_CLASS_MISMATCH',
            message: {
              zh: `业务种类 ${c} 属于${category.class === 'B1' ? '第一类' : '第二类'}（${category.class}），但许可证编号 ${number} 只含 ${classes.join('、')}`,
              en: `the service code ${c} is class ${category.class}, but the licence number ${number} carries ${classes.join(', ')} only`,
            },
          });
      }
  }

  // coverage
  const coverage = [
    ...new Set(d.coverage.map((c) => c.normalize('NFKC').trim().toUpperCase()).filter((c) => c !== '')),
  ];
  if (!coverage.length)
    issues.push({
      field: 'coverage',
      code: 'COVERAGE_EMPTY',
      message: {
        zh: '请填写覆盖范围：省级行政区代码（如 CN-GD）或 CN（全国）',
        en: 'give the coverage: province codes (such as CN-GD) or CN for nationwide',
      },
    });
  for (const c of coverage) {
    if (c === NATIONWIDE) continue;
    if (kb.authorities.get(c)?.kind !== 'provincial-ca')
      issues.push({
        field: 'coverage',
        code: 'COVERAGE_UNKNOWN',
        message: {
          zh: `覆盖范围 ${show(c)} 不是知识库中的省级行政区代码；请填写如 CN-GD，或 CN 表示全国`,
          en: `the coverage ${show(c)} is not a province code of the kb; give one such as CN-GD, or CN for nationwide`,
        },
      });
  }
  if (coverage.includes(NATIONWIDE) && coverage.length > 1)
    issues.push({
      field: 'coverage',
      code: 'COVERAGE_NATIONWIDE_AND_PROVINCES',
      message: {
        zh: 'CN（全国）不能与省份同时填写',
        en: 'CN (nationwide) cannot be combined with provinces',
      },
    });
  if (authorityEntry?.kind === 'provincial-ca' && coverage.some((c) => c !== authority))
    issues.push({
      field: 'coverage',
      code: 'COVERAGE_OUTSIDE_AUTHORITY',
      message: {
        zh: `${authorityEntry.name.zh}颁发的许可证只覆盖本省（${authority}）`,
        en: `a licence of ${authorityEntry.name.en} covers its own province (${authority}) only`,
      },
    });

  // status
  const status = d.status.trim().toLowerCase();
  if (!(licenceStatuses as readonly string[]).includes(status))
    issues.push({
      field: 'status',
      code: 'STATUS_UNKNOWN',
      message: {
        zh: `状态 ${show(d.status)} 无效；可选 ${licenceStatuses.join('、')}`,
        en: `the status ${show(d.status)} is not valid; use one of ${licenceStatuses.join(', ')}`,
      },
    });

  if (issues.length || !expiresOn) return { ok: false, issues };
  return {
    ok: true,
    value: { number, codes, coverage, authority, issuedOn, expiresOn, status: status as LicenceStatus },
  };
}
