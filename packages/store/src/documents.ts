/**
 * Documents, tenant-scoped in the data-access layer like companies.ts: every function takes a `Scope` and
 * adds `organisation_id = scope.organisationId` (for a client also "only documents of the companies linked
 * to it") to each query; another organisation's id behaves exactly like a missing one.
 *
 * - A document is one version of a series: the first upload makes a series whose id is that first
 *   version's id; uploading with `seriesId` adds version max+1, with the series' links (company,
 *   application, checklist item). Versions are immutable. Deleting the newest version frees its number.
 * - Every document belongs to a company (an application's document to the application's company), so that
 *   client visibility and "the company has documents, it cannot be deleted" follow from company_id.
 * - Uploading: owner, admin, consultant, and a client for the companies linked to it (so that clients can
 *   hand in materials themselves). Deleting: owner, admin, consultant; refused (DOCUMENT_IN_USE) while an
 *   application's checklist progress or one of its events names the document.
 * - Writes leave an audit row in the same transaction (entity "documents", action create | delete, the
 *   API shape as before/after, the company id).
 * - Concurrent uploads to one series: the series' rows are locked (PostgreSQL `for update`; SQLite runs one
 *   write transaction at a time), and a version taken anyway (another process) is retried, then 409.
 *
 * Files are placed and removed through `DocumentFiles` (./files.ts): the file is in place before the row
 * commits and removed again if the transaction fails; a deleted row's file is removed after the commit.
 */
import type { Text } from '@icpdesk/kb';
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from './auth/audit.ts';
import type { Db, DbDialect } from './db.ts';
import type { DocumentFiles, StagedFile } from './files.ts';
import { newId } from './ids.ts';
import type { Database, DocumentsTable } from './schema.ts';
import {
  actorIdOf,
  auditActor,
  canWrite,
  companyVisible,
  isForeignKeyViolation,
  isUniqueViolation,
  mustWrite,
  RepoError,
  roleZh,
  type Scope,
} from './scope.ts';

export type DocumentStoreErrorCode =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID_CURSOR'
  | 'DOCUMENT_LINK_REQUIRED'
  | 'APPLICATION_COMPANY_MISMATCH'
  | 'SERIES_LINK_MISMATCH'
  | 'DOCUMENT_IN_USE'
  | 'VERSION_CONFLICT';

export class DocumentStoreError extends RepoError<DocumentStoreErrorCode> {}

export interface Document {
  id: string;
  /** the id of the series' first version; all versions share it */
  seriesId: string;
  version: number;
  companyId: string | null;
  applicationId: string | null;
  /** a material id from kb/materials.yaml */
  checklistItem: string | null;
  /** the name the file was uploaded with (never used on disk) */
  fileName: string;
  /** detected from the content */
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
}

/** what an upload links to; with seriesId the others are taken from the series (and must agree if given) */
export interface DocumentLinkRequest {
  companyId?: string;
  applicationId?: string;
  checklistItem?: string;
  seriesId?: string;
}

/** the links a new version will have, resolved in the scope */
export interface DocumentLinks {
  companyId: string;
  applicationId: string | null;
  checklistItem: string | null;
  /** the existing series, or null for a new one */
  seriesId: string | null;
  /** the version the upload gets */
  version: number;
}

export interface NewDocument extends DocumentLinkRequest {
  fileName: string;
  contentType: string;
  file: StagedFile;
}

export type DocumentSort = 'uploadedAt' | '-uploadedAt' | 'fileName';

export interface DocumentListOptions {
  limit: number;
  sort: DocumentSort;
  cursor?: string;
  companyId?: string;
  applicationId?: string;
  checklistItem?: string;
  seriesId?: string;
  /** only the newest version of each series (default in the API) */
  latest: boolean;
}

export interface DocumentPage {
  items: Document[];
  nextCursor: string | null;
}

type Row = DocumentsTable;
type Q = Kysely<Database> | Transaction<Database>;

const toDocument = (r: Row): Document => ({
  id: r.id,
  seriesId: r.series_id,
  version: Number(r.version),
  companyId: r.company_id,
  applicationId: r.application_id,
  checklistItem: r.checklist_item,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: Number(r.size_bytes),
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
});

const visible = (scope: Scope) => companyVisible(scope, 'documents');

/** may upload: the writer roles, and a client (to its linked companies, which `visible` enforces) */
export function canUpload(scope: Scope): boolean {
  return canWrite(scope.role) || scope.role === 'client';
}

