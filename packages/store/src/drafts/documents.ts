/**
 * Drafted materials as documents of an application, and the application's documents as files for a package.
 *
 * - `storeDraft`: a drafted DOCX becomes a document of the application for its material (checklist item): a
 *   new version of the material's draft series when one exists (its newest version is a DOCX), else a new
 *   series; an uploaded signed scan of the material is never versioned over. createDocument writes the
 *   audit row (entity documents, action create) in the same transaction.
 * - `packageDocuments`: the newest version of each of the application's documents with its bytes, for an
 *   application package (a draft is left out where the same material has an upload that is not a draft).
 */
import { Readable } from 'node:stream';
import type { Db } from '../db.ts';
import { createDocument, type Document, getStoredDocument, listDocuments } from '../documents.ts';
import type { DocumentFiles } from '../files.ts';
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
  applicationId: string;
  /** the material (kb materials.yaml id) */
  checklistItem: string;
  fileName: string;
  data: Uint8Array;
}

export async function storeDraft(
  db: Db,
  files: DocumentFiles,
  scope: Scope,
  d: DraftToStore,
): Promise<Document> {
  const existing = (await latestOf(db, scope, d.applicationId)).find(
    (x) => x.checklistItem === d.checklistItem && isDraft(x),
  );
  const staged = await files.stage(Readable.from([Buffer.from(d.data)]), MAX_DRAFT_BYTES);
  try {
    return await createDocument(db, files, scope, {
      fileName: d.fileName,
      contentType: DOCX_TYPE,
      file: staged,
      ...(existing
        ? { seriesId: existing.seriesId }
        : { applicationId: d.applicationId, checklistItem: d.checklistItem }),
    });
  } finally {
    await files.discard(staged);
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
