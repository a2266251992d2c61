/**
 * Licences, tenant-scoped in the data-access layer like ./companies.ts: every query carries the scope's
 * organisation (and, for a client, only the companies linked to it); another organisation's id behaves like
 * a missing one (undefined → 404). Writes need a writer role, are checked against the kb by
 * ./licence-rules.ts (INVALID_LICENCE with the issues), and leave an audit row (entity "licences", action
 * create | update | delete, before/after in the shape below) in the same transaction.
 *
 * A licence is created either directly (an existing licence entered by hand) or from an approved application
 * of the organisation that has none yet: the company, codes and authority come from the application. An
 * approved renewal that keeps the licence number renews that licence instead (./licence-renewal.ts).
 */
import { expiryRangeOf, type LicenceStanding } from '@icpdesk/engine';
import type { Kb, Text } from '@icpdesk/kb';
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import { recordApplicationEventIn, toApplication } from './applications/index.ts';
import { writeAudit } from './auth/audit.ts';
import type { Db } from './db.ts';
import { newId } from './ids.ts';
import { afterKey, pageFrom } from './keyset.ts';
import { renewLicenceIn } from './licence-renewal.ts';
import {
  checkLicence,
  type LicenceDraft,
  type LicenceFields,
  NATIONWIDE,
  type RuleIssue,
} from './licence-rules.ts';
import type { Database, LicenceStatus, LicencesTable } from './schema.ts';
import {
  auditActor,
  companyVisible,
  isForeignKeyViolation,
  isUniqueViolation,
  likePattern,
  mustWrite as mustWriteScope,
  RepoError,
  type Scope,
} from './scope.ts';

export type LicenceStoreErrorCode =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_LICENCE'
  | 'INVALID_CURSOR'
  | 'LICENCE_NUMBER_TAKEN'
  | 'APPLICATION_NOT_APPROVED'
  | 'APPLICATION_HAS_LICENCE'
  | 'LICENCE_IN_USE';

export class LicenceStoreError extends RepoError<LicenceStoreErrorCode> {
  constructor(
    code: LicenceStoreErrorCode,
    message: string | Text,
    /** INVALID_LICENCE: what is wrong, field by field */
    readonly issues: readonly RuleIssue[] = [],
  ) {
    super(code, message);
  }
}

