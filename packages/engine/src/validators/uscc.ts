/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 *
 *   position 1      registration-authority code        (登记管理部门代码)
 *   position 2      entity-type code                   (机构类别代码)
 *   positions 3–8   administrative-division code       (登记管理机关行政区划码, GB/T 2260)
 *   positions 9–17  organisation code, GB 11714, whose 9th character (position 17) is its own check character
 *   position 18     check character, mod 31
 *
 * The hot path is one pass over the string with lookup tables: no regular expression, and no allocation
 * beyond the result unless the input needs normalising (spaces around it, lower case).
 */
import { PROVINCE_CODES } from './resident-id.ts';
import {
  emptyResult,
  showInput,
  type Validation,
  validationFail,
  validationOk,
  wrongTypeResult,
} from './result.ts';

export const usccCodes = [
  'USCC_OK',
  'USCC_TYPE',
  'USCC_EMPTY',
  'USCC_OLD_NUMBER',
  'USCC_LENGTH',
  'USCC_CHARSET',
  'USCC_REGISTRATION_AUTHORITY',
  'USCC_ENTITY_TYPE',
  'USCC_DIVISION_CODE',
  'USCC_ORG_CODE_CHECK',
  'USCC_CHECK_DIGIT',
] as const;
export type UsccCode = (typeof usccCodes)[number];

/** The 31 characters of the code, in the order of their values 0–30 (no I, O, S, V, Z). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17 for the check character: 3^(i-1) mod 31. */
export const USCC_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/** Weights of the 8 body characters of a GB 11714 organisation code. */
export const ORG_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

interface Named {
  zh: string;
  en: string;
}
interface AuthorityEntry extends Named {
  types: Record<string, Named>;
}

/**
 * Registration-authority codes (position 1) and the entity-type codes (position 2) each allows, as assigned
 * under GB 32100-2015 and the code tables published with it.
 */
export const usccRegistrationAuthorities: Readonly<Record<string, AuthorityEntry>> = {
  '1': {
    zh: '机构编制',
    en: 'institutional staffing',
    types: {
      '1': { zh: '机关', en: 'government body' },
      '2': { zh: '事业单位', en: 'public institution' },
      '3': {
        zh: '中央编办直接管理机构编制的群众团体',
        en: 'mass organisation staffed by the central staffing office',
      },
      '9': { zh: '其他', en: 'other' },
    },
  },
  '2': {
    zh: '外交',
    en: 'foreign affairs',
    types: {
      '1': { zh: '外国常驻新闻机构', en: 'resident foreign news agency' },
      '9': { zh: '其他', en: 'other' },
    },
  },
  '3': {
    zh: '司法行政',
    en: 'judicial administration',
    types: {
      '1': { zh: '律师执业机构', en: 'law firm' },
      '2': { zh: '公证处', en: 'notary office' },
      '3': { zh: '基层法律服务所', en: 'grassroots legal service office' },
      '4': { zh: '司法鉴定机构', en: 'forensic appraisal institution' },
      '5': { zh: '仲裁委员会', en: 'arbitration commission' },
      '9': { zh: '其他', en: 'other' },
    },
  },
  '4': {
    zh: '文化',
    en: 'culture',
    types: {
      '1': { zh: '外国在华文化中心', en: 'foreign cultural centre in China' },
      '9': { zh: '其他', en: 'other' },
    },
  },
  '5': {
    zh: '民政',
    en: 'civil affairs',
    types: {
      '1': { zh: '社会团体', en: 'social organisation' },
      '2': { zh: '民办非企业单位', en: 'private non-enterprise unit' },
      '3': { zh: '基金会', en: 'foundation' },
      '9': { zh: '其他', en: 'other' },
    },
  },
  '6': {
    zh: '旅游',
    en: 'tourism',
    types: {
      '1': { zh: '外国旅游部门常驻代表机构', en: 'resident office of a foreign tourism authority' },
      '2': {
        zh: '港澳台地区旅游部门常驻内地（大陆）代表机构',
        en: 'resident office of a Hong Kong, Macao or Taiwan tourism authority',
      },
      '9': { zh: '其他', en: 'other' },
    },
  },
  '7': {
    zh: '宗教',
    en: 'religious affairs',
    types: {
      '1': { zh: '宗教活动场所', en: 'place of religious activity' },
      '2': { zh: '宗教院校', en: 'religious school' },
      '9': { zh: '其他', en: 'other' },
    },
  },
  '8': {
    zh: '工会',
    en: 'trade unions',
    types: {
      '1': { zh: '基层工会', en: 'grassroots trade union' },
      '9': { zh: '其他', en: 'other' },
    },
  },
  '9': {
    zh: '工商（市场监管）',
    en: 'market regulation (industry and commerce)',
    types: {
      '1': { zh: '企业', en: 'enterprise' },
      '2': { zh: '个体工商户', en: 'individual business' },
      '3': { zh: '农民专业合作社', en: 'farmers’ cooperative' },
    },
  },
  A: {
    zh: '中央军委改革和编制办公室',
    en: 'Central Military Commission staffing office',
    types: {
      '1': { zh: '军队事业单位', en: 'military public institution' },
      '9': { zh: '其他', en: 'other' },
    },
  },
  N: {
    zh: '农业',
    en: 'agriculture',
    types: {
      '1': { zh: '组级集体经济组织', en: 'group-level collective economic organisation' },
      '2': { zh: '村级集体经济组织', en: 'village-level collective economic organisation' },
      '3': { zh: '乡镇级集体经济组织', en: 'township-level collective economic organisation' },
      '9': { zh: '其他', en: 'other' },
    },
  },
  Y: {
    zh: '其他',
    en: 'other',
    types: { '1': { zh: '其他', en: 'other' } },
  },
};

