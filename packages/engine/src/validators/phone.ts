/**
 * Mainland China telephone numbers (numbering plan of the Telecommunications Network Numbering Plan):
 *   - mobile: 11 digits, 1 then 3–9, optionally after +86, 0086 or 86;
 *   - landline: trunk prefix 0 + a 2- or 3-digit area code (010 and 020–029 are the 3-digit ones, every
 *     other area code has 4 digits), then a 7- or 8-digit local number not starting with 0 or 1, then an
 *     optional extension (转 / 分机 / ext / x / # and up to 6 digits, or a third hyphen group);
 *   - 400 and 800 service numbers: 10 digits.
 * Spaces, hyphens and parentheses between groups are accepted; full-width digits are folded to ASCII.
 * `value` is E.164 for mobiles and landlines (landline extensions as ";ext=N"), plain digits for 400/800.
 */
import {
  emptyResult,
  showInput,
  type Validation,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

export const phoneCodes = [
  'PHONE_OK',
  'PHONE_TYPE',
  'PHONE_EMPTY',
  'PHONE_CHARSET',
  'PHONE_COUNTRY_CODE',
  'PHONE_MOBILE_PREFIX',
  'PHONE_MOBILE_LENGTH',
  'PHONE_AREA_CODE',
  'PHONE_AREA_CODE_MISSING',
  'PHONE_LOCAL_NUMBER',
  'PHONE_SERVICE_NUMBER',
  'PHONE_EXTENSION',
  'PHONE_UNRECOGNISED',
] as const;
export type PhoneCode = (typeof phoneCodes)[number];

export type PhoneKind = 'mobile' | 'landline' | 'service';

const SUBJECT = { zh: '电话号码', en: 'The phone number' };
/** an extension at the end; no leading wildcard, so matching stays linear */
const EXT_RE = /(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/i;
/** longer than any phone number with an extension, however it is spaced */
const MAX_LENGTH = 64;
const MAIN_RE = /^\+?[\d\s()-]+$/;

/** Length of the area code (with its leading 0) that a domestic number starting with 0 must have. */
export function areaCodeLength(digits: string): 3 | 4 {
  return digits.startsWith('010') || /^02\d/.test(digits) ? 3 : 4;
}

function ok(
  kind: PhoneKind,
  value: string,
  display: string,
  extra: Record<string, unknown> = {},
): Validation {
  return validationOk(
    'PHONE_OK',
    {
      zh: `电话号码有效（${kindZh[kind]}）：${display}`,
      en: `the phone number is a valid ${kindEn[kind]}: ${display}`,
    },
    value,
    { kind, display, ...extra },
  );
}
const kindZh: Record<PhoneKind, string> = { mobile: '手机', landline: '固定电话', service: '400/800 号码' };
const kindEn: Record<PhoneKind, string> = {
  mobile: 'mobile number',
  landline: 'landline number',
  service: '400/800 service number',
};

/** Validates a mainland China mobile, landline or 400/800 number. */
export function validatePhone(input: unknown): Validation {
  if (typeof input !== 'string') return wrongTypeResult('PHONE_TYPE', SUBJECT, input);
  const s = input.normalize('NFKC').trim();
  if (s === '') return emptyResult('PHONE_EMPTY', SUBJECT, '138 0013 8000');
  if (s.length > MAX_LENGTH) return unrecognised(s);

  let main = s;
  let extension: string | undefined;
  const ext = EXT_RE.exec(s);
  if (ext) {
    main = s.slice(0, ext.index).trimEnd();
    extension = ext[1]!;
  }
  if (!MAIN_RE.test(main)) {
    const bad = [...main].find((c) => !/[\d\s()+-]/.test(c));
    if (bad === undefined) return validationFail('PHONE_CHARSET', plusMessage, { char: '+' });
    return validationFail(
      'PHONE_CHARSET',
      {
        zh: `电话号码中有不应出现的字符 ${JSON.stringify(bad)}；只写数字，可用空格或连字符分组，分机号写在"转"之后`,
        en: `the phone number contains ${JSON.stringify(bad)}, which does not belong; write digits only, grouped with spaces or hyphens, with an extension after "ext"`,
      },
      { char: bad },
    );
  }
  const groups = main.split(/[\s()-]+/).filter((g) => g !== '');
  let digits = groups.join('');
  let international = false;
  if (digits.startsWith('+')) {
    if (!digits.startsWith('+86')) return foreign(digits);
    digits = digits.slice(3);
    international = true;
  } else if (digits.startsWith('00')) {
    if (!digits.startsWith('0086')) return foreign(`+${digits.slice(2)}`);
    digits = digits.slice(4);
    international = true;
  } else if (digits.startsWith('86') && digits.length === 13 && digits[2] === '1') {
    digits = digits.slice(2);
    international = true;
  }

  // mobile
  if (digits.startsWith('1') && !(international && digits.startsWith('10'))) {
    if (digits.length !== 11) {
      return validationFail(
        'PHONE_MOBILE_LENGTH',
        {
          zh: `手机号码应为11位，这里是${digits.length}位；请核对是否多输或漏输了数字`,
          en: `a mobile number has 11 digits, this has ${digits.length}; check for a missing or extra digit`,
        },
        { length: digits.length },
      );
    }
    if (!/^1[3-9]/.test(digits)) {
      return validationFail(
        'PHONE_MOBILE_PREFIX',
        {
          zh: `手机号码 ${digits} 的第二位是 ${digits[1]}，大陆手机号以 13–19 开头；请核对前两位`,
          en: `the mobile number ${digits} has ${digits[1]} as its second digit, but mainland mobiles start 13 to 19; check the first two digits`,
        },
        { prefix: digits.slice(0, 2) },
      );
    }
    if (extension !== undefined) return extOnNonLandline('mobile');
    return ok('mobile', `+86${digits}`, `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`);
  }

  // 400 / 800
  if (!international && /^[48]00/.test(digits)) {
    if (digits.length !== 10) {
      return validationFail(
        'PHONE_SERVICE_NUMBER',
        {
          zh: `${digits.slice(0, 3)} 号码应为10位，这里是${digits.length}位；请核对`,
          en: `a ${digits.slice(0, 3)} number has 10 digits, this has ${digits.length}; check it`,
        },
        { length: digits.length },
      );
    }
    if (extension !== undefined) return extOnNonLandline('service');
    return ok('service', digits, `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`);
  }

  // landline
  if (international) digits = `0${digits}`;
  if (!digits.startsWith('0')) {
    if (digits.length === 7 || digits.length === 8) {
      return validationFail('PHONE_AREA_CODE_MISSING', {
        zh: `固定电话 ${digits} 缺少区号；请在前面加上区号，例如 010-${digits}（北京）或 0755-${digits}（深圳）`,
        en: `the landline ${digits} has no area code; put the area code in front, e.g. 010-${digits} (Beijing) or 0755-${digits} (Shenzhen)`,
      });
    }
    return unrecognised(s);
  }
  const areaLen = areaCodeLength(digits);
  // a leading group (possibly in parentheses) that starts with 0 is the area code as written
  const firstGroup = international ? undefined : groups[0];
  if (
    firstGroup !== undefined &&
    groups.length > 1 &&
    firstGroup.startsWith('0') &&
    firstGroup.length !== areaLen
  ) {
    return validationFail(
      'PHONE_AREA_CODE',
      {
        zh: `区号 ${firstGroup} 的位数不对：以 ${digits.slice(0, areaLen === 3 ? 3 : 2)} 开头的区号应为${areaLen}位（含开头的0）；请核对区号`,
        en: `the area code ${firstGroup} has the wrong length: area codes starting ${digits.slice(0, areaLen === 3 ? 3 : 2)} have ${areaLen} digits including the leading 0; check it`,
      },
      { areaCode: firstGroup },
    );
  }
  const areaCode = digits.slice(0, areaLen);
  let local = digits.slice(areaLen);
  // area-local-extension written as three groups: 010-12345678-123
  if (
    extension === undefined &&
    !international &&
    groups.length === 3 &&
    groups[0] === areaCode &&
    (groups[1]!.length === 7 || groups[1]!.length === 8)
  ) {
    local = groups[1]!;
    extension = groups[2]!;
    if (extension.length > 6) return badExtension(extension);
  }
  if (local.length < 7 || local.length > 8 || local[0] === '0' || local[0] === '1') {
    return validationFail(
      'PHONE_LOCAL_NUMBER',
      {
        zh: `区号 ${areaCode} 之后的本地号码 ${showInput(local)} 应为7或8位且不以0或1开头；请核对号码`,
        en: `the local number after area code ${areaCode}, ${showInput(local)}, must have 7 or 8 digits and not start with 0 or 1; check it`,
      },
      { areaCode, localNumber: local },
    );
  }
  const e164 = `+86${areaCode.slice(1)}${local}`;
  return ok(
    'landline',
    extension === undefined ? e164 : `${e164};ext=${extension}`,
    `${areaCode}-${local}${extension === undefined ? '' : ` 转 ${extension}`}`,
    extension === undefined ? { areaCode } : { areaCode, extension },
  );
}

const plusMessage = {
  zh: '"+" 只能出现在号码开头的国家代码之前；请删去多余的 "+"',
  en: 'a "+" may only come first, before the country code; remove the extra "+"',
};

function foreign(number: string): Validation {
  return validationFail(
    'PHONE_COUNTRY_CODE',
    {
      zh: `号码 ${number} 的国家/地区代码不是中国大陆的 +86；请填写中国大陆的手机或固定电话号码`,
      en: `the number ${number} has a country code other than mainland China's +86; give a mainland mobile or landline number`,
    },
    { number },
  );
}

function extOnNonLandline(kind: PhoneKind): Validation {
  return validationFail('PHONE_EXTENSION', {
    zh: `${kindZh[kind]}没有分机号；请删去分机部分`,
    en: `a ${kindEn[kind]} has no extension; remove the extension`,
  });
}

function badExtension(ext: string): Validation {
  return validationFail(
    'PHONE_EXTENSION',
    {
      zh: `分机号 ${ext} 过长（最多6位）；请核对`,
      en: `the extension ${ext} is too long (6 digits at most); check it`,
    },
    { extension: ext },
  );
}

function unrecognised(s: string): Validation {
  return validationFail('PHONE_UNRECOGNISED', {
    zh: `${showInput(s)} 不像中国大陆的手机、固定电话或400/800号码；手机写11位（如 138 0013 8000），固话写区号加号码（如 010-2345 6789）`,
    en: `${showInput(s)} is not a mainland mobile, landline or 400/800 number; write a mobile as 11 digits (e.g. 138 0013 8000) or a landline as area code plus number (e.g. 010-2345 6789)`,
  });
}