export interface Licence extends LicenceFields {
  id: string;
  companyId: string;
  /** the application it was issued on; null when entered directly or imported */
  applicationId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** what the kb checks need: the kb and today's date in China */
export interface LicenceContext {
  kb: Kb;
  today: string;
}

export type LicenceSort = 'expiresOn' | 'number' | 'createdAt';

export interface LicenceListOptions {
  limit: number;
  sort: LicenceSort;
  cursor?: string;
  companyId?: string;
  status?: LicenceStatus;
  authority?: string;
  /** expires strictly before this date (YYYY-MM-DD) */
  expiringBefore?: string;
  /** part of the licence number or of its company's name (case-insensitive for Latin letters) */
  q?: string;
  /** holds this catalogue code, alone or with a scope (B25 matches "B25" and "B25:internet") */
  code?: string;
  /**
   * where licences stand on `today` (engine licenceStanding): in-force, renewal-due and expired are active
   * licences whose expiry is in the engine's expiryRangeOf, with the kb renewal lead in days in force today
   * (engine renewalLeadDays; null when the kb has none); the others are the recorded status
   */
  standing?: { is: LicenceStanding; today: string; renewalLeadDays: number | null };
}

export interface LicencePage {
  items: Licence[];
  nextCursor: string | null;
}

/** a licence entered directly */
export interface DirectLicenceInput extends LicenceDraft {
  companyId: string;
}

/** the licence of an approved application */
export interface ApplicationLicenceInput {
  applicationId: string;
  number: string;
  issuedOn: string;
  expiresOn?: string | undefined;
  /** default: the authority's province for a provincial administration; required for MIIT */
  coverage?: readonly string[] | undefined;
  status?: LicenceStatus | undefined;
}

export type LicencePatch = Partial<Omit<LicenceDraft, 'expiresOn'>> & { expiresOn?: string };

type Row = LicencesTable;
type Q = Kysely<Database> | Transaction<Database>;

export const toLicence = (r: Row): Licence => ({
  id: r.id,
  companyId: r.company_id,
  applicationId: r.application_id,
  number: r.number,
  codes: JSON.parse(r.codes) as string[],
  coverage: JSON.parse(r.coverage) as string[],
  authority: r.authority,
  issuedOn: r.issued_on,
  expiresOn: r.expires_on,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** the row of checked fields, for insert */
export function licenceRow(
  scope: Scope,
  companyId: string,
  applicationId: string | null,
  f: LicenceFields,
  at: string,
): Row {
  return {
    id: newId(),
    organisation_id: scope.organisationId,
    company_id: companyId,
    application_id: applicationId,
    number: f.number,
    codes: JSON.stringify(f.codes),
    coverage: JSON.stringify(f.coverage),
    authority: f.authority,
    issued_on: f.issuedOn,
    expires_on: f.expiresOn,
    status: f.status,
    created_at: at,
    updated_at: at,
  };
}

const visible = (scope: Scope) => companyVisible(scope, 'licences');
const mustWrite = (scope: Scope) => mustWriteScope(scope, { zh: '许可证', en: 'licences' });

const audit = (
  q: Q,
  at: string,
  scope: Scope,
  entityId: string,
  action: string,
  before?: Licence,
  after?: Licence,
) =>
  writeAudit(q, at, [
    {
      ...auditActor(scope),
      entity: 'licences',
      entityId,
      companyId: (after ?? before)?.companyId ?? null,
      action,
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
    },
  ]);

function invalid(issues: RuleIssue[]): LicenceStoreError {
  return new LicenceStoreError(
    'INVALID_LICENCE',
    {
      zh: issues.map((i) => `${i.field}：${i.message.zh}`).join('；'),
      en: issues.map((i) => `${i.field}: ${i.message.en}`).join('; '),
    },
    issues,
  );
}

function checked(ctx: LicenceContext, draft: LicenceDraft): LicenceFields {
  const r = checkLicence(ctx.kb, draft, ctx.today);
  if (!r.ok) throw invalid(r.issues);
  return r.value;
}

const numberTaken = (number: string) =>
  new LicenceStoreError('LICENCE_NUMBER_TAKEN', {
    zh: `本机构已有编号为 ${number} 的许可证`,
    en: `a licence numbered ${number} exists in this organisation`,
  });

/** the organisation's licence of that number (whoever may see it), except `exceptId` */
export async function numberInUse(q: Q, scope: Scope, number: string, exceptId?: string): Promise<boolean> {
  let query = q
    .selectFrom('licences')
    .select('id')
    .where('organisation_id', '=', scope.organisationId)
    .where('number', '=', number);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return !!(await query.executeTakeFirst());
}

/** a unique violation on insert or update, named in our terms (a concurrent write won the race) */
function translate(e: unknown, number: string): unknown {
  if (isUniqueViolation(e)) {
    const text = `${(e as { constraint?: string }).constraint ?? ''} ${(e as Error).message ?? ''}`;
    if (/application/.test(text))
      return new LicenceStoreError('APPLICATION_HAS_LICENCE', {
        zh: '该申请已生成许可证',
        en: 'the application has a licence already',
      });
    return numberTaken(number);
  }
  if (isForeignKeyViolation(e))
    return new LicenceStoreError('LICENCE_IN_USE', {
      zh: '其他记录引用了该许可证',
      en: 'other records refer to this licence',
    });
  return e;
}

async function selectOne(q: Q, scope: Scope, id: string): Promise<Row | undefined> {
  return q.selectFrom('licences').selectAll().where('id', '=', id).where(visible(scope)).executeTakeFirst();
}

export async function getLicence(db: Db, scope: Scope, id: string): Promise<Licence | undefined> {
  const row = await selectOne(db.kysely, scope, id);
  return row && toLicence(row);
}

// ------------------------------------------------------------------ list (keyset pagination)

/**
 * The licences that stand so on `today`: a recorded status (suspended, revoked, cancelled, expired) as
 * recorded; an active licence by the engine's range of expiry dates for the standing (expired also covers
 * active licences past their expiry)
 */
function standingCondition(s: NonNullable<LicenceListOptions['standing']>) {
  return (eb: ExpressionBuilder<Database, 'licences'>): Expression<SqlBool> => {
    const either: Expression<SqlBool>[] = [];
    if (s.is !== 'in-force' && s.is !== 'renewal-due') either.push(eb('status', '=', s.is));
    const range =
      s.is === 'expired' || s.is === 'in-force' || s.is === 'renewal-due'
        ? expiryRangeOf(s.is, s.today, s.renewalLeadDays)
        : null;
    if (range)
      either.push(
        eb.and([
          eb('status', '=', 'active'),
          ...(range.from !== undefined ? [eb('expires_on', '>=', range.from)] : []),
          ...(range.to !== undefined ? [eb('expires_on', '<=', range.to)] : []),
        ]),
      );
    return either.length ? eb.or(either) : eb.lit(false);
  };
}

/** the number, or the name of the licence's company, contains the text */
function textCondition(q: string) {
  const pattern = likePattern(q);
  return (eb: ExpressionBuilder<Database, 'licences'>): Expression<SqlBool> =>
    eb.or([
      sql<SqlBool>`lower(licences.number) like ${pattern} escape '\\'`,
      eb(
        'company_id',
        'in',
        eb
          .selectFrom('companies')
          .select('companies.id')
          .where(sql<SqlBool>`lower(companies.name) like ${pattern} escape '\\'`),
      ),
    ]);
}

/** the codes (a JSON array of strings) hold the code, bare or with a scope after a colon */
function codeCondition(code: string) {
  const escaped = code.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  return (): Expression<SqlBool> =>
    sql<SqlBool>`(licences.codes like ${`%"${escaped}"%`} escape '\\' or licences.codes like ${`%"${escaped}:%`} escape '\\')`;
}

const sortColumn = { expiresOn: 'expires_on', number: 'number', createdAt: 'created_at' } as const;

export async function listLicences(db: Db, scope: Scope, o: LicenceListOptions): Promise<LicencePage> {
  const column = sortColumn[o.sort];
  let query = db.kysely.selectFrom('licences').selectAll().where(visible(scope));
  if (o.companyId) query = query.where('company_id', '=', o.companyId);
  if (o.status) query = query.where('status', '=', o.status);
  if (o.authority) query = query.where('authority', '=', o.authority);
  if (o.expiringBefore) query = query.where('expires_on', '<', o.expiringBefore);
  if (o.standing) query = query.where(standingCondition(o.standing));
  if (o.q) query = query.where(textCondition(o.q));
  if (o.code) query = query.where(codeCondition(o.code));
  if (o.cursor)
    query = query.where(afterKey(column, db.cursors.decode(o.cursor, o.sort) as { k: string; id: string }));
  const rows = await query
    .orderBy(column)
    .orderBy('id')
    .limit(o.limit + 1)
    .execute();
  return pageFrom(db.cursors, rows, o.limit, toLicence, (last) => ({
    s: o.sort,
    k: last[column],
    id: last.id,
  }));
}

// ------------------------------------------------------------------ writes

async function insert(trx: Q, scope: Scope, row: Row): Promise<Licence> {
  if (await numberInUse(trx, scope, row.number)) throw numberTaken(row.number);
  await trx.insertInto('licences').values(row).execute();
  const licence = toLicence(row);
  await audit(trx, row.created_at, scope, row.id, 'create', undefined, licence);
  return licence;
}

/** a licence entered directly; NOT_FOUND when the scope sees no such company */
export async function createLicence(
  db: Db,
  scope: Scope,
  ctx: LicenceContext,
  input: DirectLicenceInput,
): Promise<Licence> {
  mustWrite(scope);
  const fields = checked(ctx, input);
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const company = await trx
        .selectFrom('companies')
        .select('id')
        .where('id', '=', input.companyId)
        .where(companyVisible(scope, 'companies', 'id'))
        .executeTakeFirst();
      if (!company)
        throw new LicenceStoreError('NOT_FOUND', {
          zh: `公司 ${input.companyId.slice(0, 100)}`,
          en: `company ${input.companyId.slice(0, 100)}`,
        });
      return insert(trx, scope, licenceRow(scope, company.id, null, fields, db.clock.now().toISOString()));
    });
  } catch (e) {
    throw translate(e, fields.number);
  }
}

