/** What the API shows of drafted documents (DraftResult): the stored documents and the facts still missing. */
import { z } from 'zod';
import { documentSchema } from './documents.ts';

const text = z.object({ zh: z.string(), en: z.string() });

export const missingFactSchema = z
  .object({
    id: z.string().describe('the fact id (kb/templates/facts.yaml), e.g. company.uscc'),
    label: text,
    where: text.describe('where the value is kept or what to fill in'),
    origin: z.string().describe('company, shareholders, register, application or user'),
    count: z.number().int().describe('how many gaps it leaves across the drafts'),
    templates: z.array(z.string()).describe('the templates that need it'),
  })
  .describe('A fact a drafted document needs and has no value for.');

export const draftResultSchema = z
  .object({
    applicationId: z.string(),
    drafts: z.array(
      z.object({
        templateId: z.string(),
        material: z.string().describe('the material (kb/materials.yaml id) it fulfils: its checklist item'),
        title: z.string(),
        missing: z.array(z.string()).describe('the ids of the facts this draft lacks'),
        document: documentSchema.describe('the stored version (a new version of an earlier draft)'),
      }),
    ),
    missing: z.array(missingFactSchema),
  })
  .describe(
    "The application's materials drafted as DOCX and stored as its documents, with the facts still missing (shown in the files as highlighted 【待补充：…】 gaps).",
  );
export type DraftResult = z.infer<typeof draftResultSchema>;
