/**
 * An application package sent as multipart/form-data (one file, the .zip): kept in a fresh temporary folder
 * under a fixed name (never the client's), checked, and removed. Shared by the anonymous precheck and the
 * precheck of a stored application.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kb } from '@icpdesk/kb';
import { checkPackage, type PackageCheck, type PackErrorCode, packErrorCodes } from '@icpdesk/pack';
import type { FastifyRequest } from 'fastify';
import { HttpProblem, type Lang, type Text } from './problems.ts';

/** why a package cannot be read, in both languages (pack's catalogue is English) */
const packProblems: Record<PackErrorCode, Text> = {
  NOT_FOUND: { zh: '材料包不存在', en: packErrorCodes.NOT_FOUND },
  NOT_READABLE: { zh: '不是 .zip 文件，或其中的文件无法读取', en: packErrorCodes.NOT_READABLE },
  ZIP_CORRUPT: { zh: '压缩包已损坏或不是 zip 格式', en: packErrorCodes.ZIP_CORRUPT },
  PATH_ESCAPES: { zh: '有条目指向材料包之外（zip-slip）或使用绝对路径', en: packErrorCodes.PATH_ESCAPES },
  LINK: { zh: '材料包中有符号链接', en: packErrorCodes.LINK },
  TOO_LARGE: { zh: '材料包超过大小、条目数或压缩比上限', en: packErrorCodes.TOO_LARGE },
  MANIFEST_MISSING: { zh: '材料包中没有 application.yaml', en: packErrorCodes.MANIFEST_MISSING },
  MANIFEST_ENCODING: {
    zh: 'application.yaml 不是 UTF-8 编码（如 GBK/GB18030 或 UTF-16）；请用文本编辑器另存为 UTF-8（带不带 BOM 均可）',
    en: packErrorCodes.MANIFEST_ENCODING,
  },
  MANIFEST_YAML: { zh: 'application.yaml 不是有效的 YAML', en: packErrorCodes.MANIFEST_YAML },
  MANIFEST_TOO_COMPLEX: {
    zh: 'application.yaml 过大、嵌套过深或别名展开过多',
    en: packErrorCodes.MANIFEST_TOO_COMPLEX,
  },
};

/** the limits the multipart plugin is registered with where packages are taken */
export const PACKAGE_MULTIPART_LIMITS = { files: 1, fileSize: 64 << 20, fields: 5 } as const;

export type CheckedPackage = Extract<PackageCheck, { ok: true }> & { data: Buffer };

/** reads the request's one file and prechecks it as of `asOf`; an unreadable or invalid package is a problem */
export async function checkUploadedPackage(
  req: FastifyRequest,
  kb: Kb,
  asOf: string,
  lang: Lang,
): Promise<CheckedPackage> {
  if (!req.isMultipart())
    throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', {
      zh: '请以 multipart/form-data 发送材料包，只含一个文件字段',
      en: 'send the package as multipart/form-data with one file field',
    });
  const file = await req.file();
  if (!file)
    throw new HttpProblem('VALIDATION_FAILED', {
      zh: '请求中没有文件；请在 "package" 字段中发送 .zip 文件',
      en: 'no file in the request; send the .zip as the "package" field',
    });
  const data = await file.toBuffer();
  if (file.file.truncated)
    throw new HttpProblem('PAYLOAD_TOO_LARGE', {
      zh: '材料包超过 64 MiB',
      en: 'the package is larger than 64 MiB',
    });
  const dir = await mkdtemp(join(tmpdir(), 'icpdesk-upload-'));
  try {
    const path = join(dir, 'package.zip');
    await writeFile(path, data);
    const c = await checkPackage(kb, path, asOf);
    if (c.ok) return { ...c, data };
    if ('error' in c) {
      // the catalogue's words, not the reader's message: that names the server's temporary file and
      // repeats the zip library's wording
      const known = packProblems[c.error.code];
      const enc = c.error.encoding;
      const why = enc ? { zh: `${known.zh}（检测到 ${enc}）`, en: `${known.en} (found ${enc})` } : known;
      throw new HttpProblem(
        'INVALID_PACKAGE',
        { zh: `材料包无法读取：${why.zh}`, en: `the package cannot be read: ${why.en}` },
        [{ path: 'body.package', code: c.error.code, message: why }],
      );
    }
    throw new HttpProblem(
      'INVALID_PACKAGE',
      { zh: `${c.manifest.file} 无效`, en: `${c.manifest.file} is not valid` },
      c.issues.map((i) => {
        const pos = c.manifest.locate(i.path);
        return {
          path: `${c.manifest.file}${pos.line ? `:${pos.line}:${pos.column}` : ''} ${i.path}`,
          code: i.code,
          message: i.detail[lang],
        };
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
