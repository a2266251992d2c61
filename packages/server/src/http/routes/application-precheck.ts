/**
 * POST /api/v1/applications/:id/precheck — the pre-submission check of an application's package, stored on
 * the application (the previous one is replaced) and answered:
 *
 * - the package (.zip with application.yaml, multipart, one file) is read and checked by the engine exactly
 *   as the anonymous POST /api/v1/precheck does, as of `asOf` (default today in China);
 * - then checked against the application's own records: the applicant's USCC, name and legal representative
 *   against the company's, the manifest's licence and procedure against the application's;
 * - stored with when it ran, the package's SHA-256 and size, the kind of each manifest document (so that a
 *   finding's path names its material), and an audit row (action "precheck").
 *
 * Writers only (owner, admin, consultant); another organisation's application is 404.
 */
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import { type Manifest, parseManifest } from '@icpdesk/engine';
import {
  type ApplicationDetail,
  getApplication,
  getCompany,
  mustWrite,
  recordPrecheck,
  type StoredPrecheck,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { checkUploadedPackage, PACKAGE_MULTIPART_LIMITS } from '../package-upload.ts';
import { presentStoredPrecheck, storedPrecheckSchema } from '../presenters/application-prechecks.ts';
import { langOf } from '../problems.ts';
import {
  bodyCheckedByHandler,
  dateOnly,
  fileForm,
  idParams,
  notFound,
  type ResourceRoutesOptions,
} from '../route-kit.ts';
import { scopeOf } from '../scope.ts';

type Consistency = StoredPrecheck['consistency'][number];

/** where the package disagrees with the records icpdesk keeps of the same application */
export function consistencyFindings(
  manifest: Manifest,
  application: Pick<ApplicationDetail, 'licenceCodes' | 'procedure'>,
  company: { uscc: string | null; name: string; legalRepresentative: string | null },
): Consistency[] {
  const out: Consistency[] = [];
  const a = manifest.applicant;
  if (company.uscc && a.uscc.trim().toUpperCase() !== company.uscc)
    out.push({
      id: 'records-uscc',
      severity: 'error',
      message: {
        zh: `材料中的统一社会信用代码 ${a.uscc} 与公司档案 ${company.uscc} 不一致`,
        en: `the package's USCC ${a.uscc} differs from the company record's ${company.uscc}`,
      },
    });
  if (a.name.trim() !== company.name.trim())
    out.push({
      id: 'records-name',
      severity: 'warning',
      message: {
        zh: `材料中的申请人名称"${a.name}"与公司档案"${company.name}"不一致`,
        en: `the package's applicant name "${a.name}" differs from the company record's "${company.name}"`,
      },
    });
  if (company.legalRepresentative && a.legalRepresentative.name.trim() !== company.legalRepresentative.trim())
    out.push({
      id: 'records-legal-representative',
      severity: 'warning',
      message: {
        zh: `材料中的法定代表人"${a.legalRepresentative.name}"与公司档案"${company.legalRepresentative}"不一致`,
        en: `the package's legal representative "${a.legalRepresentative.name}" differs from the company record's "${company.legalRepresentative}"`,
      },
    });
  const code = manifest.licence.scope
    ? `${manifest.licence.code}:${manifest.licence.scope}`
    : manifest.licence.code;
  if (!application.licenceCodes.includes(code))
    out.push({
      id: 'records-licence',
      severity: 'error',
      message: {
        zh: `材料申请的业务 ${code} 不在本申请的业务种类（${application.licenceCodes.join('、')}）之中`,
        en: `the package applies for ${code}, which is not among this application's licence codes (${application.licenceCodes.join(', ')})`,
      },
    });
  if (manifest.licence.procedure !== application.procedure)
    out.push({
      id: 'records-procedure',
      severity: 'error',
      message: {
        zh: `材料的申请类型 ${manifest.licence.procedure} 与本申请的 ${application.procedure} 不一致`,
        en: `the package's procedure ${manifest.licence.procedure} differs from this application's ${application.procedure}`,
      },
    });
  return out;
}

export const applicationPrecheckRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  await app.register(multipart, { limits: PACKAGE_MULTIPART_LIMITS });

  app.post(
    '/api/v1/applications/:id/precheck',
    {
      preValidation: requireSession(db),
      validatorCompiler: bodyCheckedByHandler,
      schema: {
        operationId: 'precheckApplication',
        problems: ['INVALID_PACKAGE'],
        tags: ['applications'],
        summary:
          "Precheck the application's package (.zip with application.yaml) and store the findings (owner, admin, consultant)",
        consumes: ['multipart/form-data'],
        body: fileForm('package', 'the application package: a .zip with application.yaml (at most 64 MiB)'),
        params: idParams,
        querystring: z.object({
          asOf: dateOnly.optional(),
          lang: z.enum(['zh', 'en']).optional(),
        }),
        response: {
          200: storedPrecheckSchema,
        },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      mustWrite(scope, { zh: '申请', en: 'applications' });
      const application = await getApplication(db, scope, req.params.id);
      if (!application) throw notFound('application', req.params.id);
      const company = await getCompany(db, scope, application.companyId);
      if (!company) throw notFound('application', req.params.id);
      const asOf = req.query.asOf ?? clock.today();
      const checked = await checkUploadedPackage(req, kb, asOf, langOf(req));
      const manifest = parseManifest(checked.manifest.data);
      const stored: StoredPrecheck = {
        ranAt: clock.now().toISOString(),
        asOf,
        package: {
          sha256: createHash('sha256').update(checked.data).digest('hex'),
          sizeBytes: checked.data.length,
        },
        consistency: manifest.ok ? consistencyFindings(manifest.manifest, application, company) : [],
        ...(manifest.ok ? { documentKinds: manifest.manifest.documents.map((d) => d.kind) } : {}),
        result: checked.result,
      };
      const after = await recordPrecheck(db, scope, req.params.id, stored);
      if (!after) throw notFound('application', req.params.id);
      return presentStoredPrecheck(stored);
    },
  );
};
