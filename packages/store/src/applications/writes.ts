/** Creating, changing, prechecking and deleting an application. */
import { assessedAuthority } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { writeAudit } from '../auth/audit.ts';
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { auditActor, isForeignKeyViolation, type Scope } from '../scope.ts';
import { insertEvent, nextUpdatedAt, updateIfUnchanged, withDue } from './changes.ts';
import { checkCompany, checkDocuments, checklistDocuments } from './checks.ts';
import {
  type ApplicationDetail,
  type ApplicationInput,
  type ApplicationPatch,
  ApplicationStoreError,
  type ChecklistEntry,
  type StoredPrecheck,
} from './model.ts';
import {
  audit,
  clockOf,
  emptyClock,
  mustWrite,
  type Row,
  selectOne,
  toApplication,
  toDetail,
} from './rows.ts';

export async function createApplication(
  db: Db,
  kb: Kb,
  scope: Scope,
  input: ApplicationInput,
): Promise<ApplicationDetail> {
  mustWrite(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const company = await checkCompany(trx, scope, input.companyId);
    await checkDocuments(trx, scope, input.companyId, checklistDocuments(input.checklist));
    const authority =
      input.authority !== undefined
        ? input.authority
        : assessedAuthority(kb, company.profile && JSON.parse(company.profile), input.today);
    const at = db.clock.now().toISOString();
    const base: Row = {
      id: newId(),
      organisation_id: scope.organisationId,
      company_id: input.companyId,
      licence_codes: JSON.stringify(input.licenceCodes),
      procedure: input.procedure,
      authority,
      state: 'draft',
      checklist: JSON.stringify(input.checklist ?? {}),
      precheck_findings: null,
      authority_reference: input.authorityReference ?? null,
      submitted_on: null,
      accepted_on: null,
      decided_on: null,
      clock: null,
      authority_due_on: null,
      created_by: scope.userId,
      created_at: at,
      updated_at: at,
    };
    const row: Row = { ...base, ...withDue(kb, base, {}, emptyClock()) };
    await trx.insertInto('applications').values(row).execute();
    await insertEvent(trx, scope, row, { kind: 'created', to: 'draft', on: input.today }, at);
    const app = toDetail(row);
    await audit(trx, at, scope, 'create', undefined, toApplication(row));
    return app;
  });
}

/** the updated application, or undefined when the scope sees no application of that id */
export async function updateApplication(
  db: Db,
  kb: Kb,
  scope: Scope,
  id: string,
  patch: ApplicationPatch,
): Promise<ApplicationDetail | undefined> {
  mustWrite(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await selectOne(trx, scope, id);
    if (!current) return undefined;
    const draftOnly = (['companyId', 'licenceCodes', 'procedure', 'authority'] as const).filter(
      (k) => patch[k] !== undefined,
    );
    if (draftOnly.length && current.state !== 'draft')
      throw new ApplicationStoreError('NOT_DRAFT', {
        zh: `${draftOnly.join('、')} 只能在申请为草稿时修改（当前状态为 ${current.state}）`,
        en: `${draftOnly.join(', ')} can change only while the application is a draft (it is ${current.state})`,
      });
    if (patch.companyId !== undefined) await checkCompany(trx, scope, patch.companyId);
    const merged = JSON.parse(current.checklist) as Record<string, ChecklistEntry>;
    for (const [item, entry] of Object.entries(patch.checklist ?? {}))
      if (entry === null) delete merged[item];
      else merged[item] = entry;
    const companyId = patch.companyId ?? current.company_id;
    // the documents the patch names belong to the application's company; a new company must own those
    // named before too
    const named = checklistDocuments(companyId === current.company_id ? patch.checklist : merged);
    await checkDocuments(trx, scope, companyId, named);
    const set: Partial<Row> = { updated_at: nextUpdatedAt(current, db.clock.now()) };
    if (patch.companyId !== undefined) set.company_id = patch.companyId;
    if (patch.licenceCodes !== undefined) set.licence_codes = JSON.stringify(patch.licenceCodes);
    if (patch.procedure !== undefined) set.procedure = patch.procedure;
    if (patch.authority !== undefined) set.authority = patch.authority;
    if (patch.authorityReference !== undefined) set.authority_reference = patch.authorityReference;
    if (patch.checklist !== undefined) set.checklist = JSON.stringify(merged);
    const full = withDue(kb, current, set, clockOf(current));
    await updateIfUnchanged(trx, scope, current, full);
    const after = toDetail({ ...current, ...full });
    await audit(
      trx,
      set.updated_at!,
      scope,
      'update',
      toApplication(current),
      toApplication({ ...current, ...full }),
    );
    return after;
  });
}

/**
 * Stores a precheck of the application's package (replacing the previous one) with an audit row (action
 * "precheck", before/after the stored prechecks); the application's details, or undefined when the scope
 * sees no application of that id.
 */
export async function recordPrecheck(
  db: Db,
  scope: Scope,
  id: string,
  precheck: StoredPrecheck,
): Promise<ApplicationDetail | undefined> {
  mustWrite(scope);
  return db.kysely.transaction().execute(async (trx) => {
    const current = await selectOne(trx, scope, id);
    if (!current) return undefined;
    const set: Partial<Row> = {
      updated_at: nextUpdatedAt(current, db.clock.now()),
      precheck_findings: JSON.stringify(precheck),
    };
    await updateIfUnchanged(trx, scope, current, set);
    const before = toDetail(current);
    const after = toDetail({ ...current, ...set });
    await writeAudit(trx, set.updated_at!, [
      {
        ...auditActor(scope),
        entity: 'applications',
        entityId: id,
        companyId: current.company_id,
        action: 'precheck',
        before: { id, precheckFindings: before.precheckFindings },
        after: { id, precheckFindings: after.precheckFindings },
      },
    ]);
    return after;
  });
}

/** true when deleted, false when the scope sees no application of that id; drafts only */
export async function deleteApplication(db: Db, scope: Scope, id: string): Promise<boolean> {
  mustWrite(scope);
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      const current = await selectOne(trx, scope, id);
      if (!current) return false;
      if (current.state !== 'draft')
        throw new ApplicationStoreError('NOT_DRAFT', {
          zh: `只有草稿才能删除（该申请的状态为 ${current.state}），请改为撤回`,
          en: `only a draft can be deleted (the application is ${current.state}); withdraw it instead`,
        });
      await trx
        .deleteFrom('applications')
        .where('id', '=', id)
        .where('organisation_id', '=', scope.organisationId)
        .execute();
      await audit(trx, db.clock.now().toISOString(), scope, 'delete', toApplication(current));
      return true;
    });
  } catch (e) {
    if (isForeignKeyViolation(e))
      throw new ApplicationStoreError('APPLICATION_IN_USE', {
        zh: '该申请已关联文件，请先删除这些文件',
        en: 'documents are linked to the application; delete them first',
      });
    throw e;
  }
}
