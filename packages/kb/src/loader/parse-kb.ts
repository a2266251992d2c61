/** Every file of kb/ parsed and checked against its schema: the fixed files, sources/ and activities/. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import * as s from '../schema.ts';
import { type FileData, type FileKey, fileKeys, files } from './files.ts';
import type { Issues, Parsed } from './issues.ts';
import { parseFile, validate } from './parse-file.ts';
import { type ParsedTemplates, parseTemplates } from './templates.ts';

/** What the cross-checks work on: each file parsed (for lines) and, where it matched its schema, its data. */
export interface ParsedKb {
  parsed: Partial<Record<FileKey, Parsed>>;
  data: Partial<FileData>;
  sourceFiles: { p: Parsed; list: s.Source[] }[];
  activities: { p: Parsed; a: s.Activity }[];
  /** faq/: answers to common questions, one file per topic */
  faqFiles: { p: Parsed; list: s.Faq[] }[];
  /** templates/: the document templates and their facts catalogue */
  templates: ParsedTemplates;
}

export function parseKb(dir: string, texts: Map<string, string>, issues: Issues): ParsedKb {
  const { parsed, data } = parseFixedFiles(texts, issues);
  const sourceFiles = parseSources(dir, texts, issues);
  const activities = parseActivities(dir, texts, issues);
  const faqFiles = parseFaqs(texts, issues);
  const templates = parseTemplates(texts, issues);
  return { parsed, data, sourceFiles, activities, faqFiles, templates };
}

function parseFixedFiles(texts: Map<string, string>, issues: Issues): Pick<ParsedKb, 'parsed' | 'data'> {
  const parsed: ParsedKb['parsed'] = {};
  const data: ParsedKb['data'] = {};
  for (const key of fileKeys) {
    const [file, schema] = files[key];
    const p = parseFile(texts, file, issues);
    if (p) parsed[key] = p;
    // biome-ignore lint/suspicious/noExplicitAny: keyed by the same literal
    (data as any)[key] = validate(p, schema as z.ZodType, issues);
  }
  return { parsed, data };
}

/** sources/: the registry of cited material, one file per topic */
function parseSources(dir: string, texts: Map<string, string>, issues: Issues): ParsedKb['sourceFiles'] {
  if (!existsSync(join(dir, 'sources'))) {
    issues.add('KB_FILE_MISSING', 'sources/', [], 'missing: create the sources/ folder');
    return [];
  }
  return listFiles(texts, 'sources/', s.sourcesFile, issues).map(({ p, f }) => ({ p, list: f.sources }));
}

/** every file of a folder holding lists, parsed and checked against the folder's schema */
function listFiles<T extends z.ZodType>(
  texts: Map<string, string>,
  prefix: string,
  schema: T,
  issues: Issues,
): { p: Parsed; f: z.infer<T> }[] {
  const out: { p: Parsed; f: z.infer<T> }[] = [];
  for (const file of texts.keys()) {
    if (!file.startsWith(prefix)) continue;
    const p = parseFile(texts, file, issues);
    const f = validate(p, schema, issues);
    if (p && f) out.push({ p, f });
  }
  return out;
}

/** activities/: one file per activity, named by its id */
function parseActivities(dir: string, texts: Map<string, string>, issues: Issues): ParsedKb['activities'] {
  const activities: ParsedKb['activities'] = [];
  if (!existsSync(join(dir, 'activities'))) {
    issues.add('KB_FILE_MISSING', 'activities/', [], 'missing: create the activities/ folder');
    return activities;
  }
  for (const file of texts.keys()) {
    if (!file.startsWith('activities/')) continue;
    const name = file.slice('activities/'.length);
    const p = parseFile(texts, file, issues);
    const a = validate(p, s.activity, issues);
    if (p && a) {
      if (`${a.id}.yaml` !== name)
        issues.add('KB_SCHEMA', file, ['id'], `the id "${a.id}" must match the file name ${name}`, p);
      activities.push({ p, a });
    }
  }
  return activities;
}

/** faq/: optional folder of answers to common questions */
function parseFaqs(texts: Map<string, string>, issues: Issues): ParsedKb['faqFiles'] {
  return listFiles(texts, 'faq/', s.faqFile, issues).map(({ p, f }) => ({ p, list: f.faqs }));
}
