/**
 * What every tenant-scoped repository shares (companies.ts is the model to follow):
 *
 * - `Scope`: the organisation, user and role a call acts for. Every repository function takes one and adds
 *   `organisation_id = scope.organisationId` to each query itself; a client role additionally sees only the
 *   companies linked to it (`companyVisible`) and whatever hangs off them. An id of another organisation
 *   behaves exactly like a missing id (undefined / false → 404 in the routes).
 * - `RepoError`: a refusal with a stable code that the routes turn into a problem of the same code.
 * - LIKE patterns and the two databases' spellings of constraint violations.
 */
import type { Text } from '@icpdesk/kb';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database, Role } from './schema.ts';

export interface Scope {
  organisationId: string;
  /**
   * the acting user's id; OPERATOR_ID for the operator at the command line (e.g. `icpdesk draft
   * --application`), who is no user of the organisation: recorded as no user, named by `actorLabel`
   */
  userId: string;
  role: Role;
  /** for a client: the companies it may see; read from client_company_links when absent */
  linkedCompanyIds?: readonly string[];
  /** who, for the audit log (an e-mail, or "token:<name>"); the user id when absent */
  actorLabel?: string;
  /**
   * set when the request is authenticated by an API token: what the token may do. `read` allows reads,
   * `write` allows writes (and reads). Absent for a signed-in session, which has its role's rights.
   */
  tokenScopes?: readonly string[];
}

/** roles that change compliance data (companies, applications, licences, documents, assessments) */
export const WRITER_ROLES: readonly Role[] = ['owner', 'admin', 'consultant'];
/** roles that manage the organisation (members, invitations, API tokens) */
export const MANAGER_ROLES: readonly Role[] = ['owner', 'admin'];

export const canWrite = (role: Role) => WRITER_ROLES.includes(role);
export const canManage = (role: Role) => MANAGER_ROLES.includes(role);

export class RepoError<C extends string = string> extends Error {
  /** the message in both languages, when given so (`message` is then the English one) */
  readonly text?: Text;
  constructor(
    readonly code: C,
    message: string | Text,
  ) {
    super(typeof message === 'string' ? message : message.en);
    if (typeof message !== 'string') this.text = message;
    this.name = 'RepoError';
  }
}

/** a role's name in Chinese, for messages */
export const roleZh: Record<Role, string> = {
  owner: '所有者',
  admin: '管理员',
  consultant: '顾问',
  viewer: '查看者',
  client: '客户',
};

/** INVALID_CURSOR's detail for a cursor that does not decode or whose signature is wrong */
export const cursorNotOurs: Text = {
  zh: '该游标不是本 API 给出的',
  en: 'the cursor is not one this API gave out',
};

/** FORBIDDEN unless the scope's role writes compliance data (and its token, if any, may write) */
export function mustWrite(scope: Scope, what: Text): void {
  if (!canWrite(scope.role))
    throw new RepoError('FORBIDDEN', {
      zh: `${roleZh[scope.role]}角色无权修改${what.zh}`,
      en: `role ${scope.role} may not change ${what.en}`,
    });
  if (scope.tokenScopes && !scope.tokenScopes.includes('write'))
    throw new RepoError('FORBIDDEN', {
      zh: `该 API 令牌没有写入权限（write），不能修改${what.zh}`,
      en: `this API token has no write scope and may not change ${what.en}`,
    });
}

/** FORBIDDEN unless the scope's role manages the organisation */
export function mustManage(scope: Scope, what: Text): void {
  if (!canManage(scope.role))
    throw new RepoError('FORBIDDEN', {
      zh: `${roleZh[scope.role]}角色无权管理${what.zh}`,
      en: `role ${scope.role} may not manage ${what.en}`,
    });
  if (scope.tokenScopes && !scope.tokenScopes.includes('admin'))
    throw new RepoError('FORBIDDEN', {
      zh: `该 API 令牌没有管理权限（admin），不能管理${what.zh}`,
      en: `this API token has no admin scope and may not manage ${what.en}`,
    });
}

/** the user id of the operator at the command line, who acts with an organisation's owner rights */
export const OPERATOR_ID = '';

/** the acting user's id as rows record it: null for the operator */
export const actorIdOf = (scope: Scope): string | null =>
  scope.userId === OPERATOR_ID ? null : scope.userId;

export const auditActor = (scope: Scope) => ({
  organisationId: scope.organisationId,
  actorId: actorIdOf(scope),
  actorLabel: scope.actorLabel ?? scope.userId,
});

/**
 * What a scope sees of its organisation, as a key for kept results: all of it, or a client's linked companies
 * (the links themselves are read by companyVisible when the scope does not carry them)
 */
export const visibilityKey = (scope: Scope | undefined): string =>
  scope?.role === 'client' ? `client:${scope.userId}:${scope.linkedCompanyIds?.join(',') ?? ''}` : 'all';

/**
 * The scope's condition on a table with `organisation_id` and a company column: its organisation, and for
 * a client only rows of the companies linked to it. `table` names the table in the query (or its alias).
 */
export function companyVisible<T extends keyof Database & string>(
  scope: Scope,
  table: T,
  companyColumn = 'company_id',
) {
  // the column names are built from strings, so the builder is typed loosely here
  return (eb: ExpressionBuilder<Database, T>): Expression<SqlBool> => {
    const e = eb as unknown as ExpressionBuilder<Database, 'companies'>;
    const org = `${table}.organisation_id` as 'companies.organisation_id';
    const company = `${table}.${companyColumn}` as 'companies.id';
    const own = e(org, '=', scope.organisationId);
    if (scope.role !== 'client') return own;
    if (scope.linkedCompanyIds) {
      if (!scope.linkedCompanyIds.length) return e.and([own, e.lit(false)]);
      return e.and([own, e(company, 'in', [...scope.linkedCompanyIds])]);
    }
    return e.and([
      own,
      e(
        company,
        'in',
        e
          .selectFrom('client_company_links')
          .select('client_company_links.company_id')
          .where('client_company_links.organisation_id', '=', scope.organisationId)
          .where('client_company_links.user_id', '=', scope.userId),
      ),
    ]);
  };
}

/** `%text%` for `lower(column) like ? escape '\'`, with the wildcards of the text escaped */
export const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

// ------------------------------------------------------------------ constraint violations

const codeOf = (e: unknown) => (e as { code?: unknown })?.code;
/** SQLite and PostgreSQL spellings of a violated unique key */
export const isUniqueViolation = (e: unknown) =>
  codeOf(e) === '23505' ||
  codeOf(e) === 'SQLITE_CONSTRAINT_UNIQUE' ||
  codeOf(e) === 'SQLITE_CONSTRAINT_PRIMARYKEY';
/** SQLite and PostgreSQL spellings of a violated foreign key */
export const isForeignKeyViolation = (e: unknown) =>
  codeOf(e) === '23503' || codeOf(e) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
