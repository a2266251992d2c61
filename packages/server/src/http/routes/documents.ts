/**
 * Documents of the organisation the request acts in (see ../scope.ts):
 *
 * - POST   /api/v1/documents              upload (multipart/form-data: one file + companyId and/or
 *                                         applicationId, checklistItem; or seriesId for a new version)
 * - GET    /api/v1/documents              list, cursor-paginated; filters; only newest versions by default
 * - GET    /api/v1/documents/:id          one version's metadata
 * - GET    /api/v1/documents/:id/versions every version of its series
 * - GET    /api/v1/documents/:id/content  the file, with download-only headers
 * - DELETE /api/v1/documents/:id          delete one version (row and file)
 *
 * Limits come from the kb as of today: the size from the parameter `document-max-bytes`, the types from
 * the materials' `fileTypes` (the item's own when a checklist item is given), the type judged by the
 * content (./document-upload.ts). Files are stored under <dataDir>/documents by their hash
 * (../../store/files.ts); rows and tenancy in ../../store/documents.ts.
 *
 * Roles: everyone reads (a client: documents of its linked companies); owner, admin, consultant and client
 * upload (a client to its linked companies only — it hands in materials itself); owner, admin and
 * consultant delete. Viewers read only.
 *
 * Downloads are never rendered by the browser: `Content-Disposition: attachment`, `nosniff`, a sandboxing
 * CSP; Content-Type is the type detected at upload; the ETag is the SHA-256 (If-None-Match → 304), and
 * `Cache-Control: private, no-cache` lets a browser keep a copy only if it revalidates it (with the session)
 * each time, never a shared cache. Size and hash are checked while the file is sent: a missing or wrongly
 * sized file is 500 DOCUMENT_DAMAGED before any byte; a changed one fails its hash before the last chunk
 * goes out (500 DOCUMENT_DAMAGED when that is the first chunk, otherwise the response breaks off short of
 * its Content-Length).
 *
 * Not covered here: `icpdesk backup` copies the database, not <dataDir>/documents (copy that folder too);
 * deleting a whole organisation removes its rows by cascade but leaves its folder on disk.
 */
import multipart from '@fastify/multipart';
import { checkKbReferences } from '@icpdesk/engine';
import type { Material } from '@icpdesk/kb';
import {
  checkUpload,
  createDocument,
  DOCX_TYPE,
  DocumentFiles,
  deleteDocument,
  getDocument,
  getStoredDocument,
  listDocuments,
  listVersions,
  resolveDocumentLinks,
  StoredFileError,
} from '@icpdesk/store';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { documentSchema } from '../presenters/documents.ts';
import { HttpProblem } from '../problems.ts';
import {
  idParams,
  langQuery,
  notFound as notFoundProblem,
  pageOf,
  pageQuery,
  type ResourceRoutesOptions,
} from '../route-kit.ts';
import { scopeOf } from '../scope.ts';
import {
  acceptedTypes,
  checkFileName,
  contentDisposition,
  FILE_FIELD,
  FILE_TYPES,
  fileTypeFor,
  readUpload,
  UPLOAD_FIELDS,
} from './document-upload.ts';

const ref = z.string().trim().min(1).max(100);
const uploadFields = z.strictObject({
  companyId: ref.optional(),
  applicationId: ref.optional(),
  checklistItem: ref.optional(),
  seriesId: ref.optional().describe('upload a new version of this series'),
});

const binary = z.string().meta({ format: 'binary' });
/** the multipart form, for the OpenAPI document (the handler reads the parts itself) */
const uploadBodyDoc = uploadFields.extend({
  file: binary.describe('the file (PDF, JPEG or PNG as the kb allows)'),
});

const listQuery = pageQuery.extend({
  sort: z.enum(['-uploadedAt', 'uploadedAt', 'fileName']).default('-uploadedAt'),
  companyId: ref.optional(),
  applicationId: ref.optional(),
  checklistItem: ref.optional(),
  seriesId: ref.optional(),
  latest: z
    .enum(['true', 'false'])
    .default('true')
    .describe('only the newest version of each series (default); false lists every version'),
});

const notFound = (id: string) => notFoundProblem('document', id);

/** staged uploads older than this are leftovers of a crash and are removed at start */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

