/**
 * Errors as RFC 9457 problem details (application/problem+json), with a stable machine-readable `code` and a
 * message in the request's language (zh by default, en on request). One catalogue for the whole API.
 */
import type { Text } from '@icpdesk/kb';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type Lang = 'zh' | 'en';
export type { Text };

/** a detail or field message: one string (used as is, e.g. a value echoed back) or a text in both languages */
export type Detail = string | Text;

/** the text in `lang`; a plain string is used as is */
export function inLang(t: Detail, lang: Lang): string;
export function inLang(t: Detail | undefined, lang: Lang): string | undefined;
export function inLang(t: Detail | undefined, lang: Lang): string | undefined {
  return t === undefined || typeof t === 'string' ? t : t[lang];
}

/** several texts as one: "；" between the Chinese ones, "; " between the English ones */
export const joinTexts = (ts: readonly Text[]): Text => ({
  zh: ts.map((t) => t.zh).join('；'),
  en: ts.map((t) => t.en).join('; '),
});

/** a field-level problem as thrown: its message in one or both languages */
export interface FieldProblem {
  path: string;
  code?: string;
  message: Detail;
}

export const problems = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容不符合要求', en: 'The request is not valid' },
  INVALID_PROFILE: { status: 400, zh: '业务档案不符合要求', en: 'The business profile is not valid' },
  INVALID_PACKAGE: {
    status: 400,
    zh: '申请材料包无法读取或清单无效',
    en: 'The application package cannot be read or its manifest is invalid',
  },
  INVALID_USCC: {
    status: 400,
    zh: '统一社会信用代码无效',
    en: 'The unified social credit code is not valid',
  },
  INVALID_CURSOR: { status: 400, zh: '分页游标无效', en: 'The pagination cursor is not valid' },
  ORGANISATION_REQUIRED: {
    status: 400,
    zh: '请在 X-Organisation 请求头中指明机构',
    en: 'Name the organisation in the X-Organisation header',
  },
  ORGANISATION_UNKNOWN: {
    status: 400,
    zh: '您不是 X-Organisation 所指机构的成员',
    en: 'You are not a member of the organisation named in X-Organisation',
  },
  FORBIDDEN: { status: 403, zh: '您的角色无权执行此操作', en: 'Your role may not do this' },
  USCC_TAKEN: {
    status: 409,
    zh: '本机构已有使用该统一社会信用代码的公司',
    en: 'A company with this unified social credit code exists in the organisation',
  },
  COMPANY_IN_USE: {
    status: 409,
    zh: '该公司已有申请、许可证、文件或登记记录，不能删除',
    en: 'The company has applications, licences, documents or register entries and cannot be deleted',
  },
  // organisation access: members, invitations, client links, API tokens
  TOKEN_ORGANISATION_MISMATCH: {
    status: 400,
    zh: 'X-Organisation 与 API 令牌所属机构不一致',
    en: 'X-Organisation does not name the organisation of the API token',
  },
  PASSWORD_REJECTED: { status: 400, zh: '密码不符合要求', en: 'The password does not meet the rules' },
  COMPANY_UNKNOWN: {
    status: 400,
    zh: '本机构没有所列的某个公司',
    en: 'A listed company is not one of the organisation',
  },
  LAST_OWNER: {
    status: 409,
    zh: '机构至少需要保留一名所有者',
    en: 'The organisation must keep at least one owner',
  },
  NOT_A_CLIENT: {
    status: 409,
    zh: '只有客户角色的成员才能关联公司',
    en: 'Only members with the client role are linked to companies',
  },
  ALREADY_MEMBER: { status: 409, zh: '该用户已是本机构成员', en: 'The user is already a member' },
  INVITATION_NOT_FOUND: { status: 404, zh: '邀请链接无效', en: 'The invitation link is not valid' },
  INVITATION_EXPIRED: { status: 410, zh: '邀请链接已过期', en: 'The invitation link has expired' },
  INVITATION_ACCEPTED: { status: 410, zh: '邀请链接已被使用', en: 'The invitation link has been used' },
  INVITATION_REVOKED: { status: 410, zh: '邀请已被撤销', en: 'The invitation has been revoked' },
  INVITATION_MAIL_SENDING: {
    status: 409,
    zh: '邀请邮件正在发送',
    en: 'The invitation e-mail is being sent',
  },
  INVITATION_SIGN_IN_REQUIRED: {
    status: 401,
    zh: '该邮箱已有账户，请先以该账户登录再接受邀请',
    en: 'An account with this e-mail exists; sign in as it to accept the invitation',
  },
  INVITATION_EMAIL_MISMATCH: {
    status: 403,
    zh: '邀请发给了另一个邮箱，请以该邮箱的账户登录',
    en: 'The invitation is for another e-mail address; sign in as that account',
  },
  // company shareholders and contacts; stored assessments
  INVALID_SHAREHOLDERS: {
    status: 400,
    zh: '股东结构不符合要求',
    en: 'The shareholder tree is not valid',
  },
  INVALID_CONTACT: { status: 400, zh: '联系人信息不符合要求', en: 'A contact is not valid' },
  PROFILE_MISSING: {
    status: 409,
    zh: '该公司尚无业务档案，请先填写档案或在请求中提供',
    en: 'The company has no business profile yet; enter one or send it with the request',
  },
  PROFILE_OUTDATED: {
    status: 409,
    zh: '保存的业务档案已不符合当前知识库，请更新档案',
    en: 'The stored business profile is no longer valid under the current knowledge base; update it',
  },
  // licences; import and export of companies and licences
  INVALID_LICENCE: { status: 400, zh: '许可证信息不符合要求', en: 'The licence is not valid' },
  LICENCE_NUMBER_TAKEN: {
    status: 409,
    zh: '本机构已有该编号的许可证',
    en: 'A licence with this number exists in the organisation',
  },
  APPLICATION_NOT_APPROVED: {
    status: 409,
    zh: '只有已批准的申请才能生成许可证',
    en: 'A licence is created from an approved application only',
  },
  APPLICATION_HAS_LICENCE: {
    status: 409,
    zh: '该申请已生成许可证',
    en: 'The application has a licence already',
  },
  LICENCE_IN_USE: {
    status: 409,
    zh: '该许可证被其他记录引用，不能删除',
    en: 'Other records refer to the licence; it cannot be deleted',
  },
  INVALID_CHANGE: {
    status: 400,
    zh: '拟议变更不符合要求',
    en: 'The proposed change is not valid',
  },
  // the register (filings, domains, servers, number resources, annual reports)
  INVALID_REGISTER_ENTRY: {
    status: 400,
    zh: '登记记录不符合要求',
    en: 'The register entry is not valid',
  },
  REGISTER_KEY_TAKEN: {
    status: 409,
    zh: '本机构已有该登记记录（同一编号或名称）',
    en: 'An entry with this number or name exists in the organisation',
  },
  // obligation records: an obligation recorded done or waived
  INVALID_OBLIGATION_RECORD: {
    status: 400,
    zh: '义务记录不符合要求（完成日期或豁免理由）',
    en: 'The obligation record is not valid (its day or its reason)',
  },
  OBLIGATION_UNKNOWN: {
    status: 422,
    zh: '没有这项义务（按今天计算、您可见的义务中）；请从义务列表取用其 id',
    en: 'No such obligation among those you see as of today; take its id from the obligations list',
  },
  OBLIGATION_RECORDED: {
    status: 409,
    zh: '该义务已有记录；如需更改请先撤销',
    en: 'The obligation is recorded already; undo that record to change it',
  },
  OBLIGATION_ALREADY_DONE: {
    status: 409,
    zh: '该义务已由其本身的登记或申请记录完成；请修改那条记录',
    en: 'The obligation is done by a record of its own (register entry or application); change that record',
  },
  IMPORT_FILE_TYPE: {
    status: 415,
    zh: '文件不是可导入的电子表格（.xlsx 或 UTF-8 .csv）',
    en: 'The file is not a spreadsheet that can be imported (.xlsx or UTF-8 .csv)',
  },
  IMPORT_FILE_CORRUPT: {
    status: 400,
    zh: '文件已损坏，无法读取',
    en: 'The file is damaged and cannot be read',
  },
  IMPORT_ENCODING: {
    status: 400,
    zh: 'CSV 文件不是 UTF-8 编码',
    en: 'The CSV file is not UTF-8',
  },
  IMPORT_TOO_LARGE: {
    status: 413,
    zh: '文件或其解压后的内容超过上限',
    en: 'The file, or what it expands to, exceeds the limit',
  },
  IMPORT_TOO_MANY_ROWS: { status: 413, zh: '文件的行数超过上限', en: 'The file has too many rows' },
  IMPORT_HEADER: {
    status: 422,
    zh: '表头（第一行的列名）有误，未导入任何数据',
    en: 'The header row (column names) is not valid; nothing was imported',
  },
  IMPORT_ROWS_INVALID: {
    status: 422,
    zh: '部分行有误，未导入任何数据',
    en: 'Some rows are not valid; nothing was imported',
  },
  // notification channels
  WEBHOOK_ADDRESS_REFUSED: {
    status: 422,
    zh: 'Webhook 地址指向内部网络（回环、链路本地、私有或云元数据地址）或无法解析，不予使用',
    en: 'The webhook URL points to an internal network address (loopback, link-local, private or cloud metadata) or does not resolve',
  },
  // documents: upload, versions, download
  FILE_REQUIRED: {
    status: 400,
    zh: '请求中没有文件，请在 file 字段中上传一个文件',
    en: 'The request has no file; upload one in the "file" field',
  },
  TOO_MANY_FILES: { status: 400, zh: '一次只能上传一个文件', en: 'Upload one file at a time' },
  EMPTY_FILE: { status: 400, zh: '文件是空的', en: 'The file is empty' },
  INVALID_FILE_NAME: {
    status: 400,
    zh: '文件名无效（不能含路径、控制字符，且不超过 255 字节）',
    en: 'The file name is not valid (no paths or control characters, at most 255 bytes)',
  },
  FILE_EXTENSION_MISMATCH: {
    status: 400,
    zh: '文件扩展名与文件实际格式不一致',
    en: "The file name's extension does not match the file's content",
  },
  UNKNOWN_CHECKLIST_ITEM: {
    status: 400,
    zh: '材料清单中没有该材料编号',
    en: 'No checklist material has this id',
  },
  DOCUMENT_LINK_REQUIRED: {
    status: 400,
    zh: '请指明文件所属的公司或申请（或新版本所属的文件系列）',
    en: 'Name the company or application of the document (or the series of a new version)',
  },
  APPLICATION_COMPANY_MISMATCH: {
    status: 400,
    zh: '该申请不属于所指的公司',
    en: 'The application does not belong to the company given',
  },
  SERIES_LINK_MISMATCH: {
    status: 400,
    zh: '新版本沿用其文件系列的公司、申请和材料，所给值与之不一致',
    en: "A new version keeps its series' company, application and checklist item; the values given differ",
  },
  UNSUPPORTED_DOCUMENT_TYPE: {
    status: 415,
    zh: '不接受该文件格式（以文件内容判断，不看扩展名）',
    en: 'This file type is not accepted (judged by the content, not the extension)',
  },
  DOCUMENT_IN_USE: {
    status: 409,
    zh: '该文件已被申请的材料进度或事件引用，不能删除',
    en: "The document is named by an application's checklist progress or events and cannot be deleted",
  },
  VERSION_CONFLICT: {
    status: 409,
    zh: '同一文件的其他版本正在同时上传，请重试',
    en: 'Other versions of the document were being uploaded at the same time; try again',
  },
  DOCUMENT_DAMAGED: {
    status: 500,
    zh: '存储的文件缺失或已损坏',
    en: 'The stored file is missing or damaged',
  },
  // applications (cases), their state machine and events
  INVALID_TRANSITION: {
    status: 409,
    zh: '申请当前状态不允许这一变更',
    en: 'The application cannot move to that state from its current one',
  },
  NOT_DRAFT: {
    status: 409,
    zh: '只有草稿状态的申请才能这样修改或删除',
    en: 'Only a draft application can be changed or deleted this way',
  },
  NO_TEMPLATES: {
    status: 422,
    zh: '知识库中没有适用于该申请的文书模板',
    en: 'The knowledge base has no document template for this application',
  },
  UNKNOWN_MATERIAL: {
    status: 400,
    zh: '所列的材料没有适用于该申请的文书模板',
    en: 'A listed material has no document template for this application',
  },
  PACKAGE_INCOMPLETE: {
    status: 409,
    zh: '申请材料包的清单（application.yaml）缺少必填信息',
    en: "The package's manifest (application.yaml) lacks required fields",
  },
  APPLICATION_INCOMPLETE: {
    status: 409,
    zh: '申请信息不完整，不能提交',
    en: 'The application is incomplete and cannot be submitted',
  },
  APPLICATION_IN_USE: {
    status: 409,
    zh: '该申请已关联文件，不能删除',
    en: 'Documents are linked to the application; it cannot be deleted',
  },
  INVALID_EVENT_DATE: {
    status: 400,
    zh: '日期无效：不能晚于今天，也不能早于上一事件',
    en: 'The date is not valid: not after today and not before the previous event',
  },
  EVENT_NOT_ALLOWED: {
    status: 409,
    zh: '申请当前情况下不能记录该事件',
    en: 'That event cannot be recorded for the application as it stands',
  },
  UNKNOWN_DOCUMENT: {
    status: 400,
    zh: '本机构没有所列的某个文件',
    en: 'A listed document is not one of the organisation',
  },
  DOCUMENT_OF_OTHER_COMPANY: {
    status: 400,
    zh: '所列的某个文件属于其他公司，不能用于该申请',
    en: "A listed document belongs to another company than the application's",
  },
  INVALID_LICENCE_CODE: {
    status: 400,
    zh: '许可业务代码不在业务分类目录中',
    en: 'The licence code is not in the classification catalogue',
  },
  UNKNOWN_AUTHORITY: { status: 400, zh: '没有该许可机关', en: 'No such licensing authority' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  URI_TOO_LONG: { status: 414, zh: '请求地址过长', en: 'The request URI is too long' },
  HEADERS_TOO_LARGE: {
    status: 431,
    zh: '请求头过大',
    en: 'The request header fields are too large',
  },
  MALFORMED_REQUEST: {
    status: 400,
    zh: '请求不是有效的 HTTP 请求',
    en: 'The request is not valid HTTP',
  },
  REQUEST_TIMEOUT: { status: 408, zh: '请求未能及时送达', en: 'The request did not arrive in time' },
  MALFORMED_MULTIPART: {
    status: 400,
    zh: 'multipart/form-data 请求体格式错误',
    en: 'The multipart/form-data body is malformed',
  },
  NUL_CHARACTER: {
    status: 400,
    zh: '请求中含有空字符（U+0000）',
    en: 'The request contains a NUL character (U+0000)',
  },
  JSON_TOO_DEEP: { status: 400, zh: 'JSON 请求体嵌套过深', en: 'The JSON body is nested too deeply' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign in first' },
  LOGIN_FAILED: { status: 401, zh: '邮箱或密码不正确', en: 'The e-mail address or password is not correct' },
  CSRF_FAILED: {
    status: 403,
    zh: '缺少或错误的 CSRF 令牌（X-CSRF-Token）',
    en: 'The CSRF token (X-CSRF-Token) is missing or wrong',
  },
  NOT_FOUND: { status: 404, zh: '资源不存在', en: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的请求方法', en: 'Method not allowed' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  NOT_READY: { status: 503, zh: '服务尚未就绪', en: 'The service is not ready' },
  DB_UNAVAILABLE: {
    status: 503,
    zh: '数据库暂时无法访问，请稍后再试',
    en: 'The database cannot be reached at the moment; try again later',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const;
export type ProblemCode = keyof typeof problems;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail?: string;
  instance?: string;
  /** field-level problems: where in the request, and what */
  errors?: { path: string; code?: string; message: string }[];
}

export class HttpProblem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: Detail,
    readonly errors?: readonly FieldProblem[],
  ) {
    super(inLang(detail, 'en') ?? code);
    this.name = 'HttpProblem';
  }
}

/** zh unless the client prefers English (Accept-Language, or ?lang=en). */
export function langOf(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'en' || q === 'zh') return q;
  const h = req.headers['accept-language'];
  if (!h) return 'zh';
  const first = h.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

export function problemBody(
  req: FastifyRequest,
  code: ProblemCode,
  detail?: Detail,
  errors?: readonly FieldProblem[],
): ProblemBody {
  const p = problems[code];
  const lang = langOf(req);
  const body: ProblemBody = {
    type: `https://icpdesk.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: p[lang],
    status: p.status,
    code,
    instance: req.url,
  };
  const d = inLang(detail, lang);
  if (d) body.detail = d;
  if (errors?.length) body.errors = errors.map((e) => ({ ...e, message: inLang(e.message, lang) }));
  return body;
}

/** seconds a client should wait before trying again after a 503 */
export const RETRY_AFTER_SECONDS = 5;

export function sendProblem(
  req: FastifyRequest,
  reply: FastifyReply,
  code: ProblemCode,
  detail?: Detail,
  errors?: readonly FieldProblem[],
) {
  const body = problemBody(req, code, detail, errors);
  // the service is unavailable for now: when to try again (RFC 9110 §10.2.3)
  if (body.status === 503 && !reply.hasHeader('retry-after'))
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.status(body.status).type('application/problem+json; charset=utf-8').send(body);
}
