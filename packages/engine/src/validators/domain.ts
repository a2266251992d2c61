/**
 * Domain names: host-name syntax (RFC 1034/1123: LDH labels of 1–63 characters, at most 253 in all, no
 * hyphen at either end of a label), internationalised names (IDNA, converted to punycode with node:url's
 * domainToASCII, the Unicode form shown too) and the registrable domain from the Public Suffix List as
 * shipped in the `tldts` package. IP addresses, bare public suffixes and URLs are rejected.
 */
import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse as parseTld } from 'tldts';
import {
  emptyResult,
  showInput,
  type Validation,
  type ValidationMessage,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

export const domainCodes = [
  'DOMAIN_OK',
  'DOMAIN_TYPE',
  'DOMAIN_EMPTY',
  'DOMAIN_IP',
  'DOMAIN_URL',
  'DOMAIN_IDN',
  'DOMAIN_LENGTH',
  'DOMAIN_EMPTY_LABEL',
  'DOMAIN_LABEL_LENGTH',
  'DOMAIN_CHARSET',
  'DOMAIN_HYPHEN',
  'DOMAIN_SINGLE_LABEL',
  'DOMAIN_NUMERIC_TLD',
  'DOMAIN_PUBLIC_SUFFIX',
  'DOMAIN_UNKNOWN_SUFFIX',
] as const;
export type DomainCode = (typeof domainCodes)[number];

const SUBJECT = { zh: '域名', en: 'The domain name' };

export interface HostnameSyntaxError {
  code: DomainCode;
  message: ValidationMessage;
  details?: Record<string, unknown>;
}

/** A host name in ASCII (punycode) and Unicode forms, lower case, without a trailing dot. */
export interface HostnameForms {
  ascii: string;
  unicode: string;
}

/**
 * Checks the syntax of a lower-case ASCII host name (labels, lengths, characters, hyphens, at least two
 * labels, a non-numeric last label). Returns the first problem, or undefined when it is well formed.
 */
export function hostnameSyntaxError(ascii: string): HostnameSyntaxError | undefined {
  if (ascii.length > 253) {
    return {
      code: 'DOMAIN_LENGTH',
      message: {
        zh: `域名共${ascii.length}个字符（转换为 ASCII 后），超过上限253；请使用更短的域名`,
        en: `the domain name has ${ascii.length} characters (in ASCII form), more than the limit of 253; use a shorter name`,
      },
      details: { length: ascii.length },
    };
  }
  const labels = ascii.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label === '') {
      return {
        code: 'DOMAIN_EMPTY_LABEL',
        message: {
          zh: '域名中有空的一段（开头是点或有连续的点）；请删去多余的点',
          en: 'the domain name has an empty label (a leading dot or two dots in a row); remove the extra dot',
        },
      };
    }
    if (label.length > 63) {
      return {
        code: 'DOMAIN_LABEL_LENGTH',
        message: {
          zh: `域名的第${i + 1}段有${label.length}个字符，每段最多63个；请缩短该段`,
          en: `label ${i + 1} of the domain name has ${label.length} characters, but a label has at most 63; shorten it`,
        },
        details: { label, length: label.length },
      };
    }
    for (let j = 0; j < label.length; j++) {
      const c = label.charCodeAt(j);
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) {
        const ch = label[j]!;
        return {
          code: 'DOMAIN_CHARSET',
          message: {
            zh: `域名中不能有字符 ${JSON.stringify(ch)}；每段只能含字母、数字和连字符${ch === '_' ? '（下划线请改为连字符）' : ''}`,
            en: `a domain name cannot contain ${JSON.stringify(ch)}; each label holds only letters, digits and hyphens${ch === '_' ? ' (use a hyphen instead of the underscore)' : ''}`,
          },
          details: { char: ch, label },
        };
      }
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return {
        code: 'DOMAIN_HYPHEN',
        message: {
          zh: `域名的一段 "${label}" 以连字符开头或结尾；连字符只能在中间，请改正`,
          en: `the label "${label}" starts or ends with a hyphen; hyphens may only appear inside a label, so correct it`,
        },
        details: { label },
      };
    }
    if (label.length >= 4 && label[2] === '-' && label[3] === '-' && !label.startsWith('xn--')) {
      return {
        code: 'DOMAIN_HYPHEN',
        message: {
          zh: `域名的一段 "${label}" 在第3、4位有两个连字符，这一写法只留给以 xn-- 开头的国际化域名；请改正`,
          en: `the label "${label}" has hyphens in positions 3 and 4, a form reserved for internationalised labels starting xn--; correct it`,
        },
        details: { label },
      };
    }
  }
  if (labels.length < 2) {
    return {
      code: 'DOMAIN_SINGLE_LABEL',
      message: {
        zh: `"${ascii}" 只有一段，不是完整的域名；请写出包括后缀的域名，例如 example.cn`,
        en: `"${ascii}" is a single label, not a full domain name; give the name with its suffix, e.g. example.cn`,
      },
    };
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) {
    return {
      code: 'DOMAIN_NUMERIC_TLD',
      message: {
        zh: `域名的最后一段 "${labels[labels.length - 1]}" 全是数字，没有这样的顶级域；请核对域名`,
        en: `the last label, "${labels[labels.length - 1]}", is all digits, and no top-level domain is; check the name`,
      },
    };
  }
  return undefined;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/|[/?#@\\]|:/i;

/**
 * Converts a host name (ASCII or Unicode, any case, an optional trailing dot) to its ASCII and Unicode
 * forms and checks its syntax. Does not look at the public suffix.
 */
export function normaliseHostname(input: string): HostnameForms | HostnameSyntaxError {
  let s = input.trim();
  if (s.endsWith('.') && !s.endsWith('..')) s = s.slice(0, -1);
  // ASCII input is checked as written, so each problem gets its own code; Unicode input is mapped first.
  let ascii: string;
  if (/^[\x20-\x7e]*$/.test(s)) {
    ascii = s.toLowerCase();
    const err = hostnameSyntaxError(ascii);
    if (err) return err;
    if (ascii.includes('xn--') && domainToASCII(ascii) === '') return idnError(s);
  } else {
    ascii = domainToASCII(s);
    if (ascii === '') return idnError(s);
    if (ascii.endsWith('.')) ascii = ascii.slice(0, -1);
    const err = hostnameSyntaxError(ascii);
    if (err) return err;
  }
  return { ascii, unicode: domainToUnicode(ascii) };
}

function idnError(s: string): HostnameSyntaxError {
  return {
    code: 'DOMAIN_IDN',
    message: {
      zh: `${showInput(s)} 不能转换为有效的国际化域名（含不允许的字符或错误的 xn-- 编码）；请核对域名的写法`,
      en: `${showInput(s)} cannot be converted to a valid internationalised domain name (a character that is not allowed, or a broken xn-- label); check how it is written`,
    },
  };
}

/** The host name of something that looks like a URL, for the "give the host name only" hint. */
function hostOf(s: string): string | undefined {
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`);
    return u.hostname || undefined;
  } catch {
    return undefined;
  }
}

export interface DomainDetails {
  /** ASCII (punycode) form, also the value */
  ascii: string;
  /** Unicode form, as shown to people */
  unicode: string;
  /** the registrable domain under the whole Public Suffix List, private suffixes included */
  registrableDomain: string;
  /** the public suffix it sits under, e.g. com.cn or github.io */
  publicSuffix: string;
  /** true when that suffix is in the ICANN section of the list (false for private suffixes like github.io) */
  isIcann: boolean;
  /** the registrable domain under the ICANN section only: the name someone registered with a registrar */
  icannRegistrableDomain: string;
  /** labels before the registrable domain, '' when none */
  subdomain: string;
}

/**
 * Validates a domain name given as a host name (no scheme, path or port). `value` is the lower-case ASCII
 * (punycode) form without a trailing dot; details per DomainDetails.
 */
export function validateDomain(input: unknown): Validation {
  if (typeof input !== 'string') return wrongTypeResult('DOMAIN_TYPE', SUBJECT, input);
  const s = input.trim();
  if (s === '') return emptyResult('DOMAIN_EMPTY', SUBJECT, 'example.cn');
  const bare = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  if (isIP(bare) !== 0) {
    return validationFail(
      'DOMAIN_IP',
      {
        zh: `${showInput(s)} 是 IP 地址，不是域名；请填写域名，例如 example.cn`,
        en: `${showInput(s)} is an IP address, not a domain name; give a domain name, e.g. example.cn`,
      },
      { ip: bare },
    );
  }
  if (URL_LIKE.test(s)) {
    const host = hostOf(s);
    return validationFail(
      'DOMAIN_URL',
      host
        ? {
            zh: `${showInput(s)} 是网址而不是域名；只填主机名，即 ${host}（不含 http://、端口和路径）`,
            en: `${showInput(s)} is a URL, not a domain name; give the host name only, i.e. ${host} (no http://, port or path)`,
          }
        : {
            zh: `${showInput(s)} 含有网址中的符号（://、/、?、#、@ 或 :）；只填主机名，例如 www.example.cn`,
            en: `${showInput(s)} contains URL characters (://, /, ?, #, @ or :); give the host name only, e.g. www.example.cn`,
          },
      host ? { host } : undefined,
    );
  }
  const forms = normaliseHostname(s);
  if ('code' in forms) return validationFail(forms.code, forms.message, forms.details);
  const { ascii, unicode } = forms;
  const all = parseTld(ascii, { allowPrivateDomains: true, extractHostname: false });
  if (all.isIp) {
    return validationFail('DOMAIN_IP', {
      zh: `${showInput(s)} 是 IP 地址，不是域名；请填写域名`,
      en: `${showInput(s)} is an IP address, not a domain name; give a domain name`,
    });
  }
  if (!all.isIcann && !all.isPrivate) {
    const tld = ascii.slice(ascii.lastIndexOf('.') + 1);
    return validationFail(
      'DOMAIN_UNKNOWN_SUFFIX',
      {
        zh: `顶级域 ".${domainToUnicode(tld)}" 不在公共后缀列表中，无法在公网注册（如 .local、.test、.internal 只用于内部网络）；请填写已注册的公网域名`,
        en: `the top-level domain ".${domainToUnicode(tld)}" is not on the Public Suffix List, so it cannot be registered publicly (names like .local, .test and .internal are for internal networks); give a registered public domain`,
      },
      { tld },
    );
  }
  if (!all.domain || !all.publicSuffix) {
    return validationFail(
      'DOMAIN_PUBLIC_SUFFIX',
      {
        zh: `"${unicode}" 本身是公共后缀（如 com.cn、github.io），不能单独注册或备案；请填写其下的域名，例如 example.${unicode}`,
        en: `"${unicode}" is itself a public suffix (like com.cn or github.io) and cannot be registered or filed on its own; give a name under it, e.g. example.${unicode}`,
      },
      { publicSuffix: ascii, isIcann: all.isIcann === true },
    );
  }
  const icann = all.isIcann
    ? all.domain
    : (parseTld(ascii, { allowPrivateDomains: false, extractHostname: false }).domain ?? all.domain);
  const details: DomainDetails = {
    ascii,
    unicode,
    registrableDomain: all.domain,
    publicSuffix: all.publicSuffix,
    isIcann: all.isIcann === true,
    icannRegistrableDomain: icann,
    subdomain: all.subdomain ?? '',
  };
  const shown = unicode === ascii ? ascii : `${unicode}（${ascii}）`;
  const shownEn = unicode === ascii ? ascii : `${unicode} (${ascii})`;
  return validationOk(
    'DOMAIN_OK',
    {
      zh: `域名 ${shown} 有效，可注册域名为 ${all.domain}`,
      en: `the domain name ${shownEn} is valid; its registrable domain is ${all.domain}`,
    },
    ascii,
    details as unknown as Record<string, unknown>,
  );
}