function mustUpload(scope: Scope): void {
  if (!canUpload(scope))
    throw new DocumentStoreError('FORBIDDEN', {
      zh: `${roleZh[scope.role]}角色无权上传文件`,
      en: `role ${scope.role} may not upload documents`,
    });
  if (scope.tokenScopes && !scope.tokenScopes.includes('write'))
    throw new DocumentStoreError('FORBIDDEN', {
      zh: '该 API 令牌没有写入权限（write），不能上传文件',
      en: 'this API token has no write scope and may not upload documents',
    });
}

/** FORBIDDEN unless the scope may upload; the routes call it before reading the body */
export const checkUpload = mustUpload;

const audit = (q: Q, at: string, scope: Scope, doc: Document, action: 'create' | 'delete') =>
  writeAudit(q, at, [
    {
      ...auditActor(scope),
      entity: 'documents',
      entityId: doc.id,
      action,
      companyId: doc.companyId,
      ...(action === 'create' ? { after: doc } : { before: doc }),
    },
  ]);

const notFound = (what: Text, id: string) =>
  new DocumentStoreError('NOT_FOUND', {
    zh: `${what.zh} ${id.slice(0, 100)}`,
    en: `${what.en} ${id.slice(0, 100)}`,
  });

async function selectOne(q: Q, scope: Scope, id: string): Promise<Row | undefined> {
  return q.selectFrom('documents').selectAll().where('id', '=', id).where(visible(scope)).executeTakeFirst();
}

/**
 * The links of an upload in the scope: NOT_FOUND for a company, application or series the scope does not
 * see; DOCUMENT_LINK_REQUIRED without any; APPLICATION_COMPANY_MISMATCH / SERIES_LINK_MISMATCH when the
 * given ids disagree. With `lock` (inside the upload's transaction) the series' rows are locked first.
 */
async function resolve(
  q: Q,
  dialect: DbDialect,
  scope: Scope,
  r: DocumentLinkRequest,
  lock: boolean,
): Promise<DocumentLinks> {
  if (r.seriesId !== undefined) {
    if (lock && dialect === 'postgres')
      await q
        .selectFrom('documents')
        .select('id')
        .where('series_id', '=', r.seriesId)
        .where(visible(scope))
        .forUpdate()
        .execute();
    // a statement of its own after the lock: it sees versions committed while this one waited
    const latest = await q
      .selectFrom('documents')
      .selectAll()
      .where('series_id', '=', r.seriesId)
      .where(visible(scope))
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!latest || latest.company_id === null)
      throw notFound({ zh: '文件系列', en: 'document series' }, r.seriesId);
    const differs: string[] = [];
    if (r.companyId !== undefined && r.companyId !== latest.company_id) differs.push('companyId');
    if (r.applicationId !== undefined && r.applicationId !== latest.application_id)
      differs.push('applicationId');
    if (r.checklistItem !== undefined && r.checklistItem !== latest.checklist_item)
      differs.push('checklistItem');
    if (differs.length)
      throw new DocumentStoreError('SERIES_LINK_MISMATCH', {
        zh: `${differs.join('、')} 与文件系列的不一致（新版本沿用其系列的关联，请省略这些字段）`,
        en: `${differs.join(', ')} differ from the series' (a new version keeps its series' links; omit them)`,
      });
    return {
      companyId: latest.company_id,
      applicationId: latest.application_id,
      checklistItem: latest.checklist_item,
      seriesId: r.seriesId,
      version: Number(latest.version) + 1,
    };
  }
  if (r.companyId === undefined && r.applicationId === undefined)
    throw new DocumentStoreError('DOCUMENT_LINK_REQUIRED', {
      zh: '请提供 companyId 或 applicationId（新版本则提供 seriesId）',
      en: 'give companyId or applicationId (or seriesId for a new version)',
    });
  if (r.companyId !== undefined) {
    const company = await q
      .selectFrom('companies')
      .select('id')
      .where('id', '=', r.companyId)
      .where(companyVisible(scope, 'companies', 'id'))
      .executeTakeFirst();
    if (!company) throw notFound({ zh: '公司', en: 'company' }, r.companyId);
  }
  let companyId = r.companyId;
  if (r.applicationId !== undefined) {
    const app = await q
      .selectFrom('applications')
      .select(['id', 'company_id'])
      .where('id', '=', r.applicationId)
      .where(companyVisible(scope, 'applications'))
      .executeTakeFirst();
    if (!app) throw notFound({ zh: '申请', en: 'application' }, r.applicationId);
    if (companyId !== undefined && companyId !== app.company_id)
      throw new DocumentStoreError('APPLICATION_COMPANY_MISMATCH', {
        zh: `申请 ${r.applicationId} 不属于公司 ${companyId}`,
        en: `application ${r.applicationId} belongs to another company than ${companyId}`,
      });
    companyId = app.company_id;
  }
  return {
    companyId: companyId!,
    applicationId: r.applicationId ?? null,
    checklistItem: r.checklistItem ?? null,
    seriesId: null,
    version: 1,
  };
}