export const documentRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const files = new DocumentFiles(o.dataDir);
  const preValidation = requireSession(db);
  const materials = new Map<string, Material>(kb.materials.map((m) => [m.id, m]));
  // multipart in this plugin's scope only; the limits are set per request (the size is read from the kb)
  await app.register(multipart, { limits: { files: 1, parts: UPLOAD_FIELDS.length + 3 } });
  await files
    .sweepIncoming(STALE_UPLOAD_MS)
    .catch((err) => app.log.warn({ err }, 'cannot sweep staged uploads'));
  const maxBytesToday = (): number => {
    const p = kb.parameterAt('document-max-bytes', clock.today());
    if (!p || typeof p.value !== 'number' || !Number.isSafeInteger(p.value) || p.value < 1)
      throw new Error('kb parameter document-max-bytes has no positive integer value today');
    return p.value;
  };

  app.post(
    '/api/v1/documents',
    {
      preValidation,
      // the multipart body is read and checked by the handler (readUpload); its schema documents it only
      validatorCompiler: (route) =>
        route.httpPart === 'body'
          ? (data: unknown) => ({ value: data })
          : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
      config: { location: '/api/v1/documents/{id}' },
      schema: {
        operationId: 'uploadDocument',
        problems: [
          'FILE_REQUIRED',
          'TOO_MANY_FILES',
          'EMPTY_FILE',
          'INVALID_FILE_NAME',
          'FILE_EXTENSION_MISMATCH',
          'UNKNOWN_CHECKLIST_ITEM',
          'DOCUMENT_LINK_REQUIRED',
          'APPLICATION_COMPANY_MISMATCH',
          'SERIES_LINK_MISMATCH',
          'UNSUPPORTED_DOCUMENT_TYPE',
          'VERSION_CONFLICT',
          'NOT_FOUND',
        ],
        tags: ['documents'],
        summary: 'Upload a document or a new version (owner, admin, consultant; client for linked companies)',
        description: [
          `multipart/form-data with one file in the "${FILE_FIELD}" field and text fields:`,
          "`companyId` and/or `applicationId` (a new document; an application's document belongs to its company),",
          '`checklistItem` (a material id from kb/materials.yaml), or `seriesId` (a new version of that series, keeping its links).',
          'Size limit: kb parameter `document-max-bytes` (413). Types: the `fileTypes` of the kb materials,',
          "the item's own when a checklist item is given, judged by the content (415); the extension must agree (400).",
        ].join(' '),
        consumes: ['multipart/form-data'],
        body: uploadBodyDoc,
        querystring: langQuery,
        response: { 201: documentSchema },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      // before reading the body: a role that may not upload gets 403 without a byte stored
      checkUpload(scope);
      const maxBytes = maxBytesToday();
      const form = await readUpload(req, files, maxBytes);
      let document: Awaited<ReturnType<typeof createDocument>>;
      try {
        const parsed = uploadFields.safeParse(form.fields);
        if (!parsed.success)
          throw new HttpProblem(
            'VALIDATION_FAILED',
            { zh: '上传的字段无效', en: 'the upload fields are not valid' },
            parsed.error.issues.map((i) => ({
              path: ['body', ...(i.path.length ? i.path : ((i as { keys?: string[] }).keys ?? []))].join('.'),
              code: i.code,
              message: i.message,
            })),
          );
        const fields = parsed.data;
        // a form whose file input was left empty sends a part with no name and no bytes
        if (!form.file || (form.file.name === '' && form.file.staged.size === 0))
          throw new HttpProblem('FILE_REQUIRED');
        if (form.file.fieldName !== FILE_FIELD)
          throw new HttpProblem(
            'VALIDATION_FAILED',
            { zh: `请在 "${FILE_FIELD}" 字段中发送文件`, en: `send the file in the "${FILE_FIELD}" field` },
            [
              {
                path: `body.${form.file.fieldName.slice(0, 100)}`,
                code: 'unrecognized_keys',
                message: { zh: `文件应放在 "${FILE_FIELD}" 字段`, en: `the file goes in "${FILE_FIELD}"` },
              },
            ],
          );
        const [unknownItem] =
          fields.checklistItem === undefined
            ? []
            : checkKbReferences(kb, { materials: [fields.checklistItem] });
        if (unknownItem)
          throw new HttpProblem('UNKNOWN_CHECKLIST_ITEM', unknownItem.message, [
            { path: 'body.checklistItem', code: unknownItem.code, message: unknownItem.message },
          ]);
        const fileName = checkFileName(form.file.name);
        const staged = form.file.staged;
        if (staged.size === 0)
          throw new HttpProblem('EMPTY_FILE', {
            zh: `${fileName} 没有内容`,
            en: `${fileName} has no content`,
          });
        const links = await resolveDocumentLinks(db, scope, fields);
        const material = links.checklistItem === null ? undefined : materials.get(links.checklistItem);
        const type = fileTypeFor(staged.head, fileName, acceptedTypes(kb.materials, material), material);
        document = await createDocument(db, files, scope, {
          ...fields,
          fileName,
          contentType: FILE_TYPES[type].mime,
          file: staged,
        });
      } finally {
        // the staged name goes before the answer: the stored file is a link of its own
        if (form.file) await files.discard(form.file.staged);
      }
      return reply.status(201).header('location', `/api/v1/documents/${document.id}`).send(document);
    },
  );

  app.get(
    '/api/v1/documents',
    {
      preValidation,
      schema: {
        operationId: 'listDocuments',
        tags: ['documents'],
        summary: 'Documents (a client: of its linked companies), newest versions only unless latest=false',
        querystring: listQuery,
        response: { 200: pageOf(documentSchema) },
      },
    },
    async (req) => {
      const q = req.query;
      return listDocuments(db, scopeOf(req), {
        limit: q.limit,
        sort: q.sort,
        latest: q.latest === 'true',
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.companyId ? { companyId: q.companyId } : {}),
        ...(q.applicationId ? { applicationId: q.applicationId } : {}),
        ...(q.checklistItem ? { checklistItem: q.checklistItem } : {}),
        ...(q.seriesId ? { seriesId: q.seriesId } : {}),
      });
    },
  );

  app.get(
    '/api/v1/documents/:id',
    {
      preValidation,
      schema: {
        operationId: 'getDocument',
        tags: ['documents'],
        summary: "One document version's metadata",
        params: idParams,
        querystring: langQuery,
        response: { 200: documentSchema },
      },
    },
    async (req) => {
      const document = await getDocument(db, scopeOf(req), req.params.id);
      if (!document) throw notFound(req.params.id);
      return document;
    },
  );

  app.get(
    '/api/v1/documents/:id/versions',
    {
      preValidation,
      schema: {
        operationId: 'listDocumentVersions',
        tags: ['documents'],
        summary: "Every version of the document's series, oldest first",
        params: idParams,
        querystring: langQuery,
        response: { 200: z.object({ items: z.array(documentSchema) }) },
      },
    },
    async (req) => {
      const items = await listVersions(db, scopeOf(req), req.params.id);
      if (!items) throw notFound(req.params.id);
      return { items };
    },
  );

  app.get(
    '/api/v1/documents/:id/content',
    {
      preValidation,
      schema: {
        operationId: 'downloadDocument',
        problems: ['DOCUMENT_DAMAGED'],
        tags: ['documents'],
        summary: 'Download the file (attachment; Content-Type as detected at upload; ETag is the SHA-256)',
        params: idParams,
        querystring: langQuery,
        response: {
          200: {
            description: 'the file, as the type detected at upload',
            content: Object.fromEntries([
              ...Object.values(FILE_TYPES).map((t) => [
                t.mime,
                { schema: binary.describe(`a ${t.label} file`) },
              ]),
              // drafted by the server (POST /api/v1/applications/{id}/drafts), never uploaded
              [DOCX_TYPE, { schema: binary.describe('a drafted Word (DOCX) file') }],
            ]),
          },
          304: z.null().describe('not modified (If-None-Match matched the ETag)'),
        },
      },
    },
    async (req, reply) => {
      const found = await getStoredDocument(db, scopeOf(req), req.params.id);
      if (!found) throw notFound(req.params.id);
      const { document: d, storagePath } = found;
      const etag = `"${d.sha256}"`;
      reply
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cross-origin-resource-policy', 'same-origin')
        .header('cache-control', 'private, no-cache')
        .header('etag', etag);
      const ifNoneMatch = req.headers['if-none-match'];
      if (
        typeof ifNoneMatch === 'string' &&
        ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
      )
        return reply.status(304).send(null);
      let stream: Awaited<ReturnType<DocumentFiles['open']>>;
      try {
        stream = await files.open(storagePath, { size: d.sizeBytes, sha256: d.sha256 });
      } catch (e) {
        if (!(e instanceof StoredFileError)) throw e;
        req.log.error({ err: e, documentId: d.id }, 'stored document file is missing or damaged');
        throw new HttpProblem('DOCUMENT_DAMAGED', { zh: `文件 ${d.id}`, en: `document ${d.id}` });
      }
      stream.on('error', (err) =>
        req.log.error({ err, documentId: d.id }, 'stored document file failed its check'),
      );
      return reply
        .status(200)
        .header('content-type', d.contentType)
        .header('content-length', String(d.sizeBytes))
        .header('content-disposition', contentDisposition(d.fileName))
        .send(stream as never); // a stream: sent as it is, never serialised
    },
  );

  app.delete(
    '/api/v1/documents/:id',
    {
      preValidation,
      schema: {
        operationId: 'deleteDocument',
        problems: ['DOCUMENT_IN_USE'],
        tags: ['documents'],
        summary:
          "Delete one version, row and file (owner, admin, consultant); 409 while an application's checklist or events name it",
        params: idParams,
        querystring: langQuery,
        response: { 204: z.null().describe('deleted') },
      },
    },
    async (req, reply) => {
      const deleted = await deleteDocument(db, files, scopeOf(req), req.params.id, (path, err) =>
        req.log.warn({ err, path }, 'document deleted but its file could not be removed'),
      );
      if (!deleted) throw notFound(req.params.id);
      return reply.status(204).send(null);
    },
  );
};
