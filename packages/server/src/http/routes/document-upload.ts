/**
 * Reading and checking a document upload (multipart/form-data), before anything reaches the store:
 *
 * - `readUpload`: streams the one file part into a staged file (SHA-256, size and first bytes computed on
 *   the way; the size limit enforced while streaming, so an oversized upload is cut off at the limit and
 *   nothing of it stays on disk) and collects the text fields, in whatever order they come. Multipart
 *   limits are mapped to problems: a second file → 400 TOO_MANY_FILES, too many or too long fields → 400
 *   VALIDATION_FAILED, the file over the limit → 413 PAYLOAD_TOO_LARGE, a broken body → 400 MALFORMED_MULTIPART.
 * - `checkFileName`: the name as the client sent it, NFC-normalised and trimmed; a path (/ or \, . or ..),
 *   control or bidirectional-override characters, or more than 255 UTF-8 bytes → 400 INVALID_FILE_NAME.
 *   The name is only ever metadata (the disk name is the hash), and it is sent back in Content-Disposition.
 * - `fileTypeFor`: the type by the content's magic bytes (the engine's detector, also used by precheck),
 *   which must be one the kb's materials accept (the item's own list when a checklist item is known) →
 *   415 UNSUPPORTED_DOCUMENT_TYPE; and the name's extension must agree → 400 FILE_EXTENSION_MISMATCH.
 *   The client's Content-Type is ignored.
 */
import { fileTypeOf } from '@icpdesk/engine';
import type { FileType, Material } from '@icpdesk/kb';
import { type DocumentFiles, FileTooLargeError, type StagedFile } from '@icpdesk/store';
import type { FastifyRequest } from 'fastify';
import { HttpProblem, type Text } from '../problems.ts';
import { multipartError } from '../request-bounds.ts';

/** what the server knows of each type the kb may list; a new kb file type fails the type check here */
export const FILE_TYPES: Record<FileType, { mime: string; extensions: readonly string[]; label: string }> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  png: { mime: 'image/png', extensions: ['png'], label: 'PNG' },
};

/** the one field name of the file */
export const FILE_FIELD = 'file';
/** the text fields an upload may have */
export const UPLOAD_FIELDS = ['companyId', 'applicationId', 'checklistItem', 'seriesId'] as const;
const MAX_FIELD_BYTES = 200;
const MAX_FILE_NAME_BYTES = 255;

export interface UploadForm {
  fields: Record<string, string>;
  file?: { fieldName: string; name: string; staged: StagedFile };
}

const codeOf = (e: unknown) => (e as { code?: unknown })?.code;

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem('PAYLOAD_TOO_LARGE', {
    zh: `文件超过 ${maxBytes} 字节（知识库参数 document-max-bytes）`,
    en: `the file is larger than ${maxBytes} bytes (kb parameter document-max-bytes)`,
  });
}

/** the problem for an error of the multipart reader */
function multipartProblem(e: unknown, maxBytes: number): unknown {
  if (e instanceof HttpProblem) return e;
  if (e instanceof FileTooLargeError) return tooLarge(maxBytes);
  switch (codeOf(e)) {
    case 'FST_FILES_LIMIT':
      return new HttpProblem('TOO_MANY_FILES', {
        zh: '请求中有多个文件，请一次上传一个',
        en: 'the request has more than one file; upload one at a time',
      });
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(maxBytes);
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new HttpProblem('VALIDATION_FAILED', {
        zh: `字段过多；上传只含一个文件，以及最多这些字段：${UPLOAD_FIELDS.join(', ')}`,
        en: `too many fields; an upload has one file and at most: ${UPLOAD_FIELDS.join(', ')}`,
      });
    case 'FST_PROTO_VIOLATION':
      return new HttpProblem('VALIDATION_FAILED', { zh: '字段名不允许', en: 'a field name is not allowed' });
    case 'FST_MP_PREMATURE_CLOSE':
      return new HttpProblem('MALFORMED_MULTIPART', {
        zh: 'multipart 请求体不完整，请求已提前结束',
        en: 'the request ended before the multipart body did',
      });
  }
  // busboy: a malformed body ("Unexpected end of multipart data", "Multipart: Boundary not found", …)
  return multipartError(e) ?? e;
}

/**
 * Reads a multipart upload: one file, staged under the data directory (the caller discards it), and the
 * text fields. Throws the problems listed above; the staged file is removed when reading fails.
 */