/**
 * The licence issued on an approved application: company, codes and authority from the application.
 * NOT_FOUND when the scope sees no such application; APPLICATION_NOT_APPROVED unless it is approved;
 * APPLICATION_HAS_LICENCE when it has one.
 */
export async function createLicenceFromApplication(
  db: Db,
  scope: Scope,
  ctx: LicenceContext,
  input: ApplicationLicenceInput,
): Promise<Licence> {
  mustWrite(scope);
  let number = input.number;
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const app = await trx
        .selectFrom('applications')
        .selectAll()
        .where('id', '=', input.applicationId)
        .where(companyVisible(scope, 'applications'))
        .executeTakeFirst();
      if (!app)
        throw new LicenceStoreError('NOT_FOUND', {
          zh: `申请 ${input.applicationId.slice(0, 100)}`,
          en: `application ${input.applicationId.slice(0, 100)}`,
        });
      if (app.state !== 'approved')
        throw new LicenceStoreError('APPLICATION_NOT_APPROVED', {
          zh: `该申请的状态为 ${app.state}；只有已批准的申请才能生成许可证`,
          en: `the application is ${app.state}; a licence is created from an approved application only`,
        });
      // a renewal that keeps the number renews the licence instead (./licence-renewal.ts)
      const renewed = await renewLicenceIn(trx, db.clock.now(), scope, ctx, app, input);
      if (renewed) return renewed;
      const existing = await trx
        .selectFrom('licences')
        .select('number')
        .where('organisation_id', '=', scope.organisationId)
        .where('application_id', '=', app.id)
        .executeTakeFirst();
      if (existing)
        throw new LicenceStoreError('APPLICATION_HAS_LICENCE', {
          zh: `该申请已生成许可证 ${existing.number}`,
          en: `the application has the licence ${existing.number} already`,
        });

      const issues: RuleIssue[] = [];
      const authority = app.authority ?? '';
      if (!app.authority)
        issues.push({
          field: 'authority',
          code: 'APPLICATION_AUTHORITY_MISSING',
          message: {
            zh: '该申请尚未确定发证机关；请先在申请中填写发证机关',
            en: 'the application names no authority yet; set it on the application first',
          },
        });
      let coverage = input.coverage;
      if (!coverage) {
        const kind = ctx.kb.authorities.get(authority)?.kind;
        if (kind === 'provincial-ca') coverage = [authority];
        else if (app.authority)
          issues.push({
            field: 'coverage',
            code: 'COVERAGE_REQUIRED',
            message: {
              zh: `${authority} 颁发的是跨地区许可证；请填写覆盖范围（省级行政区代码，或 ${NATIONWIDE} 表示全国）`,
              en: `${authority} issues cross-regional licences; give the coverage (province codes, or ${NATIONWIDE} for nationwide)`,
            },
          });
      }
      if (app.decided_on && input.issuedOn < app.decided_on)
        issues.push({
          field: 'issuedOn',
          code: 'ISSUED_BEFORE_DECISION',
          message: {
            zh: `发证日期 ${input.issuedOn} 早于审批决定日期 ${app.decided_on}`,
            en: `issuedOn ${input.issuedOn} is before the application's decision on ${app.decided_on}`,
          },
        });
      const r = checkLicence(
        ctx.kb,
        {
          number: input.number,
          codes: JSON.parse(app.licence_codes) as string[],
          coverage: coverage ?? [],
          authority,
          issuedOn: input.issuedOn,
          expiresOn: input.expiresOn,
          status: input.status ?? 'active',
        },
        ctx.today,
      );
      if (!r.ok) issues.push(...r.issues.filter((i) => !issues.some((j) => j.field === i.field)));
      if (issues.length || !r.ok) throw invalid(issues);
      number = r.value.number;
      const licence = await insert(
        trx,
        scope,
        licenceRow(scope, app.company_id, app.id, r.value, db.clock.now().toISOString()),
      );
      // the application's issuance step ends with the licence (unless it was recorded already, or the
      // licence is dated in the future)
      if (!toApplication(app).issuedOn && input.issuedOn <= ctx.today)
        await recordApplicationEventIn(trx, db.clock.now(), ctx.kb, scope, app.id, {
          kind: 'licence-issued',
          on: input.issuedOn,
          today: ctx.today,
          note: `licence ${number}`,
        });
      return licence;
    });
  } catch (e) {
    throw translate(e, number);
  }
}

