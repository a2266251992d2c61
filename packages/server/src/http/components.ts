/**
 * The schemas the OpenAPI document shares as components (#/components/schemas/<id>): registered once here
 * with zod's global registry, which fastify-type-provider-zod turns into `$ref`s wherever a route uses them
 * (a request body's form gets the suffix `Input`). The problem schema registers itself (route-kit.ts), as do
 * the engine's output schemas (Assessment, Checklist, PrecheckResult, ApplicationClock … in @icpdesk/engine).
 */
import { z } from 'zod';
import { apiTokenSchema } from './presenters/api-tokens.ts';
import { eventSchema } from './presenters/application-events.ts';
import { storedPrecheckSchema } from './presenters/application-prechecks.ts';
import { applicationSchema, detailSchema, listItemSchema } from './presenters/applications.ts';
import {
  assessmentSummarySchema,
  comparisonSchema,
  storedAssessmentSchema,
} from './presenters/assessments.ts';
import { auditEntrySchema } from './presenters/audit.ts';
import { companySchema, shareholdingSchema } from './presenters/companies.ts';
import { documentSchema } from './presenters/documents.ts';
import { draftResultSchema, missingFactSchema } from './presenters/drafts.ts';
import { reportSchema, rowErrorSchema } from './presenters/import-reports.ts';
import { invitationSchema } from './presenters/invitations.ts';
import { licenceSchema } from './presenters/licences.ts';
import { meSchema } from './presenters/me.ts';
import { linkedCompanies, memberSchema } from './presenters/members.ts';
import { obligationRecordSchema } from './presenters/obligation-records.ts';
import { organisationSchema } from './presenters/organisation.ts';

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
  Me: meSchema,
  Member: memberSchema,
  Document: documentSchema,
  ObligationRecord: obligationRecordSchema,
  Organisation: organisationSchema,
  DraftResult: draftResultSchema,
  MissingFact: missingFactSchema,
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