/** the links an upload would get (for checks before the upload's transaction); same errors as createDocument */
export async function resolveDocumentLinks(
  db: Db,
  scope: Scope,
  r: DocumentLinkRequest,
): Promise<DocumentLinks> {
  mustUpload(scope);
  return resolve(db.kysely, db.dialect, scope, r, false);
}

const MAX_ATTEMPTS = 4;

/**
 * Stores an upload: places the staged file under its final name and inserts the row (+ audit) in one
 * transaction; the placed file is removed again when the transaction fails. The caller discards the staged
 * file afterwards.
 */
export async function createDocument(
  db: Db,
  files: DocumentFiles,
  scope: Scope,
  input: NewDocument,
): Promise<Document> {
  return createDocumentsTogether(db, files, scope, (add) => add(input));
}

/** adds one document inside createDocumentsTogether's transaction */
export type AddDocument = (input: NewDocument) => Promise<Document>;

/**
 * Stores several uploads in ONE transaction, all or none: `run` adds them in order (it may read through
 * the transaction `trx`, which sees the versions added before); when anything fails, no row or audit row
 * stays and every file placed so far is removed. `run` is called again from the start when a version was
 * taken by a concurrent upload (then 409 VERSION_CONFLICT after MAX_ATTEMPTS).
 */
export async function createDocumentsTogether<T>(
  db: Db,
  files: DocumentFiles,
  scope: Scope,
  run: (add: AddDocument, trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  mustUpload(scope);
  for (let attempt = 1; ; attempt++) {
    const placed: string[] = [];
    try {
      return await db.kysely.transaction().execute(async (trx) => {
        const add: AddDocument = async (input) => {
          const links = await resolve(trx, db.dialect, scope, input, true);
          const id = newId();
          const seriesId = links.seriesId ?? id;
          const rel = files.relativePath(scope.organisationId, seriesId, links.version, input.file.sha256);
          await files.place(input.file, rel);
          placed.push(rel);
          const row: Row = {
            id,
            organisation_id: scope.organisationId,
            series_id: seriesId,
            version: links.version,
            company_id: links.companyId,
            application_id: links.applicationId,
            checklist_item: links.checklistItem,
            file_name: input.fileName,
            content_type: input.contentType,
            size_bytes: input.file.size,
            sha256: input.file.sha256,
            storage_path: rel,
            uploaded_by: actorIdOf(scope),
            uploaded_at: db.clock.now().toISOString(),
          };
          await trx.insertInto('documents').values(row).execute();
          const doc = toDocument(row);
          await audit(trx, row.uploaded_at, scope, doc, 'create');
          return doc;
        };
        return run(add, trx);
      });
    } catch (e) {
      await Promise.all(placed.map((rel) => files.remove(rel).catch(() => {})));
      if (isUniqueViolation(e)) {
        if (attempt < MAX_ATTEMPTS) continue;
        throw new DocumentStoreError('VERSION_CONFLICT', {
          zh: '该文件的其他版本正在同时上传，请重试',
          en: 'other versions of this document were being uploaded at the same time; try again',
        });
      }
      // the company or application was deleted between the check and the insert
      if (isForeignKeyViolation(e))
        throw new DocumentStoreError('NOT_FOUND', {
          zh: '该文件所属的公司或申请已不存在',
          en: 'the company or application of the document no longer exists',
        });
      throw e;
    }
  }
}

// ------------------------------------------------------------------ reads

export async function getDocument(db: Db, scope: Scope, id: string): Promise<Document | undefined> {
  const row = await selectOne(db.kysely, scope, id);
  return row && toDocument(row);
}

/** the document and where its file is (relative to the data directory), for downloads */
export async function getStoredDocument(
  db: Db,
  scope: Scope,
  id: string,
): Promise<{ document: Document; storagePath: string } | undefined> {
  const row = await selectOne(db.kysely, scope, id);
  return row && { document: toDocument(row), storagePath: row.storage_path };
}

/** every version of the document's series, oldest first; undefined when the scope sees no such document */
export async function listVersions(db: Db, scope: Scope, id: string): Promise<Document[] | undefined> {
  const row = await selectOne(db.kysely, scope, id);
  if (!row) return undefined;
  const rows = await db.kysely
    .selectFrom('documents')
    .selectAll()
    .where('series_id', '=', row.series_id)
    .where(visible(scope))
    .orderBy('version')
    .execute();
  return rows.map(toDocument);
}

const sortColumn = {
  uploadedAt: 'uploaded_at',
  '-uploadedAt': 'uploaded_at',
  fileName: 'file_name',
} as const;

export async function listDocuments(db: Db, scope: Scope, o: DocumentListOptions): Promise<DocumentPage> {
  const column = sortColumn[o.sort];
  const desc = o.sort.startsWith('-');
  let query = db.kysely.selectFrom('documents').selectAll().where(visible(scope));
  if (o.companyId !== undefined) query = query.where('company_id', '=', o.companyId);
  if (o.applicationId !== undefined) query = query.where('application_id', '=', o.applicationId);
  if (o.checklistItem !== undefined) query = query.where('checklist_item', '=', o.checklistItem);
  if (o.seriesId !== undefined) query = query.where('series_id', '=', o.seriesId);
  if (o.latest)
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('documents as newer')
            .select('newer.id')
            .whereRef('newer.organisation_id', '=', 'documents.organisation_id')
            .whereRef('newer.series_id', '=', 'documents.series_id')
            .whereRef('newer.version', '>', 'documents.version'),
        ),
      ),
    );
  if (o.cursor) {
    const c = db.cursors.decode(o.cursor, o.sort) as { k: string; id: string };
    const op = desc ? '<' : '>';
    query = query.where((eb) =>
      eb.or([eb(column, op, c.k), eb.and([eb(column, '=', c.k), eb('id', op, c.id)])]),
    );
  }
  const direction = desc ? 'desc' : 'asc';
  const rows = await query
    .orderBy(column, direction)
    .orderBy('id', direction)
    .limit(o.limit + 1)
    .execute();
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toDocument),
    nextCursor:
      rows.length > o.limit && last ? db.cursors.encode({ s: o.sort, k: last[column], id: last.id }) : null,
  };
}