// ---------------------------------------------------------------- lookup tables

/** char code → value 0–30 in the USCC alphabet, -1 otherwise; lower-case letters map like upper case. */
const VAL = new Int8Array(128).fill(-1);
/** char code → GB 11714 value (digits 0–9, letters A–Z 10–35), -1 otherwise (upper case only). */
const ORG_VAL = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_ALPHABET.length; i++) {
  const c = USCC_ALPHABET.charCodeAt(i);
  VAL[c] = i;
  if (c >= 65) VAL[c + 32] = i;
}
for (let c = 48; c <= 57; c++) ORG_VAL[c] = c - 48;
for (let c = 65; c <= 90; c++) ORG_VAL[c] = c - 55;

/** allowed (authority, type) pairs indexed by VAL[authority] * 31 + VAL[type] */
const PAIR = new Uint8Array(31 * 31);
for (const [a, entry] of Object.entries(usccRegistrationAuthorities)) {
  for (const t of Object.keys(entry.types)) PAIR[VAL[a.charCodeAt(0)]! * 31 + VAL[t.charCodeAt(0)]!] = 1;
}
/** province prefixes (first two digits of the division code) as a 100-entry table, plus 10 (national level) */
const PROVINCE = new Uint8Array(100);
for (const p of PROVINCE_CODES) PROVINCE[Number(p)] = 1;
PROVINCE[10] = 1;

const W = Int32Array.from(USCC_WEIGHTS);
const OW = Int32Array.from(ORG_CODE_WEIGHTS);

