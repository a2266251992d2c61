/** Schema of the materials an application needs (checklist()). */
import { b25Scope, licenceCode, material, permitId, procedure } from '@icpdesk/kb';
import { z } from 'zod';
import { isoDateSchema, sourceBookSchema, textSchema, tracedFields } from './common.ts';

export const checklistItemSchema = z
  .strictObject({
    id: z.string().describe('the material id in kb/materials.yaml'),
    name: textSchema,
    description: textSchema,
    basis: material.shape.basis.describe('statutory: named by a legal text; practice: commonly demanded'),
    format: material.shape.format,
    providedBy: material.shape.providedBy,
    documentKind: z.string().describe('the kind a document in an application package declares to fulfil it'),
    fileTypes: material.shape.fileTypes,
    deferrable: z.boolean().describe('may be submitted later, when the licence is collected (容缺受理)'),
    alternative: textSchema.optional().describe('where a declaration or another item can stand in for it'),
    applies: z
      .enum(['yes', 'unknown'])
      .describe('yes: applies to this applicant; unknown: depends on facts the profile lacks'),
    missing: z
      .array(z.string())
      .describe('for unknown items: the profile paths or answers that would settle it'),
    ...tracedFields,
  })
  .meta({ id: 'ChecklistItem', description: 'One material an application needs.' });
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistSchema = z
  .strictObject({
    asOf: isoDateSchema,
    kbVersion: z.string(),
    licence: licenceCode,
    scope: b25Scope.optional(),
    procedure,
    items: z.array(checklistItemSchema),
    permits: z
      .array(permitId)
      .describe('permits the assessment of the profile concluded, which drive pre-approval items'),
    sources: sourceBookSchema,
  })
  .meta({ id: 'Checklist', description: 'The materials an application needs, statutory first.' });
export type Checklist = z.infer<typeof checklistSchema>;
