/**
 * E-mail addresses as people type them into forms: local-part@domain, with the local part an RFC 5322
 * dot-atom of ASCII characters (quoted local parts and non-ASCII local parts are not accepted) of at most 64
 * characters, the domain a host name (internationalised names are converted to punycode) and the whole at
 * most 254 characters (RFC 5321). The domain part is lower-cased in `value`; the local part is kept as typed.
 */
import { normaliseHostname } from './domain.ts';
import {
  emptyResult,
  showInput,
  type Validation,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

export const emailCodes = [
  'EMAIL_OK',
  'EMAIL_TYPE',
  'EMAIL_EMPTY',
  'EMAIL_FULLWIDTH',
  'EMAIL_NOT_BARE',
  'EMAIL_SPACE',
  'EMAIL_AT',
  'EMAIL_LOCAL_PART',
  'EMAIL_LOCAL_LENGTH',
  'EMAIL_DOMAIN',
  'EMAIL_LENGTH',
] as const;
export type EmailCode = (typeof emailCodes)[number];

const SUBJECT = { zh: '电子邮箱', en: 'The e-mail address' };
/** RFC 5322 atext, plus the dot of a dot-atom */
const LOCAL_CHAR = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]$/;

export function validateEmail(input: unknown): Validation {
  if (typeof input !== 'string') return wrongTypeResult('EMAIL_TYPE', SUBJECT, input);
  const s = input.trim();
  if (s === '') return emptyResult('EMAIL_EMPTY', SUBJECT, 'name@example.cn');

  const folded = s.normalize('NFKC').replaceAll('。', '.');
  if (folded !== s && /^[\x20-\x7e]+$/.test(folded)) {
    return validationFail(
      'EMAIL_FULLWIDTH',
      {
        zh: `邮箱中有全角字符（如 ＠ 或 ．）；请改用半角，即 ${folded}`,
        en: `the address contains full-width characters (such as ＠ or ．); use their ASCII forms, i.e. ${folded}`,
      },
      { suggestion: folded },
    );
  }
  const angle = /<([^<>]*)>/.exec(s);
  if (angle || /^mailto:/i.test(s)) {
    const addr = angle ? angle[1]!.trim() : s.slice(7).split('?')[0]!;
    return validationFail(
      'EMAIL_NOT_BARE',
      {
        zh: `请只填写邮箱地址本身，不要带姓名、尖括号或 mailto:，即 ${showInput(addr, 80)}`,
        en: `give the address alone, without a name, angle brackets or mailto:, i.e. ${showInput(addr, 80)}`,
      },
      { suggestion: addr },
    );
  }
  if (/\s/.test(s)) {
    return validationFail('EMAIL_SPACE', {
      zh: '邮箱地址中不能有空格；请删去空格',
      en: 'an e-mail address cannot contain spaces; remove them',
    });
  }
  const at = s.lastIndexOf('@');
  if (at < 0 || s.indexOf('@') !== at) {
    return validationFail(
      'EMAIL_AT',
      at < 0
        ? {
            zh: '邮箱地址缺少 @；应写成 用户名@域名，例如 name@example.cn',
            en: 'the address has no @; write it as name@domain, e.g. name@example.cn',
          }
        : {
            zh: '邮箱地址中有多个 @；只能有一个，写在用户名和域名之间',
            en: 'the address has more than one @; it has exactly one, between the name and the domain',
          },
    );
  }
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local === '' || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return validationFail('EMAIL_LOCAL_PART', {
      zh:
        local === ''
          ? '@ 前面缺少用户名；请补上，例如 name@example.cn'
          : '@ 前的用户名不能以点开头或结尾，也不能有连续的点；请改正',
      en:
        local === ''
          ? 'the name before the @ is missing; add it, e.g. name@example.cn'
          : 'the name before the @ cannot start or end with a dot or have two dots in a row; correct it',
    });
  }
  for (const ch of local) {
    if (!LOCAL_CHAR.test(ch)) {
      return validationFail(
        'EMAIL_LOCAL_PART',
        {
          zh: `@ 前的用户名中不能有字符 ${JSON.stringify(ch)}；只用英文字母、数字和 . _ - + 等符号`,
          en: `the name before the @ cannot contain ${JSON.stringify(ch)}; use ASCII letters, digits and symbols such as . _ - +`,
        },
        { char: ch },
      );
    }
  }
  if (local.length > 64) {
    return validationFail(
      'EMAIL_LOCAL_LENGTH',
      {
        zh: `@ 前的用户名有${local.length}个字符，最多64个；请核对`,
        en: `the name before the @ has ${local.length} characters, but at most 64 are allowed; check it`,
      },
      { length: local.length },
    );
  }
  if (domain.startsWith('[')) {
    return domainFail(domain, {
      zh: '不接受方括号中的 IP 地址；请填写域名，例如 name@example.cn',
      en: 'an IP address in brackets is not accepted; give a domain name, e.g. name@example.cn',
    });
  }
  const forms = normaliseHostname(domain);
  if ('code' in forms) return domainFail(domain, forms.message, forms.code);
  const value = `${local}@${forms.ascii}`;
  if (value.length > 254) {
    return validationFail(
      'EMAIL_LENGTH',
      {
        zh: `邮箱地址共${value.length}个字符，最多254个；请使用更短的地址`,
        en: `the address has ${value.length} characters, but at most 254 are allowed; use a shorter one`,
      },
      { length: value.length },
    );
  }
  return validationOk(
    'EMAIL_OK',
    { zh: `邮箱地址 ${value} 格式有效`, en: `the e-mail address ${value} is well formed` },
    value,
    {
      local,
      domain: forms.ascii,
      unicodeDomain: forms.unicode,
    },
  );
}

function domainFail(domain: string, why: { zh: string; en: string }, domainCode?: string): Validation {
  return validationFail(
    'EMAIL_DOMAIN',
    {
      zh: `@ 后的域名 ${showInput(domain)} 无效：${why.zh}`,
      en: `the domain after the @, ${showInput(domain)}, is invalid: ${why.en}`,
    },
    domainCode ? { domain, domainCode } : { domain },
  );
}
