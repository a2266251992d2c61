/** icpdesk assess: one profile from a file or stdin, or a JSONL batch. */
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { assess, compare, type EngineIssue, type Profile, parseProfile } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { CliError } from '../errors.ts';
import { type Io, readDocument } from '../io.ts';
import { dateOpt, formatOpt, langOpt } from '../options.ts';
import {
  type Lang,
  renderAssessmentMarkdown,
  renderAssessmentText,
  renderComparisonText,
} from '../render.ts';

export interface AssessArgs {
  input?: string;
  batch?: string;
  out?: string;
  asOf?: string;
  submitOn?: string;
  format?: string;
  lang?: string;
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
  if (a.batch !== undefined) {
    if (a.input !== undefined) throw new CliError('USAGE', 'give either a profile file or --batch, not both');
    if (a.out === undefined) throw new CliError('USAGE', '--batch needs --out <file.jsonl> for the results');
    if (a.format !== undefined && a.format !== 'json')
      throw new CliError('USAGE', '--batch writes JSON lines; --format is not used with --batch');
    return batch(io, kb(), a.batch, a.out, asOf, submitOn, lang);
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
  io.out(
    format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
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

async function batch(
  io: Io,
  kb: Kb,
  input: string,
  output: string,
  asOf: string,
  submitOn: string,
  lang: Lang,
): Promise<number> {
  const inPath = resolve(io.cwd, input);
  const outPath = resolve(io.cwd, output);
  if (!existsSync(inPath)) throw new CliError('FILE_NOT_FOUND', `${input}: no such file`);
  if (statSync(inPath).isDirectory())
    throw new CliError('FILE_UNREADABLE', `${input}: is a folder, not a file`);
  if (inPath === outPath) throw new CliError('USAGE', '--out must be a different file from the batch input');
  const started = performance.now();
  const out = createWriteStream(outPath, { encoding: 'utf8' });
  const opened = new Promise<void>((ok, fail) => {
    out.once('open', () => ok());
    out.once('error', fail);
  });
  try {
    await opened;
  } catch (e) {
    throw new CliError(
      'FILE_UNREADABLE',
      `${output}: cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const rl = createInterface({
    input: createReadStream(inPath, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  let done = 0;
  let bad = 0;
  let buf: string[] = [];
  const flush = async () => {
    if (buf.length === 0) return;
    const chunk = buf.join('');
    buf = [];
    if (!out.write(chunk)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  };
  const badLine = (code: string, message: string, issues?: EngineIssue[]) => {
    bad++;
    io.err(`${input}:${line}: ${message}\n`);
    buf.push(
      `${JSON.stringify({
        line,
        error: {
          code,
          message,
          ...(issues
            ? { issues: issues.map((i) => ({ code: i.code, path: i.path, message: i.message[lang] })) }
            : {}),
        },
      })}\n`,
    );
  };
  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      badLine(
        'PARSE_ERROR',
        `not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}`,
      );
      continue;
    }
    const r = parseProfile(kb, data);
    if (!r.ok) {
      badLine('INVALID_PROFILE', r.issues.map((i) => `${i.path}: ${i.message[lang]}`).join('; '), r.issues);
      continue;
    }
    buf.push(`${JSON.stringify(assess(kb, r.profile, { asOf, submitOn }))}\n`);
    done++;
    if (buf.length >= 512) await flush();
    if (done % 20_000 === 0) io.err(`… ${done} assessed\n`);
  }
  await flush();
  await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
  const secs = (performance.now() - started) / 1000;
  io.err(
    `assessed ${done} profile${done === 1 ? '' : 's'} from ${line} line${line === 1 ? '' : 's'}, ${bad} bad, in ${secs.toFixed(2)} s → ${output}\n`,
  );
  return bad > 0 ? 2 : 0;
}
