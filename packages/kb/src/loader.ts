/**
 * Loads kb/ once: reads every file, has loader/check.ts parse and check them (every problem names the file, the
 * line and the path of the entry; all problems are reported at once), caches what validated and assembles the
 * Kb: indexes, resolved citations, dated parameters.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { KbLoadError } from './errors.ts';
import { parseAndCheck } from './loader/check.ts';
import { inForce } from './loader/effective.ts';
import { type Bundle, files } from './loader/files.ts';
import type * as s from './schema.ts';
import type { DocumentTemplate, TemplateFact } from './schema-templates.ts';

export { inForce } from './loader/effective.ts';
export { formatPath } from './loader/issues.ts';

export interface CitedSource {
  ref: string;
  article?: string;
  title: string;
  url?: string;
  grade: s.Source['grade'];
}

export type ActivityEntry = s.Activity;
export type ParameterAt = s.ParameterVersion & { id: string; name: s.Text };

export interface Kb {
  /** meta.version plus a digest of every file, e.g. 2026.11.29+3f2a9c1d */
  version: string;
  dir: string;
  meta: z.infer<typeof s.meta>;
  edition: z.infer<typeof s.catalogueFile>['edition'];
  sources: Map<string, s.Source>;
  categories: Map<s.LicenceCode, s.Category>;
  basicServices: z.infer<typeof s.basicService>[];
  authorities: Map<string, s.Authority>;
  parameters: Map<string, s.Parameter>;
  checks: z.infer<typeof s.conditionsFile>['checks'];
  foreignCaps: s.ForeignCap[];
  foreignProhibitions: s.ForeignProhibition[];
  authorityRules: z.infer<typeof s.conditionsFile>['authorityRules'];
  questions: Map<string, s.Question>;
  activities: Map<string, s.Activity>;
  permits: Map<s.PermitId, s.Permit>;
  filings: Map<s.FilingKind, z.infer<typeof s.filingsFile>['filings'][number]>;
  filingRules: s.FilingRule[];
  pitfalls: s.Pitfall[];
  holidays: z.infer<typeof s.holidaysFile>['years'];
  /** the materials of materials.yaml, then those of number applications (numbers.yaml) */
  materials: s.Material[];
  numbers: Map<string, s.NumberResource>;
  numberRules: s.NumberRule[];
  fees: Map<string, s.Fee>;
  penalties: Map<string, s.Penalty>;
  faqs: Map<string, s.Faq>;
  /** templates/: the document templates by id, and the catalogue of the facts they fill in */
  templates: Map<string, DocumentTemplate>;
  templateFacts: Map<string, TemplateFact>;
  synonyms: z.infer<typeof s.synonymsFile>;
  /** the statutory holidays and lunar days a year without a notice is estimated from */
  holidayRules: Pick<s.HolidaysFile, 'statutory' | 'lunar'>;
  /** the post-licence obligations and how a due date on a rest day is read */
  obligations: s.ObligationsFile;
  /** the cited form of a list of source references (same array back for the same input) */
  cite(refs: readonly s.SourceRef[]): CitedSource[];
  /** the version of a parameter in force on a date (YYYY-MM-DD), or undefined */
  parameterAt(id: string, asOf: string): ParameterAt | undefined;
}

export function defaultKbDir(): string {
  return fileURLToPath(new URL('../../../kb/', import.meta.url));
}

/** Reads every file of the kb once: the fixed files, sources/*.yaml and activities/*.yaml. */
function readAll(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [file] of Object.values(files)) {
    const full = join(dir, file);
    if (existsSync(full)) texts.set(file, readFileSync(full, 'utf8'));
  }
  for (const sub of ['sources', 'activities', 'faq', 'templates']) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d).sort())
      if (name.endsWith('.yaml')) texts.set(`${sub}/${name}`, readFileSync(join(d, name), 'utf8'));
  }
  return texts;
}

function digest(texts: Map<string, string>): string {
  const h = createHash('sha256');
  for (const [file, raw] of texts) h.update(file).update('\0').update(raw).update('\0');
  return h.digest('hex');
}

/**
 * The loader's own code (schema.ts, loader.ts and every file of loader/): a cache written by another version of
 * the schema or of the checks is never read.
 */
const codeDigest = ((): string => {
  const h = createHash('sha256');
  const steps = readdirSync(new URL('./loader/', import.meta.url))
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => `./loader/${name}`);
  for (const file of ['./schema.ts', './schema-templates.ts', './loader.ts', ...steps])
    h.update(file)
      .update('\0')
      .update(readFileSync(new URL(file, import.meta.url)))
      .update('\0');
  return h.digest('hex').slice(0, 12);
})();

export interface LoadOptions {
  /** folder for the validated-kb cache; default $ICPDESK_CACHE_DIR or the system temp folder; false disables it */
  cacheDir?: string | false;
}

