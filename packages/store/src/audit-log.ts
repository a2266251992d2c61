/**
 * Reading the audit log, tenant-scoped like every repository (./companies.ts is the model). Rows are written
 * by `writeAudit` (../auth/audit.ts) in the same transaction as the change they record; nothing here or
 * anywhere else updates or deletes them, and database triggers (migration 0006) refuse it.
 *
 * Who reads what:
 * - the organisation's whole log: owner and admin (an API token needs the `admin` scope);
 * - one company's log: owner, admin, consultant and viewer. A client may not read audit logs, not even of
 *   its linked companies: the entries name the organisation's staff and carry internal before/after data.
 *
 * A company's log is every row whose `company_id` is the company (writers pass `companyId` to writeAudit),
 * plus, for rows written without it, the rows about the company itself and about the assessments,
 * applications (and their events), licences and documents that still belong to it.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Db } from './db.ts';
import { newestFirst } from './newest-first.ts';
import type { AuditLogTable, Database } from './schema.ts';
import { canManage, RepoError, roleZh, type Scope } from './scope.ts';

export interface AuditRecord {
  id: string;
  at: string;
  actor: { id: string | null; label: string };
  entity: string;
  entityId: string;
  companyId: string | null;
  action: string;
  before: unknown;
  after: unknown;
  /**
   * for a row with both before and after (an update, a transition): the fields that differ, as dotted paths
   * into the API shape (objects are followed three levels deep, arrays compared whole; `updatedAt` left
   * out); null for a create or a delete
   */
  changes: string[] | null;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  companyId?: string;
  /** ISO 8601 instants in UTC (…Z): from inclusive, to exclusive */
  from?: string;
  to?: string;
}

export interface AuditListOptions extends AuditFilter {
  limit: number;
  cursor?: string;
}

export interface AuditPage {
  items: AuditRecord[];
  nextCursor: string | null;
}

/** FORBIDDEN unless the scope may read the whole organisation's audit log */
function mustReadOrganisationLog(scope: Scope): void {
  if (!canManage(scope.role))
    throw new RepoError('FORBIDDEN', {
      zh: `${roleZh[scope.role]}角色无权查看机构的审计日志`,
      en: `role ${scope.role} may not read the organisation's audit log`,
    });
  if (scope.tokenScopes && !scope.tokenScopes.includes('admin'))
    throw new RepoError('FORBIDDEN', {
      zh: '该 API 令牌没有管理权限（admin），不能查看审计日志',
      en: 'this API token has no admin scope and may not read the audit log',
    });
}

/** FORBIDDEN for a client: it reads no audit log */
function mustReadCompanyLog(scope: Scope): void {
  if (scope.role === 'client')
    throw new RepoError('FORBIDDEN', {
      zh: '客户角色无权查看审计日志',
      en: 'role client may not read audit logs',
    });
}

// ------------------------------------------------------------------ changed fields

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b as object, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** the dotted paths at which `before` and `after` differ (see AuditRecord.changes) */
export function changedFields(before: unknown, after: unknown, prefix = '', depth = 0): string[] {
  if (isPlainObject(before) && isPlainObject(after) && depth < 3) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !Object.hasOwn(before, k))];
    return keys
      .filter((k) => !(depth === 0 && k === 'updatedAt'))
      .flatMap((k) => changedFields(before[k], after[k], prefix ? `${prefix}.${k}` : k, depth + 1));
  }
  return deepEqual(before, after) ? [] : [prefix];
}

const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v));

function toRecord(r: AuditLogTable): AuditRecord {
  const before = parse(r.before);
  const after = parse(r.after);
  return {
    id: r.id,
    at: r.at,
    actor: { id: r.actor_id, label: r.actor_label },
    entity: r.entity,
    entityId: r.entity_id,
    companyId: r.company_id,
    action: r.action,
    before,
    after,
    changes: before !== null && after !== null ? changedFields(before, after) : null,
  };
}

// ------------------------------------------------------------------ queries

type Eb = ExpressionBuilder<Database, 'audit_log'>;

/** the rows about one company (see the header), for an organisation */
function aboutCompany(eb: Eb, organisationId: string, companyId: string) {
  const ids = (table: 'assessments' | 'applications' | 'licences') =>
    eb
      .selectFrom(table)
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('company_id', '=', companyId);
  return eb.or([
    eb('audit_log.company_id', '=', companyId),
    eb.and([eb('audit_log.entity', '=', 'companies'), eb('audit_log.entity_id', '=', companyId)]),
    eb('audit_log.entity_id', 'in', ids('assessments')),
    eb('audit_log.entity_id', 'in', ids('applications')),
    eb('audit_log.entity_id', 'in', ids('licences')),
    eb(
      'audit_log.entity_id',
      'in',
      eb
        .selectFrom('application_events')
        .select('application_events.id')
        .where('application_events.organisation_id', '=', organisationId)
        .where('application_events.application_id', 'in', ids('applications')),
    ),
    eb(
      'audit_log.entity_id',
      'in',
      eb
        .selectFrom('documents')
        .select('documents.id')
        .where('documents.organisation_id', '=', organisationId)
        .where((d) =>
          d.or([
            d('documents.company_id', '=', companyId),
            d('documents.application_id', 'in', ids('applications')),
          ]),
        ),
    ),
  ]);
}

async function page(
  db: Db,
  scope: Scope,
  o: AuditListOptions,
  about?: (eb: Eb) => Expression<SqlBool>,
): Promise<AuditPage> {
  let query = db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('audit_log.organisation_id', '=', scope.organisationId);
  if (o.entity !== undefined) query = query.where('audit_log.entity', '=', o.entity);
  if (o.entityId !== undefined) query = query.where('audit_log.entity_id', '=', o.entityId);
  if (o.actorId !== undefined) query = query.where('audit_log.actor_id', '=', o.actorId);
  if (o.action !== undefined) query = query.where('audit_log.action', '=', o.action);
  if (o.companyId !== undefined) query = query.where('audit_log.company_id', '=', o.companyId);
  if (o.from !== undefined) query = query.where('audit_log.at', '>=', o.from);
  if (o.to !== undefined) query = query.where('audit_log.at', '<', o.to);
  if (about) query = query.where(about);
  const { rows, nextCursor } = await newestFirst(db.cursors, o, (before, take) =>
    (before === undefined ? query : query.where('audit_log.id', '<', before))
      .orderBy('audit_log.id', 'desc')
      .limit(take)
      .execute(),
  );
  return { items: rows.map(toRecord), nextCursor };
}

/** the organisation's audit log, newest first (owner, admin) */
export async function listAudit(db: Db, scope: Scope, o: AuditListOptions): Promise<AuditPage> {
  mustReadOrganisationLog(scope);
  return page(db, scope, o);
}

/**
 * one company's audit log, newest first (not a client); undefined when the scope sees no company of that id
 */
export async function listCompanyAudit(
  db: Db,
  scope: Scope,
  companyId: string,
  o: AuditListOptions,
): Promise<AuditPage | undefined> {
  mustReadCompanyLog(scope);
  const company = await db.kysely
    .selectFrom('companies')
    .select('id')
    .where('id', '=', companyId)
    .where('organisation_id', '=', scope.organisationId)
    .executeTakeFirst();
  if (!company) return undefined;
  return page(db, scope, o, (eb) => aboutCompany(eb, scope.organisationId, companyId));
}