/** The check character (position 18) for the first 17 characters, or undefined if they are not valid. */
export function usccCheckChar(first17: string): string | undefined {
  if (typeof first17 !== 'string' || first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = first17.charCodeAt(i);
    const v = c < 128 ? VAL[c]! : -1;
    if (v < 0) return undefined;
    sum += v * W[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** The GB 11714 check character for the 8 body characters of an organisation code, or undefined. */
export function orgCodeCheckChar(first8: string): string | undefined {
  if (typeof first8 !== 'string' || first8.length !== 8) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8.charCodeAt(i);
    const v = c < 128 ? ORG_VAL[c]! : -1;
    if (v < 0) return undefined;
    sum += v * OW[i]!;
  }
  return orgCheckFromSum(sum);
}

function orgCheckFromSum(sum: number): string {
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String.fromCharCode(48 + r);
}
const ORG_CHECK_CODE = new Int32Array(11); // sum % 11 → char code of the check character
for (let m = 0; m < 11; m++) ORG_CHECK_CODE[m] = orgCheckFromSum(m).charCodeAt(0);

export interface UsccParts {
  /** position 1, e.g. '9' */
  registrationAuthority: string;
  /** position 2, e.g. '1' */
  entityType: string;
  /** positions 3–8, six digits, e.g. '440300' */
  divisionCode: string;
  /** positions 9–16: the organisation code without its check character, 8 characters of the USCC alphabet */
  organisationBody: string;
}

/**
 * Builds a complete code from its parts, computing both check characters; for fixtures and generators.
 * Returns undefined when a part has the wrong length or characters. The parts are not checked against the
 * code tables: validateUscc does that.
 */
export function buildUscc(parts: UsccParts): string | undefined {
  const { registrationAuthority: a, entityType: t, divisionCode: d, organisationBody: o } = parts;
  if (a?.length !== 1 || t?.length !== 1 || d?.length !== 6 || o?.length !== 8) return undefined;
  if (!/^\d{6}$/.test(d)) return undefined;
  const body = `${a}${t}${d}${o}`.toUpperCase();
  const orgCheck = orgCodeCheckChar(o.toUpperCase());
  if (orgCheck === undefined) return undefined;
  const first17 = body + orgCheck;
  const check = usccCheckChar(first17);
  return check === undefined ? undefined : first17 + check;
}

// ---------------------------------------------------------------- validation

const SUBJECT = { zh: '统一社会信用代码', en: 'The unified social credit code' };
const EXAMPLE = '91440300MA5FXXXXXX';
const OK_MESSAGE = { zh: '统一社会信用代码有效', en: 'the unified social credit code is valid' };
/** what a forbidden letter is usually a mistyping of */
const LOOKALIKE: Record<string, string> = { I: '1', O: '0', S: '5', V: 'U', Z: '2' };

export interface UsccDetails {
  registrationAuthority: { code: string; name: Named };
  entityType: { code: string; name: Named };
  divisionCode: string;
  provinceCode: string;
  /** GB 11714 organisation code, written with its hyphen, e.g. MA5F1234-5 */
  organisationCode: string;
}

function needsNormalising(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  if (s.charCodeAt(0) <= 32 || s.charCodeAt(n - 1) <= 32) return true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/**
 * Validates a 统一社会信用代码. Surrounding white space and lower case are accepted; `value` is the trimmed,
 * upper-case code.
 */
export function validateUscc(input: unknown): Validation {
  if (typeof input !== 'string') return wrongTypeResult('USCC_TYPE', SUBJECT, input);
  const s = needsNormalising(input) ? input.trim().toUpperCase() : input;
  const n = s.length;
  if (n !== 18) return badLength(s);

  let sum = 0;
  let orgSum = 0;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? VAL[c]! : -1;
    if (v < 0) return badChar(s, i);
    sum += v * W[i]!;
    if (i >= 8 && i < 16) orgSum += ORG_VAL[c]! * OW[i - 8]!;
  }
  const c18 = s.charCodeAt(17);
  const v18 = c18 < 128 ? VAL[c18]! : -1;
  if (v18 < 0) return badChar(s, 17);

  const a = VAL[s.charCodeAt(0)]!;
  const t = VAL[s.charCodeAt(1)]!;
  if (PAIR[a * 31 + t] === 0) return badPair(s);
  let division = 0;
  for (let i = 2; i < 8; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return badDivision(s);
    division = division * 10 + c;
  }
  if (PROVINCE[(division / 10000) | 0] === 0) return badDivision(s);
  if (s.charCodeAt(16) !== ORG_CHECK_CODE[orgSum % 11]) return badOrgCheck(s, orgSum);
  if (v18 !== (31 - (sum % 31)) % 31) return badCheck(s, sum);

  const authority = usccRegistrationAuthorities[s[0]!]!;
  const details: UsccDetails = {
    registrationAuthority: { code: s[0]!, name: authority },
    entityType: { code: s[1]!, name: authority.types[s[1]!]! },
    divisionCode: s.slice(2, 8),
    provinceCode: s.slice(2, 4),
    organisationCode: `${s.slice(8, 16)}-${s[16]}`,
  };
  return validationOk('USCC_OK', OK_MESSAGE, s, details as unknown as Record<string, unknown>);
}

/** True for a valid code exactly as given (already trimmed and upper case): the allocation-free fast path. */
export function isUscc(s: unknown): boolean {
  if (typeof s !== 'string' || s.length !== 18) return false;
  let sum = 0;
  let orgSum = 0;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97) return false;
    const v = VAL[c]!;
    if (v === undefined || v < 0) return false;
    sum += v * W[i]!;
    if (i >= 8 && i < 16) orgSum += ORG_VAL[c]! * OW[i - 8]!;
    else if (i >= 2 && i < 8 && (c < 48 || c > 57)) return false;
  }
  const c18 = s.charCodeAt(17);
  if (c18 >= 97 || VAL[c18]! !== (31 - (sum % 31)) % 31) return false;
  if (PAIR[VAL[s.charCodeAt(0)]! * 31 + VAL[s.charCodeAt(1)]!] === 0) return false;
  const p = (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
  return PROVINCE[p] === 1 && s.charCodeAt(16) === ORG_CHECK_CODE[orgSum % 11];
}

// ---------------------------------------------------------------- failures (off the hot path)

function badLength(s: string): Validation {
  if (s.length === 0) return emptyResult('USCC_EMPTY', SUBJECT, EXAMPLE);
  if (/^\d{15}$/.test(s)) {
    return validationFail(
      'USCC_OLD_NUMBER',
      {
        zh: '这是15位的旧工商注册号，不是统一社会信用代码；请填写营业执照上18位的统一社会信用代码',
        en: 'this is an old 15-digit business registration number, not a unified social credit code; give the 18-character code printed on the business licence',
      },
      { kind: 'business-registration-number' },
    );
  }
  if (/^[0-9A-Z]{8}-?[0-9X]$/.test(s)) {
    return validationFail(
      'USCC_OLD_NUMBER',
      {
        zh: '这是9位的旧组织机构代码，不是统一社会信用代码；请填写营业执照或登记证书上18位的统一社会信用代码',
        en: 'this is an old 9-character organisation code, not a unified social credit code; give the 18-character code on the business licence or registration certificate',
      },
      { kind: 'organisation-code' },
    );
  }
  const hasInnerSpace = /[\s-]/.test(s);
  return validationFail(
    'USCC_LENGTH',
    {
      zh: `统一社会信用代码应为18位，这里是${s.length}位${hasInnerSpace ? '（含空格或连字符，请删去）' : ''}；请对照营业执照逐位核对`,
      en: `a unified social credit code has 18 characters, this has ${s.length}${hasInnerSpace ? ' (including spaces or hyphens: remove them)' : ''}; check it against the business licence`,
    },
    { length: s.length },
  );
}

function badChar(s: string, i: number): Validation {
  const ch = s[i]!;
  const hint = LOOKALIKE[ch];
  const shown = /\s/.test(ch) ? '空白' : ch;
  const shownEn = /\s/.test(ch) ? 'a space' : `"${ch}"`;
  return validationFail(
    'USCC_CHARSET',
    hint
      ? {
          zh: `第${i + 1}位是字母 ${ch}，统一社会信用代码不使用 I、O、S、V、Z；这里多半应为 ${hint}，请核对`,
          en: `position ${i + 1} is the letter ${ch}, which the code never uses (no I, O, S, V or Z); it is probably ${hint}, check it`,
        }
      : {
          zh: `第${i + 1}位是${shown}，统一社会信用代码只含数字和除 I、O、S、V、Z 以外的大写字母；请删去或改正`,
          en: `position ${i + 1} is ${shownEn}; the code contains only digits and capital letters other than I, O, S, V and Z, so remove or correct it`,
        },
    { position: i + 1, char: ch },
  );
}

function badPair(s: string): Validation {
  const entry = usccRegistrationAuthorities[s[0]!];
  if (!entry) {
    return validationFail(
      'USCC_REGISTRATION_AUTHORITY',
      {
        zh: `第1位登记管理部门代码 ${s[0]} 不存在（应为 1–9、A、N 或 Y，企业为 9）；请核对第1位`,
        en: `position 1, the registration-authority code, is ${s[0]}, which does not exist (it is 1–9, A, N or Y; 9 for businesses); check position 1`,
      },
      { registrationAuthority: s[0] },
    );
  }
  const valid = Object.keys(entry.types);
  return validationFail(
    'USCC_ENTITY_TYPE',
    {
      zh: `第2位机构类别代码 ${s[1]} 不属于登记管理部门"${entry.zh}"（${s[0]}）；该部门的类别代码为 ${valid.join('、')}，请核对前两位`,
      en: `position 2, the entity-type code, is ${s[1]}, which registration authority ${s[0]} (${entry.en}) does not use; its types are ${valid.join(', ')}, so check the first two characters`,
    },
    { registrationAuthority: s[0], entityType: s[1], validEntityTypes: valid },
  );
}

function badDivision(s: string): Validation {
  const d = s.slice(2, 8);
  const digits = /^\d{6}$/.test(d);
  return validationFail(
    'USCC_DIVISION_CODE',
    digits
      ? {
          zh: `第3–8位行政区划码 ${d} 的前两位 ${d.slice(0, 2)} 不是省级行政区代码；请核对第3–8位`,
          en: `positions 3–8, the administrative-division code ${d}, start with ${d.slice(0, 2)}, which is not a province-level code; check positions 3–8`,
        }
      : {
          zh: `第3–8位行政区划码 ${showInput(d)} 应为6位数字；请核对第3–8位`,
          en: `positions 3–8, the administrative-division code ${showInput(d)}, must be six digits; check positions 3–8`,
        },
    { divisionCode: d },
  );
}

function badOrgCheck(s: string, orgSum: number): Validation {
  const expected = String.fromCharCode(ORG_CHECK_CODE[orgSum % 11]!);
  return validationFail(
    'USCC_ORG_CODE_CHECK',
    {
      zh: `第9–17位组织机构代码 ${s.slice(8, 17)} 的校验码（第17位）不符；第9–17位中有录入错误，请对照证照核对`,
      en: `positions 9–17, the organisation code ${s.slice(8, 17)}, fail their own check character (position 17); one of positions 9–17 is mistyped, check them against the licence`,
    },
    { organisationCode: s.slice(8, 17), expectedOrgCheckChar: expected },
  );
}

function badCheck(s: string, sum: number): Validation {
  const expected = USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
  return validationFail(
    'USCC_CHECK_DIGIT',
    {
      zh: `统一社会信用代码 ${s} 的校验码（第18位）不符，说明某一位录入有误；请对照营业执照逐位核对`,
      en: `the check character (position 18) of ${s} does not match the other 17, so a character is mistyped; check each one against the business licence`,
    },
    { checkChar: s[17], expectedCheckChar: expected },
  );
}
