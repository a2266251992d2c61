/**
 * Schema of the document templates in kb/templates/: the materials an applicant writes itself (business plan,
 * security measures, undertakings, shareholding statement …) as data — what the authority requires each to
 * contain, with sources, and the sections that cover those requirements, in formal Chinese with {{fact.id}}
 * placeholders for the facts of one catalogue (kb/templates/facts.yaml). The loader checks what a schema alone
 * cannot (loader/templates.ts): every placeholder names a catalogued fact, every requirement is covered by a
 * section, the material exists and applies to the template's licences and procedures.
 */
import { z } from 'zod';
import { confidence, effective, licenceCode, procedure, sourceRef, text } from './schema.ts';

const id = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9-]*$/, 'ids are letters, digits and hyphens');

/** a fact's id: dotted camelCase names, e.g. company.name, company.registeredCapital, staff.securityOfficer */
export const factId = z
  .string()
  .regex(
    /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/,
    'fact ids are dotted camelCase names, e.g. company.name',
  );

/** how a fact's value is shaped: scalars fill placeholders; a list fills a list block; a table a table block */
export const factType = z.enum(['text', 'date', 'money', 'number', 'list', 'table']);
export type FactType = z.infer<typeof factType>;

/**
 * where the value comes from: company (the company profile), shareholders (the shareholder tree), register
 * (the company's register: domains, servers, filings, licences), application (the application being
 * prepared), user (not stored: the user fills it in)
 */
export const factOrigin = z.enum(['company', 'shareholders', 'register', 'application', 'user']);
export type FactOrigin = z.infer<typeof factOrigin>;

export const factColumn = z.strictObject({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'column keys are camelCase names'),
  label: text,
});

export const templateFact = z.strictObject({
  id: factId,
  label: text,
  type: factType,
  origin: factOrigin,
  /** the stored field it is read from, in words (or what the user is asked for) */
  where: text,
  /** the path in an application package's application.yaml that holds it, when one does */
  manifest: z.string().min(1).optional(),
  /** a table's columns, in order (tables only) */
  columns: z.array(factColumn).min(1).optional(),
});
export type TemplateFact = z.infer<typeof templateFact>;
export const templateFactsFile = z.strictObject({ facts: z.array(templateFact).min(1) });

/** one point the authority requires the document to contain, and where that requirement is written */
export const templateRequirement = z.strictObject({
  id,
  text,
  sources: z.array(sourceRef).min(1, 'every requirement needs at least one source'),
  confidence,
  note: text.optional(),
});
export type TemplateRequirement = z.infer<typeof templateRequirement>;

/** shown only when the fact has a value (a non-empty list or table): an optional passage, not a gap */
const onlyIf = factId.optional();

/** formal Chinese with {{fact.id}} placeholders */
const filled = z.string().min(1);

export const signatureLine = z.strictObject({
  /** e.g. 申请单位（盖章） */
  label: filled,
  /** printed after the label, e.g. {{company.name}}; left blank for the hand-written part when absent */
  value: filled.optional(),
  /** seal: the 盖章 line; signature: a blank to sign; date: 年 月 日 to write in; text: the value as it is */
  kind: z.enum(['seal', 'signature', 'date', 'text']),
});

export const templateBlock = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('paragraph'), text: filled, onlyIf }),
  /** a sub-heading inside a section */
  z.strictObject({ type: z.literal('heading'), text: filled, onlyIf }),
  /** fixed items (with placeholders), or the values of a list fact: exactly one of items and fact */
  z.strictObject({
    type: z.literal('list'),
    items: z.array(filled).min(1).optional(),
    fact: factId.optional(),
    ordered: z.boolean().optional(),
    onlyIf,
  }),
  /** the rows of a table fact (fact + columns), or fixed rows (headings + rows, cells with placeholders) */
  z.strictObject({
    type: z.literal('table'),
    fact: factId.optional(),
    columns: z.array(z.string().min(1)).min(1).optional(),
    headings: z.array(filled).min(1).optional(),
    rows: z.array(z.array(z.string())).min(1).optional(),
    caption: filled.optional(),
    onlyIf,
  }),
  /** a chart drawn from stored data: shareholding draws the shareholder tree (fact `shareholders`) */
  z.strictObject({
    type: z.literal('chart'),
    chart: z.enum(['shareholding']),
    caption: filled.optional(),
    onlyIf,
  }),
  /** the signature and seal block */
  z.strictObject({ type: z.literal('signature'), lines: z.array(signatureLine).min(1), onlyIf }),
]);
export type TemplateBlock = z.infer<typeof templateBlock>;

/** the fact each chart is drawn from */
export const chartFacts = { shareholding: 'shareholders' } as const;

export const templateSection = z.strictObject({
  id,
  /** zh: the formal heading, without a number (the renderer numbers sections of a report: 一、二、…) */
  heading: text,
  /** the requirements this section answers */
  covers: z.array(id),
  blocks: z.array(templateBlock).min(1),
});
export type TemplateSection = z.infer<typeof templateSection>;

export const documentTemplate = z.strictObject({
  id,
  /** the material (kb/materials.yaml or numbers.yaml) this document fulfils */
  material: id,
  /**
   * document: the material itself; alternative: the statement or undertaking the material's `alternative`
   * lets the applicant give instead (e.g. the undertaking to hand in social-insurance proof later)
   */
  variant: z.enum(['document', 'alternative']),
  licences: z.array(licenceCode).min(1),
  procedures: z.array(procedure).min(1),
  title: text,
  /**
   * report: numbered sections (一、二、…) with headings, sub-headings numbered （一）（二）… within a section;
   * letter: an undertaking or statement — the title, then the sections' blocks without headings or numbers
   */
  layout: z.enum(['report', 'letter']),
  requirements: z.array(templateRequirement).min(1),
  /** every fact the document uses: its placeholders, list and table facts and charts' facts */
  facts: z.array(factId),
  sections: z.array(templateSection).min(1),
  sources: z.array(sourceRef).min(1, 'every entry needs at least one source'),
  effective,
  confidence,
  note: text.optional(),
});
export type DocumentTemplate = z.infer<typeof documentTemplate>;

/** {{fact.id}} — the placeholder syntax of every text of a template */
export const placeholderPattern = /\{\{([^{}]*)\}\}/g;

/** the fact ids a text names, in order (malformed placeholders included as written) */
export function placeholders(s: string): string[] {
  return [...s.matchAll(placeholderPattern)].map((m) => m[1] ?? '');
}
