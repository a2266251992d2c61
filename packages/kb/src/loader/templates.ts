/**
 * templates/: the facts catalogue (facts.yaml) and one document template per file, named by its id. Checks what
 * the schema cannot: the material exists and applies to the template's licences and procedures; every
 * requirement is covered by a section and every section covers known requirements; every placeholder, list,
 * table and chart names a catalogued fact of the right type, and the template declares exactly the facts it
 * uses; list and table blocks have one shape each; one template per material, variant, licence and procedure
 * on any day.
 */
import type * as s from '../schema.ts';
import {
  chartFacts,
  type DocumentTemplate,
  documentTemplate,
  factId,
  placeholders,
  type TemplateBlock,
  type TemplateFact,
  templateFactsFile,
} from '../schema-templates.ts';
import { overlaps } from './effective.ts';
import type { Issues, Parsed, Path } from './issues.ts';
import { parseFile, validate } from './parse-file.ts';
import type { RefContext } from './refs.ts';

export const FACTS_FILE = 'templates/facts.yaml';

export interface ParsedTemplates {
  facts?: { p: Parsed; list: TemplateFact[] };
  list: { p: Parsed; t: DocumentTemplate }[];
}

export function parseTemplates(texts: Map<string, string>, issues: Issues): ParsedTemplates {
  const out: ParsedTemplates = { list: [] };
  const names = [...texts.keys()].filter((f) => f.startsWith('templates/') && f !== FACTS_FILE);
  if (names.length === 0 && !texts.has(FACTS_FILE)) return out;
  const fp = parseFile(texts, FACTS_FILE, issues);
  const facts = validate(fp, templateFactsFile, issues);
  if (fp && facts) out.facts = { p: fp, list: facts.facts };
  for (const file of names) {
    const p = parseFile(texts, file, issues);
    const t = validate(p, documentTemplate, issues);
    if (!p || !t) continue;
    const name = file.slice('templates/'.length);
    if (`${t.id}.yaml` !== name)
      issues.add('KB_SCHEMA', file, ['id'], `the id "${t.id}" must match the file name ${name}`, p);
    out.list.push({ p, t });
  }
  return out;
}

/** One template's checks share these. */
interface TemplateCtx {
  issues: Issues;
  p: Parsed;
  facts: Map<string, TemplateFact>;
  /** every fact the template uses, with the first path that uses it */
  used: Map<string, Path>;
}

export function checkTemplates(ctx: RefContext): void {
  const { templates } = ctx.kb;
  if (templates.list.length === 0) return;
  const facts = checkFacts(templates.facts, ctx.issues);
  const materials = materialIndex(ctx);
  for (const { p, t } of templates.list) {
    checkMaterial(ctx.issues, p, t, materials);
    checkCoverage(ctx.issues, p, t);
    if (facts) checkFactUse({ issues: ctx.issues, p, facts, used: new Map() }, t);
  }
  checkOverlaps(templates.list, ctx.issues);
}

/** the catalogue by id; undefined when facts.yaml is missing or invalid (then no use of a fact is checked) */
function checkFacts(f: ParsedTemplates['facts'], issues: Issues): Map<string, TemplateFact> | undefined {
  if (!f) return undefined;
  const m = new Map<string, TemplateFact>();
  f.list.forEach((x, i) => {
    if (m.has(x.id))
      issues.add('KB_DUPLICATE_ID', FACTS_FILE, ['facts', i, 'id'], `duplicate fact id "${x.id}"`, f.p);
    m.set(x.id, x);
    if ((x.type === 'table') !== !!x.columns)
      issues.add(
        'KB_SCHEMA',
        FACTS_FILE,
        ['facts', i, 'columns'],
        x.type === 'table' ? 'a table fact lists its columns' : 'only a table fact has columns',
        f.p,
      );
  });
  return m;
}

function materialIndex(ctx: RefContext): Map<string, s.Material> | undefined {
  const { materials, numbers } = ctx.kb.data;
  if (!materials || !numbers) return undefined;
  return new Map([...materials.materials, ...numbers.materials].map((m) => [m.id, m]));
}