// ------------------------------------------------------------------ delete

/** `"<id>"` inside a JSON text column (ids are UUIDs: no LIKE wildcards to escape) */
const mentions = (id: string) => `%"${id.replace(/[\\%_"]/g, '')}"%`;

/**
 * Deletes one version (row and file): true when deleted, false when the scope sees no such document.
 * DOCUMENT_IN_USE while an application's checklist progress or an application event names it. The file is
 * removed after the commit; if that fails, `onOrphan` hears of it (the row is gone either way).
 */
export async function deleteDocument(
  db: Db,
  files: DocumentFiles,
  scope: Scope,
  id: string,
  onOrphan?: (storagePath: string, error: unknown) => void,
): Promise<boolean> {
  mustWrite(scope, { zh: '文件', en: 'documents' });
  const removed = await db.kysely.transaction().execute(async (trx) => {
    const row = await selectOne(trx, scope, id);
    if (!row) return undefined;
    const pattern = mentions(row.id);
    const inEvent = await trx
      .selectFrom('application_events')
      .select('application_id')
      .where('organisation_id', '=', scope.organisationId)
      .where('attachments', 'like', pattern)
      .limit(1)
      .executeTakeFirst();
    const inChecklist = await trx
      .selectFrom('applications')
      .select('id')
      .where('organisation_id', '=', scope.organisationId)
      .where('checklist', 'like', pattern)
      .limit(1)
      .executeTakeFirst();
    if (inEvent || inChecklist)
      throw new DocumentStoreError(
        'DOCUMENT_IN_USE',
        inChecklist
          ? {
              zh: `文件 ${row.id} 已列入申请 ${inChecklist.id} 的材料进度`,
              en: `document ${row.id} is in the checklist progress of application ${inChecklist.id}`,
            }
          : {
              zh: `文件 ${row.id} 已附于申请 ${inEvent!.application_id} 的某个事件`,
              en: `document ${row.id} is attached to an event of application ${inEvent!.application_id}`,
            },
      );
    await trx
      .deleteFrom('documents')
      .where('id', '=', row.id)
      .where('organisation_id', '=', scope.organisationId)
      .execute();
    await audit(trx, db.clock.now().toISOString(), scope, toDocument(row), 'delete');
    return row;
  });
  if (!removed) return false;
  try {
    await files.remove(removed.storage_path);
  } catch (e) {
    onOrphan?.(removed.storage_path, e);
  }
  return true;
}