export async function readUpload(
  req: FastifyRequest,
  files: DocumentFiles,
  maxBytes: number,
): Promise<UploadForm> {
  if (!req.isMultipart())
    throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', {
      zh: `请以 multipart/form-data 发送文件，在 "${FILE_FIELD}" 字段中放一个文件`,
      en: `send the document as multipart/form-data with one file in the "${FILE_FIELD}" field`,
    });
  const form: UploadForm = { fields: {} };
  try {
    const parts = req.parts({
      limits: {
        fileSize: maxBytes,
        files: 1,
        fields: UPLOAD_FIELDS.length + 2,
        parts: UPLOAD_FIELDS.length + 3,
        fieldNameSize: 100,
        fieldSize: MAX_FIELD_BYTES,
        headerPairs: 20,
      },
      // the raw name as sent, so that a path in it is refused rather than silently cut to its last part
      preservePath: true,
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        // stop reading at the limit instead of waiting for the rest of an oversized part
        part.file.once('limit', () => part.file.destroy(new FileTooLargeError(maxBytes)));
        const staged = await files.stage(part.file, maxBytes);
        if (part.file.truncated) {
          await files.discard(staged);
          throw tooLarge(maxBytes);
        }
        form.file = { fieldName: part.fieldname, name: part.filename, staged };
      } else {
        if (part.fieldname in form.fields)
          throw new HttpProblem(
            'VALIDATION_FAILED',
            {
              zh: `字段 ${part.fieldname.slice(0, 100)} 重复出现`,
              en: `the field ${part.fieldname.slice(0, 100)} is given twice`,
            },
            [
              {
                path: `body.${part.fieldname.slice(0, 100)}`,
                code: 'duplicate',
                message: { zh: '重复出现', en: 'given twice' },
              },
            ],
          );
        if (part.valueTruncated || part.fieldnameTruncated)
          throw new HttpProblem(
            'VALIDATION_FAILED',
            {
              zh: `字段 ${part.fieldname.slice(0, 100)} 过长`,
              en: `the field ${part.fieldname.slice(0, 100)} is too long`,
            },
            [
              {
                path: `body.${part.fieldname.slice(0, 100)}`,
                code: 'too_big',
                message: { zh: `最多 ${MAX_FIELD_BYTES} 字节`, en: `at most ${MAX_FIELD_BYTES} bytes` },
              },
            ],
          );
        form.fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
      }
    }
  } catch (e) {
    if (form.file) await files.discard(form.file.staged);
    throw multipartProblem(e, maxBytes);
  }
  return form;
}

const PATH_SEPARATOR = /[/\\]/;
/** C0 and C1 controls and DEL (NUL included) */
const hasControl = (s: string) =>
  [...s].some((ch) => {
    const c = ch.codePointAt(0)!;
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  });
// bidirectional marks, embeddings, overrides and isolates: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf"
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** the file name to keep, or 400 INVALID_FILE_NAME */
export function checkFileName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  const refuse = (why: Text) => {
    throw new HttpProblem('INVALID_FILE_NAME', why, [
      { path: `body.${FILE_FIELD}.filename`, code: 'invalid_file_name', message: why },
    ]);
  };
  if (!name) refuse({ zh: '文件没有名称', en: 'the file has no name' });
  if (PATH_SEPARATOR.test(name))
    refuse({
      zh: '文件名含有路径（/ 或 \\），请只发送文件名',
      en: 'the file name contains a path (/ or \\); send the name only',
    });
  if (name === '.' || name === '..')
    refuse({ zh: '文件名是路径（. 或 ..）', en: 'the file name is a path (. or ..)' });
  if (hasControl(name)) refuse({ zh: '文件名含有控制字符', en: 'the file name contains control characters' });
  if (BIDI.test(name))
    refuse({
      zh: '文件名含有文字方向控制字符',
      en: 'the file name contains text-direction control characters',
    });
  if (Buffer.byteLength(name, 'utf8') > MAX_FILE_NAME_BYTES)
    refuse({
      zh: `文件名超过 ${MAX_FILE_NAME_BYTES} 字节（UTF-8）`,
      en: `the file name is longer than ${MAX_FILE_NAME_BYTES} bytes (UTF-8)`,
    });
  return name;
}

/** the kb's accepted types: the material's, or those of any material */
export function acceptedTypes(materials: readonly Material[], material?: Material): FileType[] {
  if (material) return [...material.fileTypes];
  return [...new Set(materials.flatMap((m) => m.fileTypes))];
}

/**
 * The type of a staged file by its content: 415 UNSUPPORTED_DOCUMENT_TYPE unless it is one of `accepted`,
 * 400 FILE_EXTENSION_MISMATCH unless the name's extension names that type.
 */
export function fileTypeFor(
  head: Uint8Array,
  fileName: string,
  accepted: readonly FileType[],
  material?: Material,
): FileType {
  const detected = fileTypeOf(head);
  const labels = accepted.map((t) => FILE_TYPES[t].label).join(', ');
  if (detected === 'other' || !accepted.includes(detected))
    throw new HttpProblem('UNSUPPORTED_DOCUMENT_TYPE', {
      zh: `${detected === 'other' ? '文件内容不属于任何接受的格式' : `文件内容为 ${FILE_TYPES[detected].label}`}；${
        material ? `材料 ${material.id} 接受` : '文件可为'
      } ${labels}`,
      en: `${detected === 'other' ? 'the content is of no accepted type' : `the content is ${FILE_TYPES[detected].label}`}; ${
        material ? `checklist item ${material.id} accepts` : 'documents may be'
      } ${labels}`,
    });
  const dot = fileName.lastIndexOf('.');
  const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const expected = FILE_TYPES[detected].extensions;
  if (!expected.includes(extension))
    throw new HttpProblem(
      'FILE_EXTENSION_MISMATCH',
      {
        zh: `文件内容为 ${FILE_TYPES[detected].label}，但文件名${extension ? `以 .${extension} 结尾` : '没有扩展名'}；请命名为 *.${expected.join(' 或 *.')}`,
        en: `the content is ${FILE_TYPES[detected].label} but the name ${extension ? `ends in .${extension}` : 'has no extension'}; name it *.${expected.join(' or *.')}`,
      },
      [
        {
          path: `body.${FILE_FIELD}.filename`,
          code: 'extension',
          message: { zh: `应为 .${expected.join(' 或 .')}`, en: `expected .${expected.join(' or .')}` },
        },
      ],
    );
  return detected;
}

/** `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266, RFC 8187) */
export function contentDisposition(fileName: string): string {
  const fallback = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