function checkMaterial(
  issues: Issues,
  p: Parsed,
  t: DocumentTemplate,
  materials: Map<string, s.Material> | undefined,
): void {
  if (!materials) return;
  const m = materials.get(t.material);
  if (!m) {
    issues.add('KB_UNKNOWN_REF', p.file, ['material'], `unknown material "${t.material}"`, p);
    return;
  }
  t.procedures.forEach((proc, i) => {
    if (!m.procedures.includes(proc))
      issues.add('KB_SCHEMA', p.file, ['procedures', i], `material "${m.id}" is not asked for in ${proc}`, p);
  });
  t.licences.forEach((code, i) => {
    if (m.licences && !m.licences.includes(code))
      issues.add('KB_SCHEMA', p.file, ['licences', i], `material "${m.id}" is not asked for ${code}`, p);
  });
  if (t.variant === 'alternative' && !m.alternative)
    issues.add(
      'KB_SCHEMA',
      p.file,
      ['variant'],
      `material "${m.id}" has no alternative: a template can only be the material itself`,
      p,
    );
}

/** requirement and section ids unique; sections cover known requirements; every requirement covered */
function checkCoverage(issues: Issues, p: Parsed, t: DocumentTemplate): void {
  const reqs = new Set<string>();
  t.requirements.forEach((r, i) => {
    if (reqs.has(r.id))
      issues.add('KB_DUPLICATE_ID', p.file, ['requirements', i, 'id'], `duplicate requirement "${r.id}"`, p);
    reqs.add(r.id);
  });
  const sections = new Set<string>();
  const covered = new Set<string>();
  t.sections.forEach((sec, i) => {
    if (sections.has(sec.id))
      issues.add('KB_DUPLICATE_ID', p.file, ['sections', i, 'id'], `duplicate section "${sec.id}"`, p);
    sections.add(sec.id);
    sec.covers.forEach((rid, j) => {
      covered.add(rid);
      if (!reqs.has(rid))
        issues.add('KB_UNKNOWN_REF', p.file, ['sections', i, 'covers', j], `unknown requirement "${rid}"`, p);
    });
  });
  t.requirements.forEach((r, i) => {
    if (!covered.has(r.id))
      issues.add(
        'KB_TEMPLATE_UNCOVERED',
        p.file,
        ['requirements', i],
        `requirement "${r.id}" is covered by no section: add it to a section's covers`,
        p,
      );
  });
}

/** every fact named is catalogued and of the right type; the template declares exactly the facts it uses */
function checkFactUse(c: TemplateCtx, t: DocumentTemplate): void {
  t.sections.forEach((sec, i) => {
    sec.blocks.forEach((b, j) => {
      checkBlock(c, b, ['sections', i, 'blocks', j]);
    });
  });
  const declared = new Set<string>();
  t.facts.forEach((f, i) => {
    declared.add(f);
    if (!c.facts.has(f))
      c.issues.add('KB_TEMPLATE_FACT', c.p.file, ['facts', i], `fact "${f}" is not in ${FACTS_FILE}`, c.p);
    else if (!c.used.has(f))
      c.issues.add('KB_TEMPLATE_FACT', c.p.file, ['facts', i], `fact "${f}" is declared but never used`, c.p);
  });
  for (const [f, path] of c.used)
    if (!declared.has(f) && c.facts.has(f))
      c.issues.add('KB_TEMPLATE_FACT', c.p.file, path, `fact "${f}" is used but not listed in facts`, c.p);
}

/** what a placeholder may name: a scalar, or a list (its values joined with 、) */
const scalar = new Set<string>(['text', 'date', 'money', 'number', 'list']);
const allTypes = new Set<string>(['text', 'date', 'money', 'number', 'list', 'table']);

/** a fact named at a path: catalogued, of one of the types allowed there */
function useFact(
  c: TemplateCtx,
  f: string,
  path: Path,
  types: Set<string>,
  where: string,
): TemplateFact | undefined {
  const fact = c.facts.get(f);
  if (!c.used.has(f)) c.used.set(f, path);
  if (!fact) {
    const what = factId.safeParse(f).success ? `unknown fact "${f}"` : `malformed placeholder "{{${f}}}"`;
    c.issues.add('KB_TEMPLATE_FACT', c.p.file, path, `${what}: add it to ${FACTS_FILE} or fix the name`, c.p);
    return undefined;
  }
  if (!types.has(fact.type))
    c.issues.add(
      'KB_TEMPLATE_FACT',
      c.p.file,
      path,
      `fact "${f}" is a ${fact.type}: it cannot be ${where}`,
      c.p,
    );
  return fact;
}

