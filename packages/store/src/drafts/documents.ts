/**
 * Drafted materials as documents of an application, and the application's documents as files for a package.
 *
 * - `storeDrafts`: drafted DOCX files become documents of the application for their materials (checklist
 *   items), all in one transaction (all stored or none, the placed files removed again): each a new version
 *   of the material's draft series when one exists (its newest version is a DOCX), else a new series; an
 *   uploaded signed scan of the material is never versioned over. Each leaves its audit row (entity
 *   documents, action create). The server's drafts route and `icpdesk draft --application` both call it.
 * - `packageDocuments`: the newest version of each of the application's documents with its bytes, for an
 *   application package (a draft is left out where the same material has an upload that is not a draft).
 */
import { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { Db } from '../db.ts';
import { createDocumentsTogether, type Document, getStoredDocument, listDocuments } from '../documents.ts';
import type { DocumentFiles, StagedFile } from '../files.ts';
import type { Database } from '../schema.ts';
import type { Scope } from '../scope.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** the largest drafted file accepted (a drafted document is some tens of kilobytes) */
const MAX_DRAFT_BYTES = 20 * 1024 * 1024;
const PAGE = 500;

export const isDraft = (d: Pick<Document, 'contentType'>) => d.contentType === DOCX_TYPE;

/** the newest version of each document series of the application */
async function latestOf(db: Db, scope: Scope, applicationId: string): Promise<Document[]> {
  const out: Document[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDocuments(db, scope, {
      limit: PAGE,
      sort: 'fileName',
      applicationId,
      latest: true,
      ...(cursor ? { cursor } : {}),
    });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

export interface DraftToStore {
  /** the material (kb materials.yaml id) */
  checklistItem: string;
  fileName: string;
  data: Uint8Array;
}

/** the application's draft series by material: those whose newest version is a draft (a DOCX) */
async function draftSeries(
  trx: Transaction<Database>,
  scope: Scope,
  applicationId: string,
): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom('documents')
    .select(['series_id', 'checklist_item', 'content_type', 'version'])
    .where('organisation_id', '=', scope.organisationId)
    .where('application_id', '=', applicationId)
    .where('checklist_item', 'is not', null)
    .orderBy('version', 'desc')
    .execute();
  const newest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!newest.has(r.series_id)) newest.set(r.series_id, r);
  const out = new Map<string, string>();
  for (const r of newest.values())
    if (isDraft({ contentType: r.content_type }) && !out.has(r.checklist_item!))
      out.set(r.checklist_item!, r.series_id);
  return out;
}

/**
 * Stores the drafts as documents of the application in one transaction: all or none. NOT_FOUND when the
 * scope does not see the application; FORBIDDEN for a role that does not upload.
 */
export async function storeDrafts(
  db: Db,
  files: DocumentFiles,
  scope: Scope,
  applicationId: string,
  drafts: readonly DraftToStore[],
): Promise<Document[]> {
  const staged: StagedFile[] = [];
  try {
    for (const d of drafts)
      staged.push(await files.stage(Readable.from([Buffer.from(d.data)]), MAX_DRAFT_BYTES));
    return await createDocumentsTogether(db, files, scope, async (add, trx) => {
      const series = await draftSeries(trx, scope, applicationId);
      const out: Document[] = [];
      for (const [i, d] of drafts.entries()) {
        const seriesId = series.get(d.checklistItem);
        const doc = await add({
          fileName: d.fileName,
          contentType: DOCX_TYPE,
          file: staged[i]!,
          ...(seriesId ? { seriesId } : { applicationId, checklistItem: d.checklistItem }),
        });
        series.set(d.checklistItem, doc.seriesId);
        out.push(doc);
      }
      return out;
    });
  } finally {
    await Promise.all(staged.map((f) => files.discard(f)));
  }
}

export interface PackageDocument {
  document: Document;
  data: Buffer;
}

async function bytesOf(files: DocumentFiles, rel: string, d: Document): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await files.open(rel, { size: d.sizeBytes, sha256: d.sha256 }))
    chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The application's documents for its package: its uploads, and (with `drafts`) its stored drafts of
 * materials without an upload. Documents linked to no checklist item are left out (no kind to list them by).
 */
export async function packageDocuments(
  db: Db,
  files: DocumentFiles,
  scope: Scope,
  applicationId: string,
  o: { drafts: boolean },
): Promise<PackageDocument[]> {
  const docs = (await latestOf(db, scope, applicationId)).filter((d) => d.checklistItem !== null);
  const uploaded = new Set(docs.filter((d) => !isDraft(d)).map((d) => d.checklistItem));
  const out: PackageDocument[] = [];
  for (const d of docs) {
    if (isDraft(d) && (!o.drafts || uploaded.has(d.checklistItem))) continue;
    const stored = await getStoredDocument(db, scope, d.id);
    if (stored) out.push({ document: d, data: await bytesOf(files, stored.storagePath, d) });
  }
  return out;
}
