/**
 * The schemas the OpenAPI document shares as components (#/components/schemas/<id>): registered once here
 * with zod's global registry, which fastify-type-provider-zod turns into `$ref`s wherever a route uses them
 * (a request body's form gets the suffix `Input`). The problem schema registers itself (route-kit.ts), as do
 * the engine's output schemas (Assessment, Checklist, PrecheckResult, ApplicationClock … in @icpdesk/engine).
 */
import { z } from 'zod';
import { apiTokenSchema } from './routes/api-tokens.ts';
import { applicationSchema, detailSchema, eventSchema, listItemSchema } from './routes/application-kit.ts';
import { storedSchema as storedPrecheckSchema } from './routes/application-precheck.ts';
import {
  assessmentSummarySchema,
  comparisonSchema,
  storedSchema as storedAssessmentSchema,
} from './routes/assessments.ts';
import { auditEntrySchema } from './routes/audit.ts';
import { me } from './routes/auth.ts';
import { companySchema, shareholdingSchema } from './routes/companies.ts';
import { documentSchema } from './routes/documents.ts';
import { reportSchema, rowErrorSchema } from './routes/import-export.ts';
import { invitationSchema } from './routes/invitations.ts';
import { licenceSchema } from './routes/licences.ts';
import { linkedCompanies, memberSchema } from './routes/members.ts';

const components: Record<string, z.ZodType> = {
  ApiToken: apiTokenSchema,
  Application: applicationSchema,
  ApplicationDetail: detailSchema,
  ApplicationEvent: eventSchema,
  ApplicationListItem: listItemSchema,
  ApplicationPrecheck: storedPrecheckSchema,
  StoredAssessmentSummary: assessmentSummarySchema,
  AssessmentComparison: comparisonSchema,
  AuditEntry: auditEntrySchema,
  Company: companySchema,
  ImportReport: reportSchema,
  ImportRowError: rowErrorSchema,
  Invitation: invitationSchema,
  Licence: licenceSchema,
  LinkedCompanies: linkedCompanies,
  Me: me,
  Member: memberSchema,
  Document: documentSchema,
  Shareholding: shareholdingSchema,
  StoredAssessment: storedAssessmentSchema,
};

let registered = false;
/** registers the components (once; the registry refuses an id twice) */
export function registerComponents(): void {
  if (registered) return;
  registered = true;
  for (const [id, schema] of Object.entries(components))
    if (!z.globalRegistry.get(schema)?.id)
      z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id });
}
