/**
 * Drafting an application's materials and downloading its package:
 *
 * - POST /api/v1/applications/:id/drafts — the templates that apply to the application's licence and
 *   procedure (or those `materials` names), filled from the company, its shareholders, its register and the
 *   application (plus `facts` given by id), rendered as DOCX (@icpdesk/draft) and stored as the
 *   application's documents for their materials: a new version of an earlier draft, with an audit row each,
 *   all in one transaction (all stored or none; store drafts/documents.ts, which icpdesk draft shares).
 *   Answers the stored documents and the facts still missing.
 * - POST /api/v1/applications/:id/package — the package as a zip: application.yaml built from the records
 *   (with `supplement` for what they do not hold, e.g. the legal representative's ID number or the staff),
 *   the uploaded documents and the drafts of materials without an upload. `icpdesk precheck` reads it;
 *   drafts are reported as unsigned. 409 PACKAGE_INCOMPLETE names the manifest fields still missing; an
 *   ID number in the supplement that is not a valid resident ID is 400 on its field. The supplement is used
 *   for this package only, never stored.
 *
 * Writers only (owner, admin, consultant) for drafts; anyone who may read the application for the package.
 */

import { DraftError, draftPackage, type PackageFileEntry, packageZip } from '@icpdesk/draft';
import { type DraftSubject, draftSubjectSchema, manifestSchema, validateResidentId } from '@icpdesk/engine';
import { b25Scope, licenceCode, procedure } from '@icpdesk/kb';
import {
  applicationSubject,
  DocumentFiles,
  isDraft,
  mustWrite,
  packageDocuments,
  storeDrafts,
} from '@icpdesk/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireSession } from '../guard.ts';
import { draftResultSchema } from '../presenters/drafts.ts';
import { HttpProblem, langOf } from '../problems.ts';
import { idParams, langQuery, notFound, type ResourceRoutesOptions } from '../route-kit.ts';
import { scopeOf } from '../scope.ts';
import { contentDisposition } from './document-upload.ts';

const ZIP = 'application/zip';

const draftBody = z
  .object({
    materials: z
      .array(z.string().min(1).max(100))
      .max(50)
      .optional()
      .describe('template or material ids; every template that applies when left out'),
    facts: draftSubjectSchema.shape.facts.describe(
      'values by fact id (kb/templates/facts.yaml) for facts the records do not hold',
    ),
  })
  .strict();

// the legal representative's ID number may come alone: the records hold the name
const supplementApplicant = draftSubjectSchema.shape.applicant.partial().extend({
  legalRepresentative: manifestSchema.shape.applicant.shape.legalRepresentative.partial().optional(),
});
const supplement = draftSubjectSchema
  .omit({ applicant: true })
  .extend({ applicant: supplementApplicant.optional() })
  .partial();
type Supplement = z.infer<typeof supplement>;

const ID_PATH = 'body.supplement.applicant.legalRepresentative.idNumber';

/**
 * the supplement with the legal representative's ID number checked (GB 11643: region, birth date, check
 * character) and normalised; 400 VALIDATION_FAILED on that field otherwise — precheck would refuse it
 */
function checkedSupplement(s: Supplement, asOf: string, lang: 'zh' | 'en'): Supplement {
  const id = s.applicant?.legalRepresentative?.idNumber;
  if (id === undefined) return s;
  const r = validateResidentId(id, asOf);
  if (!r.ok)
    throw new HttpProblem('VALIDATION_FAILED', r.message[lang], [
      { path: ID_PATH, code: r.code, message: r.message },
    ]);
  const legalRepresentative = { ...s.applicant?.legalRepresentative, idNumber: r.value ?? id };
  return { ...s, applicant: { ...s.applicant, legalRepresentative } };
}

const packageBody = z
  .object({
    supplement: supplement
      .optional()
      .describe(
        "application.yaml fields the records do not hold (e.g. applicant.legalRepresentative.idNumber, staff); they win over the records'",
      ),
  })
  .strict();

/** b over a: objects merged key by key, anything else replaced */
function merge(a: unknown, b: unknown): unknown {
  if (!b || typeof b !== 'object' || Array.isArray(b) || !a || typeof a !== 'object' || Array.isArray(a))
    return b === undefined ? a : b;
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
  return out;
}

/** "B25:internet" → the licence, scope and procedure the engine takes */
function licenceOf(subject: DraftSubject) {
  const code = licenceCode.safeParse(subject.licence?.code);
  const proc = procedure.safeParse(subject.licence?.procedure);
  if (!code.success || !proc.success) return undefined;
  const scope = b25Scope.safeParse(subject.licence?.scope);
  return { licence: code.data, procedure: proc.data, ...(scope.success ? { scope: scope.data } : {}) };
}

