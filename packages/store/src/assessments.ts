/**
 * Stored assessments: the engine's `assess` result for a company, with the profile it was computed from, the
 * as-of date and the kb version. Tenant-scoped like every repository (./companies.ts is the model): an id
 * of another organisation — or, for a client, of a company not linked to it — behaves like a missing one.
 *
 * The store does not run the engine: the caller hands in a `compute` function, which the store calls after
 * the role check and once it has found the company (or the assessment to re-run), and whose result it
 * stores. Writes (create, re-run, delete) need a writer role and leave an audit row in the same transaction
 * (entity "assessments", action create | rerun | delete, company_id set). The audit row of a create holds
 * the assessment's summary (the full result is the assessment row itself, which never changes); the row of
 * a delete holds the whole stored assessment, so that nothing is lost.
 */
import { type Assessment, type Profile, storedAssessment, summarize } from '@icpdesk/engine';
import type { Text } from '@icpdesk/kb';
import { writeAudit } from './auth/audit.ts';
import type { Db } from './db.ts';
import { newId } from './ids.ts';
import { newestFirst } from './newest-first.ts';
import type { AssessmentsTable } from './schema.ts';
import {
  auditActor,
  companyVisible,
  isForeignKeyViolation,
  mustWrite as mustWriteScope,
  type Scope,
} from './scope.ts';

/** what every view of a stored assessment starts with */
interface AssessmentHead {
  id: string;
  companyId: string;
  asOf: string;
  kbVersion: string;
  createdAt: string;
  /** the user who ran it; null once that user is deleted */
  createdBy: string | null;
}

export interface StoredAssessment extends AssessmentHead {
  /** the profile the result was computed from */
  profile: Profile | null;
  result: Assessment;
}

/** what a list shows of an assessment: its headline and counts (engine `summarize`), no texts or sources */
export interface AssessmentSummary extends AssessmentHead {
  headline: Text;
  needsLicence: boolean | null;
  eligible: boolean | null;
  authority: string | null;
  /** licence codes with scope, e.g. "B25:internet" */
  licences: string[];
  counts: {
    licences: number;
    undetermined: number;
    filings: number;
    otherPermits: number;
    unmetChecks: number;
    unknownChecks: number;
    pitfalls: number;
    questions: number;
    notPermitted: number;
  };
}

/** what `compute` returns: the result to store and what it was computed from */
export interface Computed {
  asOf: string;
  kbVersion: string;
  profile: Profile;
  result: Assessment;
}

export interface AssessmentPage {
  items: AssessmentSummary[];
  nextCursor: string | null;
}

type Row = AssessmentsTable;

const mustWrite = (scope: Scope) => mustWriteScope(scope, { zh: '评估', en: 'assessments' });
const visible = (scope: Scope) => companyVisible(scope, 'assessments');

const toStored = (r: Row): StoredAssessment => ({
  id: r.id,
  companyId: r.company_id,
  asOf: r.as_of,
  kbVersion: r.kb_version,
  createdAt: r.created_at,
  createdBy: r.created_by,
  profile: r.profile === null ? null : (JSON.parse(r.profile) as Profile),
  result: storedAssessment(JSON.parse(r.result)),
});

export function summaryOf(a: StoredAssessment): AssessmentSummary {
  const s = summarize(a.result);
  return {
    id: a.id,
    companyId: a.companyId,
    asOf: a.asOf,
    kbVersion: a.kbVersion,
    createdAt: a.createdAt,
    createdBy: a.createdBy,
    headline: a.result.summary.headline,
    needsLicence: s.needsLicence,
    eligible: s.eligible,
    authority: s.authority,
    licences: s.licences.map((l) => (l.scope ? `${l.code}:${l.scope}` : l.code)),
    counts: {
      licences: s.licences.length,
      undetermined: s.undetermined.length,
      filings: s.filings.length,
      otherPermits: s.otherPermits.length,
      unmetChecks: s.checks.filter((c) => c.status === 'unmet').length,
      unknownChecks: s.checks.filter((c) => c.status === 'unknown').length,
      pitfalls: s.pitfalls.length,
      questions: s.questions.length,
      notPermitted: s.notPermitted.length,
    },
  };
}

async function selectOne(db: Db, scope: Scope, id: string): Promise<Row | undefined> {
  return db.kysely
    .selectFrom('assessments')
    .selectAll()
    .where('assessments.id', '=', id)
    .where(visible(scope))
    .executeTakeFirst();
}

