/**
 * Loads kb/ once: parses YAML, validates every file against the schema, resolves source references and
 * checks what a schema alone cannot (duplicate ids, unknown references, overlapping effective ranges).
 * Every problem names the file, the line and the path of the entry; all problems are reported at once.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type KbErrorCode, type KbIssue, KbLoadError } from './errors.ts';
import * as s from './schema.ts';

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
  authorityRules: z.infer<typeof s.conditionsFile>['authorityRules'];
  questions: Map<string, s.Question>;
  activities: Map<string, s.Activity>;
  permits: Map<s.PermitId, s.Permit>;
  filings: Map<s.FilingKind, z.infer<typeof s.filingsFile>['filings'][number]>;
  filingRules: s.FilingRule[];
  pitfalls: s.Pitfall[];
  holidays: z.infer<typeof s.holidaysFile>['years'];
  materials: s.Material[];
  /** the cited form of a list of source references (same array back for the same input) */
  cite(refs: readonly s.SourceRef[]): CitedSource[];
  /** the version of a parameter in force on a date (YYYY-MM-DD), or undefined */
  parameterAt(id: string, asOf: string): ParameterAt | undefined;
}

export function defaultKbDir(): string {
  return fileURLToPath(new URL('../../../kb/', import.meta.url));
}

const files = {
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
} as const;

type Parsed = {
  file: string;
  data: unknown;
  locate: (path: (string | number)[]) => { line?: number; column?: number };
};

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

/** Everything kb/ holds, validated: what the cache stores and what assemble() turns into a Kb. */
interface Bundle {
  meta: z.infer<typeof s.meta>;
  catalogue: z.infer<typeof s.catalogueFile>;
  authorities: z.infer<typeof s.authoritiesFile>;
  parameters: z.infer<typeof s.parametersFile>;
  conditions: z.infer<typeof s.conditionsFile>;
  questions: z.infer<typeof s.questionsFile>;
  permits: z.infer<typeof s.permitsFile>;
  filings: z.infer<typeof s.filingsFile>;
  pitfalls: z.infer<typeof s.pitfallsFile>;
  holidays: z.infer<typeof s.holidaysFile>;
  materials: z.infer<typeof s.materialsFile>;
  sources: s.Source[];
  activities: s.Activity[];
}