/**
 * Loads and validates the knowledge base. A kb that validated once is cached as JSON under its content
 * digest, so later loads of the same files skip YAML parsing and validation.
 */
export function loadKb(dir: string = defaultKbDir(), opts: LoadOptions = {}): Kb {
  if (!existsSync(dir)) {
    throw new KbLoadError([{ code: 'KB_DIR_MISSING', file: dir, path: '', message: `no folder at ${dir}` }]);
  }
  const texts = readAll(dir);
  const sum = digest(texts);
  const cacheDir =
    opts.cacheDir === false || process.env.ICPDESK_NO_CACHE === '1'
      ? undefined
      : (opts.cacheDir ?? process.env.ICPDESK_CACHE_DIR ?? join(tmpdir(), 'icpdesk-cache'));
  const cacheFile = cacheDir ? join(cacheDir, `kb-${sum.slice(0, 24)}-${codeDigest}.json`) : undefined;
  if (cacheFile && existsSync(cacheFile)) {
    try {
      return assemble(dir, sum, JSON.parse(readFileSync(cacheFile, 'utf8')) as Bundle);
    } catch {
      // unreadable or partial cache: fall through and rebuild it
    }
  }
  const bundle = parseAndCheck(dir, texts);
  if (cacheFile && cacheDir) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(bundle));
      renameSync(tmp, cacheFile);
    } catch {
      // a cache is an optimisation: a read-only or full disk must not stop the load
    }
  }
  return assemble(dir, sum, bundle);
}

const byId = <T extends { id: string }>(list: readonly T[]) => new Map(list.map((x) => [x.id, x]));

/** Builds the Kb from validated data: indexes, resolved citations, dated parameters. */
function assemble(dir: string, sum: string, b: Bundle): Kb {
  const sources = byId(b.sources);
  const cited = new WeakMap<readonly s.SourceRef[], CitedSource[]>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (
        k === 'sources' &&
        Array.isArray(v) &&
        v.every((r) => r && typeof r === 'object' && typeof r.ref === 'string')
      ) {
        cited.set(
          v,
          v.map((r: s.SourceRef) => {
            const src = sources.get(r.ref)!;
            const c: CitedSource = { ref: r.ref, title: src.title, grade: src.grade };
            if (r.article) c.article = r.article;
            if (src.url) c.url = src.url;
            return c;
          }),
        );
      } else walk(v);
    }
  };
  const { sources: _list, ...rest } = b;
  walk(rest);
  const parameters = byId(b.parameters.parameters);
  const paramCache = new Map<string, ParameterAt | undefined>();
  return {
    version: `${b.meta.version}+${sum.slice(0, 8)}`,
    dir,
    meta: b.meta,
    edition: b.catalogue.edition,
    sources,
    categories: byId(b.catalogue.categories) as Map<s.LicenceCode, s.Category>,
    basicServices: b.catalogue.basicServices,
    authorities: byId(b.authorities.authorities),
    parameters,
    checks: b.conditions.checks,
    foreignCaps: b.conditions.foreignCaps,
    foreignProhibitions: b.conditions.foreignProhibitions ?? [],
    authorityRules: b.conditions.authorityRules,
    questions: byId(b.questions.questions),
    activities: byId(b.activities),
    permits: byId(b.permits.permits) as Map<s.PermitId, s.Permit>,
    filings: byId(b.filings.filings) as Kb['filings'],
    filingRules: b.filings.rules,
    pitfalls: b.pitfalls.pitfalls,
    holidays: b.holidays.years,
    materials: [...b.materials.materials, ...b.numbers.materials],
    numbers: byId(b.numbers.numbers),
    numberRules: b.numbers.rules,
    fees: byId(b.fees.fees),
    penalties: byId(b.penalties.penalties),
    faqs: byId(b.faqs),
    templates: byId(b.templates),
    templateFacts: byId(b.templateFacts),
    synonyms: b.synonyms,
    holidayRules: { statutory: b.holidays.statutory, lunar: b.holidays.lunar },
    obligations: b.obligations,
    cite(refs) {
      const c = cited.get(refs);
      if (!c) throw new Error('cite() takes a sources array from this kb');
      return c;
    },
    parameterAt(pid, asOf) {
      const k = `${pid}@${asOf}`;
      if (paramCache.has(k)) return paramCache.get(k);
      const param = parameters.get(pid);
      const v = param?.versions.find((x) => inForce(x.effective, asOf));
      const out = param && v ? { ...v, id: param.id, name: param.name } : undefined;
      if (paramCache.size > 10_000) paramCache.clear();
      paramCache.set(k, out);
      return out;
    },
  };
}

/** Relative file name for messages. */
export function kbRelative(kb: Kb, file: string): string {
  return relative(kb.dir, file);
}