/** the changed licence, or undefined when the scope sees none of that id; the whole result is re-checked */
export async function updateLicence(
  db: Db,
  scope: Scope,
  ctx: LicenceContext,
  id: string,
  patch: LicencePatch,
): Promise<Licence | undefined> {
  mustWrite(scope);
  let number = patch.number ?? '';
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const current = await selectOne(trx, scope, id);
      if (!current) return undefined;
      const before = toLicence(current);
      const fields = checked(ctx, {
        number: patch.number ?? before.number,
        codes: patch.codes ?? before.codes,
        coverage: patch.coverage ?? before.coverage,
        authority: patch.authority ?? before.authority,
        issuedOn: patch.issuedOn ?? before.issuedOn,
        expiresOn: patch.expiresOn ?? before.expiresOn,
        status: patch.status ?? before.status,
      });
      number = fields.number;
      if (await numberInUse(trx, scope, fields.number, id)) throw numberTaken(fields.number);
      const set = {
        number: fields.number,
        codes: JSON.stringify(fields.codes),
        coverage: JSON.stringify(fields.coverage),
        authority: fields.authority,
        issued_on: fields.issuedOn,
        expires_on: fields.expiresOn,
        status: fields.status,
        updated_at: db.clock.now().toISOString(),
      };
      await trx
        .updateTable('licences')
        .set(set)
        .where('id', '=', id)
        .where('organisation_id', '=', scope.organisationId)
        .execute();
      const after = toLicence({ ...current, ...set });
      await audit(trx, set.updated_at, scope, id, 'update', before, after);
      return after;
    });
  } catch (e) {
    throw translate(e, number);
  }
}

/** true when deleted, false when the scope sees no licence of that id; LICENCE_IN_USE while referenced */
export async function deleteLicence(db: Db, scope: Scope, id: string): Promise<boolean> {
  mustWrite(scope);
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const current = await selectOne(trx, scope, id);
      if (!current) return false;
      await trx
        .deleteFrom('licences')
        .where('id', '=', id)
        .where('organisation_id', '=', scope.organisationId)
        .execute();
      await audit(trx, db.clock.now().toISOString(), scope, id, 'delete', toLicence(current));
      return true;
    });
  } catch (e) {
    throw translate(e, '');
  }
}