function draftProblem(e: unknown): unknown {
  if (!(e instanceof DraftError)) return e;
  if (e.code === 'PACKAGE_INCOMPLETE')
    return new HttpProblem(
      'PACKAGE_INCOMPLETE',
      e.text,
      e.details.map((d) => ({ path: `manifest.${d.split(':')[0]}`, code: 'missing', message: d })),
    );
  return new HttpProblem(e.code, e.text);
}

export const applicationDraftRoutes: FastifyPluginAsyncZod<ResourceRoutesOptions> = async (app, o) => {
  const { db, kb, clock } = o;
  const files = new DocumentFiles(o.dataDir);
  const preValidation = requireSession(db);

  app.post(
    '/api/v1/applications/:id/drafts',
    {
      preValidation,
      // the drafts are new documents (or versions) of the application: its document listing
      config: { location: '/api/v1/documents?applicationId={applicationId}' },
      schema: {
        operationId: 'draftApplicationDocuments',
        problems: ['NO_TEMPLATES', 'UNKNOWN_MATERIAL'],
        tags: ['applications'],
        summary:
          "Draft the application's materials as DOCX from the company's data and store them as its documents (owner, admin, consultant)",
        params: idParams,
        querystring: langQuery,
        body: draftBody,
        response: { 201: draftResultSchema },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      mustWrite(scope, { zh: '申请', en: 'applications' });
      const found = await applicationSubject(db, scope, req.params.id);
      if (!found) throw notFound('application', req.params.id);
      const subject: DraftSubject = {
        ...found.subject,
        facts: { ...found.subject.facts, ...req.body.facts },
      };
      const which = licenceOf(subject);
      if (!which)
        throw new HttpProblem('NO_TEMPLATES', {
          zh: '申请没有业务种类',
          en: 'the application has no licence',
        });
      const drafted = await draftPackage(kb, {
        subject,
        ...which,
        asOf: clock.today(),
        ...(req.body.materials ? { materials: req.body.materials } : {}),
      }).catch((e) => {
        throw draftProblem(e);
      });
      // one transaction: every draft stored, or none
      const stored = await storeDrafts(
        db,
        files,
        scope,
        found.application.id,
        drafted.files.map((f) => ({
          checklistItem: f.document.material,
          fileName: f.fileName,
          data: f.docx,
        })),
      );
      const drafts = drafted.files.map((f, i) => ({
        templateId: f.document.templateId,
        material: f.document.material,
        title: f.document.title,
        missing: f.document.missing.map((m) => m.id),
        document: stored[i]!,
      }));
      return reply
        .status(201)
        .send({ applicationId: found.application.id, drafts, missing: drafted.missing });
    },
  );

  app.post(
    '/api/v1/applications/:id/package',
    {
      preValidation,
      schema: {
        operationId: 'downloadApplicationPackage',
        problems: ['PACKAGE_INCOMPLETE'],
        tags: ['applications'],
        summary:
          "The application's package as a zip: application.yaml from the records, the uploaded documents and the stored drafts",
        params: idParams,
        querystring: langQuery,
        body: packageBody,
        response: {
          200: {
            description: 'the package (.zip), which icpdesk precheck and POST /api/v1/precheck read',
            content: { [ZIP]: { schema: z.string().meta({ format: 'binary' }) } },
          },
        },
      },
    },
    async (req, reply) => {
      const scope = scopeOf(req);
      const found = await applicationSubject(db, scope, req.params.id);
      if (!found) throw notFound('application', req.params.id);
      const given = checkedSupplement(req.body.supplement ?? {}, clock.today(), langOf(req));
      const subject = merge(found.subject, given) as DraftSubject;
      const docs = await packageDocuments(db, files, scope, found.application.id, { drafts: true });
      const holder = subject.applicant?.name as string | undefined;
      const entries: PackageFileEntry[] = docs.flatMap(({ document: d, data }) => {
        const kind = kb.materials.find((m) => m.id === d.checklistItem)?.documentKind;
        if (!kind) return [];
        const draft = isDraft(d);
        return [
          {
            path: `${draft ? 'drafts' : 'docs'}/${d.id}-${d.fileName}`,
            kind,
            data,
            ...(draft && holder ? { holder } : {}),
          },
        ];
      });
      let zip: Uint8Array;
      try {
        zip = packageZip(subject, [], entries);
      } catch (e) {
        throw draftProblem(e);
      }
      const name = `${found.company.name}-${found.application.id}.zip`;
      return reply
        .status(200)
        .header('content-type', ZIP)
        .header('content-disposition', contentDisposition(name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(zip) as never); // bytes: sent as they are, never serialised
    },
  );
};