/** the placeholders of a text; a stray brace pair is a malformed placeholder */
function useText(c: TemplateCtx, text: string, path: Path): void {
  for (const f of placeholders(text)) useFact(c, f, path, scalar, 'a placeholder');
  const rest = text.replace(/\{\{[^{}]*\}\}/g, '');
  if (rest.includes('{{') || rest.includes('}}'))
    c.issues.add(
      'KB_TEMPLATE_FACT',
      c.p.file,
      path,
      'an unclosed or nested placeholder: write {{fact.id}}',
      c.p,
    );
}

function checkBlock(c: TemplateCtx, b: TemplateBlock, path: Path): void {
  if (b.onlyIf) useFact(c, b.onlyIf, [...path, 'onlyIf'], allTypes, 'a condition');
  switch (b.type) {
    case 'paragraph':
    case 'heading':
      useText(c, b.text, [...path, 'text']);
      return;
    case 'list':
      checkList(c, b, path);
      return;
    case 'table':
      checkTable(c, b, path);
      return;
    case 'chart':
      useFact(c, chartFacts[b.chart], [...path, 'chart'], new Set(['table']), 'a chart');
      if (b.caption) useText(c, b.caption, [...path, 'caption']);
      return;
    case 'signature':
      b.lines.forEach((l, i) => {
        useText(c, l.label, [...path, 'lines', i, 'label']);
        if (l.value) useText(c, l.value, [...path, 'lines', i, 'value']);
      });
  }
}

function checkList(c: TemplateCtx, b: Extract<TemplateBlock, { type: 'list' }>, path: Path): void {
  if (!b.items === !b.fact)
    c.issues.add('KB_SCHEMA', c.p.file, path, 'a list has either items or a fact, not both or neither', c.p);
  b.items?.forEach((x, i) => {
    useText(c, x, [...path, 'items', i]);
  });
  if (b.fact) useFact(c, b.fact, [...path, 'fact'], new Set(['list']), 'a list');
}

function checkTable(c: TemplateCtx, b: Extract<TemplateBlock, { type: 'table' }>, path: Path): void {
  if (b.caption) useText(c, b.caption, [...path, 'caption']);
  const ofFact = !!b.fact && !!b.columns && !b.headings && !b.rows;
  const fixed = !b.fact && !b.columns && !!b.headings && !!b.rows;
  if (!ofFact && !fixed) {
    c.issues.add('KB_SCHEMA', c.p.file, path, 'a table has fact and columns, or headings and rows', c.p);
    return;
  }
  if (b.fact && b.columns) {
    const fact = useFact(c, b.fact, [...path, 'fact'], new Set(['table']), 'a table');
    const keys = new Set(fact?.columns?.map((x) => x.key));
    b.columns.forEach((k, i) => {
      if (fact?.type === 'table' && !keys.has(k))
        c.issues.add(
          'KB_TEMPLATE_FACT',
          c.p.file,
          [...path, 'columns', i],
          `"${b.fact}" has no column "${k}"`,
          c.p,
        );
    });
    return;
  }
  const width = b.headings?.length ?? 0;
  b.headings?.forEach((h, i) => {
    useText(c, h, [...path, 'headings', i]);
  });
  b.rows?.forEach((row, i) => {
    if (row.length !== width)
      c.issues.add(
        'KB_SCHEMA',
        c.p.file,
        [...path, 'rows', i],
        `a row has ${row.length} cells, not ${width}`,
        c.p,
      );
    row.forEach((cell, j) => {
      useText(c, cell, [...path, 'rows', i, j]);
    });
  });
}

/** two templates for one material, variant, licence and procedure are never in force on the same day */
function checkOverlaps(list: ParsedTemplates['list'], issues: Issues): void {
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!.t;
      const { p, t: b } = list[j]!;
      const same =
        a.material === b.material &&
        a.variant === b.variant &&
        a.licences.some((x) => b.licences.includes(x)) &&
        a.procedures.some((x) => b.procedures.includes(x));
      if (same && overlaps(a.effective, b.effective))
        issues.add(
          'KB_EFFECTIVE_OVERLAP',
          p.file,
          ['effective'],
          `template "${b.id}" is in force at the same time as "${a.id}" for the same material, licence and procedure`,
          p,
        );
    }
}
