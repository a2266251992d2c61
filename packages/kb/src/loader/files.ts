/** The files of kb/ with the schema of each, and what they hold once validated. */
import type { z } from 'zod';
import * as s from '../schema.ts';
import type { DocumentTemplate, TemplateFact } from '../schema-templates.ts';

export const files = {
  meta: ['meta.yaml', s.meta],
  catalogue: ['catalogue.yaml', s.catalogueFile],
  authorities: ['authorities.yaml', s.authoritiesFile],
  parameters: ['parameters.yaml', s.parametersFile],
  conditions: ['conditions.yaml', s.conditionsFile],
  questions: ['questions.yaml', s.questionsFile],
  permits: ['permits.yaml', s.permitsFile],
  filings: ['filings.yaml', s.filingsFile],
  pitfalls: ['pitfalls.yaml', s.pitfallsFile],
  holidays: ['holidays.yaml', s.holidaysFile],
  materials: ['materials.yaml', s.materialsFile],
  numbers: ['numbers.yaml', s.numbersFile],
  fees: ['fees.yaml', s.feesFile],
  penalties: ['penalties.yaml', s.penaltiesFile],
  synonyms: ['synonyms.yaml', s.synonymsFile],
  obligations: ['obligations.yaml', s.obligationsFile],
} as const;

export type FileKey = keyof typeof files;

export const fileKeys = Object.keys(files) as FileKey[];

/** The validated content of each fixed file, by key. */
export type FileData = { [K in FileKey]: z.infer<(typeof files)[K][1]> };

/** Everything kb/ holds, validated: what the cache stores and what assemble() turns into a Kb. */
export interface Bundle extends FileData {
  sources: s.Source[];
  activities: s.Activity[];
  faqs: s.Faq[];
  templates: DocumentTemplate[];
  templateFacts: TemplateFact[];
}