export async function getAssessment(db: Db, scope: Scope, id: string): Promise<StoredAssessment | undefined> {
  const row = await selectOne(db, scope, id);
  return row && toStored(row);
}

/** a company's assessments, newest first; undefined when the scope sees no company of that id */
export async function listAssessments(
  db: Db,
  scope: Scope,
  companyId: string,
  o: { limit: number; cursor?: string },
): Promise<AssessmentPage | undefined> {
  const company = await db.kysely
    .selectFrom('companies')
    .select('id')
    .where('companies.id', '=', companyId)
    .where(companyVisible(scope, 'companies', 'id'))
    .executeTakeFirst();
  if (!company) return undefined;
  const query = db.kysely
    .selectFrom('assessments')
    .selectAll()
    .where('assessments.company_id', '=', companyId)
    .where(visible(scope));
  const { rows, nextCursor } = await newestFirst(db.cursors, o, (before, take) =>
    (before === undefined ? query : query.where('assessments.id', '<', before))
      .orderBy('assessments.id', 'desc')
      .limit(take)
      .execute(),
  );
  return { items: rows.map((r) => summaryOf(toStored(r))), nextCursor };
}

async function insert(
  db: Db,
  scope: Scope,
  companyId: string,
  c: Computed,
  action: 'create' | 'rerun',
  rerunOf?: string,
): Promise<StoredAssessment | undefined> {
  const row: Row = {
    id: newId(),
    organisation_id: scope.organisationId,
    company_id: companyId,
    as_of: c.asOf,
    kb_version: c.kbVersion,
    result: JSON.stringify(c.result),
    profile: JSON.stringify(c.profile),
    created_by: scope.userId,
    created_at: db.clock.now().toISOString(),
  };
  const stored = toStored(row);
  try {
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('assessments').values(row).execute();
      await writeAudit(trx, row.created_at, [
        {
          ...auditActor(scope),
          entity: 'assessments',
          entityId: row.id,
          companyId,
          action,
          after: { ...summaryOf(stored), ...(rerunOf ? { rerunOf } : {}) },
        },
      ]);
    });
  } catch (e) {
    // the company was deleted meanwhile
    if (isForeignKeyViolation(e)) return undefined;
    throw e;
  }
  return stored;
}

/**
 * assesses a company and stores the result: `compute` gets the company's stored profile (null when it has
 * none) and returns what to store. Undefined when the scope sees no company of that id.
 */
export async function createAssessment(
  db: Db,
  scope: Scope,
  companyId: string,
  compute: (storedProfile: Record<string, unknown> | null) => Computed,
): Promise<StoredAssessment | undefined> {
  mustWrite(scope);
  const company = await db.kysely
    .selectFrom('companies')
    .select(['id', 'profile'])
    .where('companies.id', '=', companyId)
    .where(companyVisible(scope, 'companies', 'id'))
    .executeTakeFirst();
  if (!company) return undefined;
  const computed = compute(company.profile === null ? null : JSON.parse(company.profile));
  return insert(db, scope, companyId, computed, 'create');
}

/**
 * assesses again what an assessment was about (its company and profile; `compute` decides the date and
 * uses the current kb) and stores it as a new assessment. Undefined when the scope sees no such assessment.
 */
export async function rerunAssessment(
  db: Db,
  scope: Scope,
  id: string,
  compute: (previous: StoredAssessment) => Computed,
): Promise<StoredAssessment | undefined> {
  mustWrite(scope);
  const previous = await getAssessment(db, scope, id);
  if (!previous) return undefined;
  return insert(db, scope, previous.companyId, compute(previous), 'rerun', previous.id);
}

/** true when deleted, false when the scope sees no assessment of that id */
export async function deleteAssessment(db: Db, scope: Scope, id: string): Promise<boolean> {
  mustWrite(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('assessments')
      .selectAll()
      .where('assessments.id', '=', id)
      .where(visible(scope))
      .executeTakeFirst();
    if (!row) return false;
    await trx
      .deleteFrom('assessments')
      .where('id', '=', id)
      .where('organisation_id', '=', scope.organisationId)
      .execute();
    await writeAudit(trx, db.clock.now().toISOString(), [
      {
        ...auditActor(scope),
        entity: 'assessments',
        entityId: id,
        companyId: row.company_id,
        action: 'delete',
        before: toStored(row),
      },
    ]);
    return true;
  });
}
