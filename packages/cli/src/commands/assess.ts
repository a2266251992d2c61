/** icpdesk assess: one profile from a file or stdin, or a JSONL batch. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { assess, compare, type EngineIssue, type Profile, parseProfile, summarize } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { CliError } from '../errors.ts';
import { type Io, readDocument } from '../io.ts';
import { dateOpt, formatOpt, langOpt, oneOf } from '../options.ts';
import {
  type Lang,
  renderAssessmentMarkdown,
  renderAssessmentText,
  renderComparisonText,
} from '../render.ts';
import { defaultJobs, runBatch } from './batch.ts';

export interface AssessArgs {
  input?: string;
  batch?: string;
  out?: string;
  asOf?: string;
  submitOn?: string;
  format?: string;
  lang?: string;
  detail?: string;
  jobs?: string;
  kbDir: string;
}

function issuesError(name: string, issues: EngineIssue[], lang: Lang): CliError {
  const lines = issues.map((i) => `  ${i.path || '(profile)'}: ${i.message[lang]} [${i.code}]`);
  return new CliError(
    'INVALID_PROFILE',
    `${name}: the profile has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`,
  );
}

export async function loadProfile(io: Io, kb: Kb, arg: string, lang: Lang): Promise<Profile> {
  const doc = await readDocument(io, arg);
  const r = parseProfile(kb, doc.data);
  if (!r.ok) throw issuesError(doc.name, r.issues, lang);
  return r.profile;
}

export async function assessCommand(io: Io, kb: () => Kb, a: AssessArgs): Promise<number> {
  const lang = langOpt(a.lang);
  const asOf = dateOpt(io, 'as-of', a.asOf);
  const submitOn = a.submitOn === undefined ? asOf : dateOpt(io, 'submit-on', a.submitOn);
  const detail = oneOf('detail', a.detail, ['full', 'summary'], a.batch !== undefined ? 'summary' : 'full');
  if (a.batch !== undefined) {
    if (a.input !== undefined) throw new CliError('USAGE', 'give either a profile file or --batch, not both');
    if (a.out === undefined)
      throw new CliError(
        'USAGE',
        '--batch needs --out <file.jsonl> for the results (--out - for standard output)',
      );
    if (a.format !== undefined && a.format !== 'json')
      throw new CliError('USAGE', '--batch writes JSON lines; --format is not used with --batch');
    const inPath = resolve(io.cwd, a.batch);
    let jobs: number;
    if (a.jobs === undefined) jobs = defaultJobs(existsSync(inPath) ? statSync(inPath).size : 0);
    else {
      jobs = Number(a.jobs);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)
        throw new CliError(
          'USAGE',
          `--jobs ${JSON.stringify(a.jobs)} is not valid; use a whole number from 1 to 64`,
        );
    }
    return runBatch(io, kb(), a.batch, a.out, { asOf, submitOn, lang, detail, jobs, kbDir: a.kbDir });
  }
  if (a.out !== undefined) throw new CliError('USAGE', '--out goes with --batch');
  if (a.input === undefined)
    throw new CliError(
      'USAGE',
      'assess needs a profile: icpdesk assess <file.json|file.yaml|->, or --batch in.jsonl --out out.jsonl',
    );
  const format = formatOpt(a.format);
  const k = kb();
  const profile = await loadProfile(io, k, a.input, lang);
  const result = assess(k, profile, { asOf, submitOn });
  if (detail === 'summary' && format !== 'json')
    throw new CliError('USAGE', '--detail summary goes with --format json');
  io.out(
    format === 'json'
      ? `${JSON.stringify(detail === 'summary' ? summarize(result) : result, null, 2)}\n`
      : format === 'markdown'
        ? renderAssessmentMarkdown(result, lang)
        : renderAssessmentText(result, lang),
  );
  return 0;
}

export async function compareCommand(
  io: Io,
  kb: () => Kb,
  a: { left?: string; right?: string; asOf?: string; format?: string; lang?: string },
) {
  const lang = langOpt(a.lang);
  const asOf = dateOpt(io, 'as-of', a.asOf);
  const format = formatOpt(a.format, ['text', 'json']);
  if (!a.left || !a.right) throw new CliError('USAGE', 'compare needs two profiles: icpdesk compare <a> <b>');
  const k = kb();
  const left = await loadProfile(io, k, a.left, lang);
  const right = await loadProfile(io, k, a.right, lang);
  const c = compare(k, left, right, { asOf });
  io.out(format === 'json' ? `${JSON.stringify(c, null, 2)}\n` : renderComparisonText(c, lang));
  return 0;
}