/** Reads every file of the kb once: the fixed files, sources/*.yaml and activities/*.yaml. */
function readAll(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [file] of Object.values(files)) {
    const full = join(dir, file);
    if (existsSync(full)) texts.set(file, readFileSync(full, 'utf8'));
  }
  for (const sub of ['sources', 'activities']) {
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

/** The loader's own code: a cache written by another version of the schema is never read. */
const codeDigest = createHash('sha256')
  .update(readFileSync(new URL('./schema.ts', import.meta.url)))
  .update(readFileSync(new URL('./loader.ts', import.meta.url)))
  .digest('hex')
  .slice(0, 12);

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

function parseAndCheck(dir: string, texts: Map<string, string>): Bundle {
  const issues: KbIssue[] = [];
  const issue = (code: KbErrorCode, file: string, path: (string | number)[], message: string, p?: Parsed) => {
    issues.push({ code, file, path: formatPath(path), message, ...(p ? p.locate(path) : {}) });
  };
  const read = (file: string): Parsed | undefined => {
    const raw = texts.get(file);
    if (raw === undefined) {
      issue('KB_FILE_MISSING', file, [], `missing: create ${file}`);
      return undefined;
    }
    const lc = new LineCounter();
    const doc = parseDocument(raw, { lineCounter: lc, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = e.linePos?.[0];
        issues.push({
          code: 'KB_YAML',
          file,
          path: '',
          message: e.message.split('\n')[0] ?? e.message,
          ...(pos ? { line: pos.line, column: pos.col } : {}),
        });
      }
      return undefined;
    }
    const locate = (path: (string | number)[]) => {
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) {
          const pos = lc.linePos(node.range[0]);
          return { line: pos.line, column: pos.col };
        }
      }
      return {};
    };
    return { file, data: doc.toJS(), locate };
  };

  const validate = <T extends z.ZodType>(p: Parsed | undefined, schema: T): z.infer<T> | undefined => {
    if (!p) return undefined;
    const r = schema.safeParse(p.data);
    if (r.success) return r.data;
    for (const e of r.error.issues) {
      const path = e.path.filter((x): x is string | number => typeof x !== 'symbol');
      let message = e.message;
      if (e.code === 'unrecognized_keys')
        message = `unknown key${e.keys.length > 1 ? 's' : ''} ${e.keys.map((k) => `"${k}"`).join(', ')}`;
      issue('KB_SCHEMA', p.file, path, message, p);
    }
    return undefined;
  };

  const parsed: Partial<Record<keyof typeof files, Parsed>> = {};
  const data: { [K in keyof typeof files]?: z.infer<(typeof files)[K][1]> } = {};
  for (const key of Object.keys(files) as (keyof typeof files)[]) {
    const [file, schema] = files[key];
    const p = read(file);
    if (p) parsed[key] = p;
    // biome-ignore lint/suspicious/noExplicitAny: keyed by the same literal
    (data as any)[key] = validate(p, schema as z.ZodType);
  }

  // sources/: the registry of cited material, one file per topic
  const sourceFiles: { p: Parsed; list: s.Source[] }[] = [];
  const sourceDir = join(dir, 'sources');
  if (!existsSync(sourceDir)) issue('KB_FILE_MISSING', 'sources/', [], 'missing: create the sources/ folder');
  else {
    for (const file of texts.keys()) {
      if (!file.startsWith('sources/')) continue;
      const p = read(file);
      const f = validate(p, s.sourcesFile);
      if (p && f) sourceFiles.push({ p, list: f.sources });
    }
  }

  // activities/: one file per activity
  const activityDir = join(dir, 'activities');
  const activities: { p: Parsed; a: s.Activity }[] = [];
  if (!existsSync(activityDir))
    issue('KB_FILE_MISSING', 'activities/', [], 'missing: create the activities/ folder');
  else {
    for (const file of texts.keys()) {
      if (!file.startsWith('activities/')) continue;
      const name = file.slice('activities/'.length);
      const p = read(file);
      const a = validate(p, s.activity);
      if (p && a) {
        if (`${a.id}.yaml` !== name)
          issue('KB_SCHEMA', file, ['id'], `the id "${a.id}" must match the file name ${name}`, p);
        activities.push({ p, a });
      }
    }
  }

  // ---------------------------------------------------------------- cross-checks
  const sources = new Map<string, s.Source>();
  for (const { p, list } of sourceFiles) {
    list.forEach((src, i) => {
      if (sources.has(src.id))
        issue('KB_DUPLICATE_ID', p.file, ['sources', i, 'id'], `duplicate source id "${src.id}"`, p);
      sources.set(src.id, src);
    });
  }

  const cited = new WeakMap<readonly s.SourceRef[], CitedSource[]>();
  const citeAll = (p: Parsed, value: unknown, path: (string | number)[]) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        citeAll(p, v, [...path, i]);
      });
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (k === 'sources' && Array.isArray(v)) {
        const out: CitedSource[] = [];
        v.forEach((r: s.SourceRef, i) => {
          const src = sources.get(r.ref);
          if (!src) {
            issue(
              'KB_UNKNOWN_SOURCE',
              p.file,
              [...path, k, i, 'ref'],
              `unknown source "${r.ref}": add it to a file in sources/`,
              p,
            );
            return;
          }
          out.push({
            ref: r.ref,
            ...(r.article ? { article: r.article } : {}),
            title: src.title,
            ...(src.url ? { url: src.url } : {}),
            grade: src.grade,
          });
        });
        cited.set(v, out);
      } else citeAll(p, v, [...path, k]);
    }
  };
  for (const key of Object.keys(files) as (keyof typeof files)[]) {
    const p = parsed[key];
    if (p && data[key]) citeAll(p, data[key], []);
  }
  for (const { p, a } of activities) citeAll(p, a, []);

  const uniqueMap = <T extends { id: string }>(
    list: readonly T[] | undefined,
    p: Parsed | undefined,
    path: string,
    what: string,
  ): Map<string, T> => {
    const m = new Map<string, T>();
    list?.forEach((x, i) => {
      if (m.has(x.id))
        issue('KB_DUPLICATE_ID', p?.file ?? '', [path, i, 'id'], `duplicate ${what} id "${x.id}"`, p);
      m.set(x.id, x);
    });
    return m;
  };

  const categories = uniqueMap(data.catalogue?.categories, parsed.catalogue, 'categories', 'category') as Map<
    s.LicenceCode,
    s.Category
  >;
  const authorities = uniqueMap(
    data.authorities?.authorities,
    parsed.authorities,
    'authorities',
    'authority',
  );
  const parameters = uniqueMap(data.parameters?.parameters, parsed.parameters, 'parameters', 'parameter');
  const questions = uniqueMap(data.questions?.questions, parsed.questions, 'questions', 'question');
  const permits = uniqueMap(data.permits?.permits, parsed.permits, 'permits', 'permit') as Map<
    s.PermitId,
    s.Permit
  >;
  uniqueMap(data.filings?.filings, parsed.filings, 'filings', 'filing');
  uniqueMap(data.pitfalls?.pitfalls, parsed.pitfalls, 'pitfalls', 'pitfall');
  uniqueMap(data.conditions?.foreignCaps, parsed.conditions, 'foreignCaps', 'foreign cap');
  const activityMap = new Map<string, s.Activity>();
  for (const { p, a } of activities) {
    if (activityMap.has(a.id)) issue('KB_DUPLICATE_ID', p.file, ['id'], `duplicate activity id "${a.id}"`, p);
    activityMap.set(a.id, a);
  }

  // completeness of the catalogue and of the authorities
  if (data.catalogue) {
    for (const code of s.licenceCode.options)
      if (!categories.has(code))
        issue('KB_INCOMPLETE', 'catalogue.yaml', ['categories'], `category ${code} is missing`);
  }
  if (data.authorities && !authorities.has('MIIT'))
    issue('KB_INCOMPLETE', 'authorities.yaml', ['authorities'], 'MIIT is missing');
  if (data.authorities && [...authorities.values()].filter((a) => a.kind === 'provincial-ca').length !== 31)
    issue(
      'KB_INCOMPLETE',
      'authorities.yaml',
      ['authorities'],
      'expected the 31 provincial communications administrations',
    );
  if (data.permits) {
    for (const id of s.permitId.options)
      if (!permits.has(id)) issue('KB_INCOMPLETE', 'permits.yaml', ['permits'], `permit ${id} is missing`);
  }

  // rule ids are unique across the whole kb: a trace names a rule by id alone
  const ruleIds = new Map<string, string>();
  const seeRule = (rule: string, file: string, path: (string | number)[], p?: Parsed) => {
    const prev = ruleIds.get(rule);
    if (prev) issue('KB_DUPLICATE_ID', file, path, `rule id "${rule}" is also used in ${prev}`, p);
    else ruleIds.set(rule, file);
  };
  for (const { p, a } of activities) {
    a.licences.forEach((r, i) => {
      seeRule(r.rule, p.file, ['licences', i, 'rule'], p);
    });
    a.permits.forEach((r, i) => {
      seeRule(r.rule, p.file, ['permits', i, 'rule'], p);
    });
  }
  data.filings?.rules.forEach((r, i) => {
    seeRule(r.rule, 'filings.yaml', ['rules', i, 'rule'], parsed.filings);
  });
  data.conditions?.authorityRules.forEach((r, i) => {
    seeRule(r.id, 'conditions.yaml', ['authorityRules', i, 'id'], parsed.conditions);
  });

  // references inside conditions, checks and filings
  const checkCondition = (c: s.Condition | undefined, p: Parsed, path: (string | number)[]) => {
    if (!c) return;
    c.all?.forEach((x, i) => {
      checkCondition(x, p, [...path, 'all', i]);
    });
    c.any?.forEach((x, i) => {
      checkCondition(x, p, [...path, 'any', i]);
    });
    checkCondition(c.not, p, [...path, 'not']);
    c.activity?.forEach((a, i) => {
      if (!activityMap.has(a))
        issue('KB_UNKNOWN_REF', p.file, [...path, 'activity', i], `unknown activity "${a}"`, p);
    });
    if (c.answer && !questions.has(c.answer.question))
      issue(
        'KB_UNKNOWN_REF',
        p.file,
        [...path, 'answer', 'question'],
        `unknown question "${c.answer.question}": add it to questions.yaml`,
        p,
      );
  };
  for (const { p, a } of activities) {
    a.licences.forEach((r, i) => {
      checkCondition(r.when, p, ['licences', i, 'when']);
      if (r.subtype) {
        const cat = categories.get(r.code);
        if (cat && !cat.subtypes?.some((st) => st.id === r.subtype))
          issue(
            'KB_UNKNOWN_REF',
            p.file,
            ['licences', i, 'subtype'],
            `category ${r.code} has no subtype "${r.subtype}"`,
            p,
          );
      }
      if (r.code === 'B25' && !r.scope)
        issue(
          'KB_SCHEMA',
          p.file,
          ['licences', i, 'scope'],
          'a B25 rule must say its scope: internet or non-internet',
          p,
        );
    });
    a.permits.forEach((r, i) => {
      checkCondition(r.when, p, ['permits', i, 'when']);
    });
  }
  if (parsed.filings && data.filings) {
    const pf = parsed.filings;
    data.filings.rules.forEach((r, i) => {
      checkCondition(r.when, pf, ['rules', i, 'when']);
    });
    data.filings.filings.forEach((f, i) => {
      for (const key of ['processingParameter', 'deadlineParameter'] as const) {
        const pid = f[key];
        if (pid && data.parameters && !parameters.has(pid))
          issue('KB_UNKNOWN_REF', 'filings.yaml', ['filings', i, key], `unknown parameter "${pid}"`, pf);
      }
    });
  }
  if (parsed.materials && data.materials) {
    const pm = parsed.materials;
    uniqueMap(data.materials.materials, pm, 'materials', 'material');
    data.materials.materials.forEach((m, i) => {
      checkCondition(m.when, pm, ['materials', i, 'when']);
    });
  }
  if (parsed.pitfalls && data.pitfalls) {
    const pp = parsed.pitfalls;
    data.pitfalls.pitfalls.forEach((x, i) => {
      checkCondition(x.when, pp, ['pitfalls', i, 'when']);
    });
  }
  if (parsed.conditions && data.conditions) {
    const pc = parsed.conditions;
    data.conditions.authorityRules.forEach((x, i) => {
      checkCondition(x.when, pc, ['authorityRules', i, 'when']);
    });
    data.conditions.checks.forEach((c, i) => {
      for (const [k, pid] of Object.entries(c.parameterByCoverage ?? {}))
        if (data.parameters && !parameters.has(pid))
          issue(
            'KB_UNKNOWN_REF',
            'conditions.yaml',
            ['checks', i, 'parameterByCoverage', k],
            `unknown parameter "${pid}"`,
            pc,
          );
      c.parameters?.forEach((pid, j) => {
        if (data.parameters && !parameters.has(pid))
          issue(
            'KB_UNKNOWN_REF',
            'conditions.yaml',
            ['checks', i, 'parameters', j],
            `unknown parameter "${pid}"`,
            pc,
          );
      });
    });
    data.conditions.foreignCaps.forEach((c, i) => {
      checkCondition(c.when, pc, ['foreignCaps', i, 'when']);
      checkCondition(c.exceptWhen, pc, ['foreignCaps', i, 'exceptWhen']);
      for (const code of c.categories) {
        if (!c.subtypes) continue;
        const cat = categories.get(code);
        for (const st of c.subtypes)
          if (cat && !cat.subtypes?.some((x) => x.id === st))
            issue(
              'KB_UNKNOWN_REF',
              'conditions.yaml',
              ['foreignCaps', i, 'subtypes'],
              `category ${code} has no subtype "${st}"`,
              pc,
            );
      }
    });
    // caps that say the same thing for the same case must not be in force at the same time
    const caps = data.conditions.foreignCaps;
    for (let i = 0; i < caps.length; i++)
      for (let j = i + 1; j < caps.length; j++) {
        const a = caps[i]!;
        const b = caps[j]!;
        const same =
          a.categories.some((c) => b.categories.includes(c)) &&
          key(a.subtypes) === key(b.subtypes) &&
          key(a.pilotAreas) === key(b.pilotAreas) &&
          JSON.stringify(a.when ?? null) === JSON.stringify(b.when ?? null);
        if (same && overlaps(a.effective, b.effective))
          issue(
            'KB_EFFECTIVE_OVERLAP',
            'conditions.yaml',
            ['foreignCaps', j, 'effective'],
            `foreign cap "${b.id}" is in force at the same time as "${a.id}" for the same categories: end one before the other starts`,
            pc,
          );
      }
  }
  if (parsed.parameters && data.parameters) {
    const pp = parsed.parameters;
    const decidedBy = new Map<string, string>();
    data.parameters.parameters.forEach((param, i) => {
      param.decisionFor?.forEach((proc, j) => {
        const other = decidedBy.get(proc);
        if (other)
          issue(
            'KB_DECISION_LIMIT_TWICE',
            'parameters.yaml',
            ['parameters', i, 'decisionFor', j],
            `"${param.id}" and "${other}" both limit the decision on a ${proc} application: keep one`,
            pp,
          );
        else decidedBy.set(proc, param.id);
      });
      const order = param.versions
        .map((v, j) => ({ v, j }))
        .sort((x, y) => x.v.effective.from.localeCompare(y.v.effective.from));
      for (let k = 1; k < order.length; k++) {
        const prev = order[k - 1]!;
        const cur = order[k]!;
        if (overlaps(prev.v.effective, cur.v.effective))
          issue(
            'KB_EFFECTIVE_OVERLAP',
            'parameters.yaml',
            ['parameters', i, 'versions', cur.j, 'effective'],
            `version ${cur.j} of "${param.id}" starts ${cur.v.effective.from} while version ${prev.j} is still in force${prev.v.effective.to ? ` until ${prev.v.effective.to}` : ''}`,
            pp,
          );
      }
    });
  }

  if (issues.length > 0) throw new KbLoadError(issues);

  const d = data as Required<typeof data>;
  return {
    meta: d.meta,
    catalogue: d.catalogue,
    authorities: d.authorities,
    parameters: d.parameters,
    conditions: d.conditions,
    questions: d.questions,
    permits: d.permits,
    filings: d.filings,
    pitfalls: d.pitfalls,
    holidays: d.holidays,
    materials: d.materials,
    sources: sourceFiles.flatMap((x) => x.list),
    activities: activities.map((x) => x.a),
  };
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
    authorityRules: b.conditions.authorityRules,
    questions: byId(b.questions.questions),
    activities: byId(b.activities),
    permits: byId(b.permits.permits) as Map<s.PermitId, s.Permit>,
    filings: byId(b.filings.filings) as Kb['filings'],
    filingRules: b.filings.rules,
    pitfalls: b.pitfalls.pitfalls,
    holidays: b.holidays.years,
    materials: b.materials.materials,
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

function key(list: readonly string[] | undefined): string {
  return list ? [...list].sort().join(',') : '';
}

export function inForce(e: s.Effective, asOf: string): boolean {
  return e.from <= asOf && (!e.to || asOf <= e.to);
}

function overlaps(a: s.Effective, b: s.Effective): boolean {
  const aEnd = a.to ?? '9999-12-31';
  const bEnd = b.to ?? '9999-12-31';
  return a.from <= bEnd && b.from <= aEnd;
}

/** Relative file name for messages. */
export function kbRelative(kb: Kb, file: string): string {
  return relative(kb.dir, file);
}
