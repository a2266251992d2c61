/**
 * An application package sent as multipart/form-data (one file, the .zip): kept in a fresh temporary folder
 * under a fixed name (never the client's), checked, and removed. Shared by the anonymous precheck and the
 * precheck of a stored application.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kb } from '@icpdesk/kb';
import { checkPackage, type PackageCheck } from '@icpdesk/pack';
import type { FastifyRequest } from 'fastify';
import { HttpProblem, type Lang } from './problems.ts';

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
    if ('error' in c)
      throw new HttpProblem('INVALID_PACKAGE', {
        zh: `材料包无法读取：${c.error.message} [${c.error.code}]`,
        en: `${c.error.message} [${c.error.code}]`,
      });
    throw new HttpProblem(
      'INVALID_PACKAGE',
      { zh: `${c.manifest.file} 无效`, en: `${c.manifest.file} is not valid` },
      c.issues.map((i) => {
        const pos = c.manifest.locate(i.path);
        return {
          path: `${c.manifest.file}${pos.line ? `:${pos.line}:${pos.column}` : ''} ${i.path}`,
          code: i.code,
          message: i.message[lang],
        };
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
