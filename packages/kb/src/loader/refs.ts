/** What every reference check needs: the parsed kb, its indexes and where to report. */
import type * as s from '../schema.ts';
import type { Issues, Parsed, Path } from './issues.ts';
import type { ParsedKb } from './parse-kb.ts';
import type { Indexes } from './unique-ids.ts';

export interface RefContext {
  kb: ParsedKb;
  idx: Indexes;
  issues: Issues;
}

/** A condition names known activities and questions, at any depth of all/any/not. */
export function checkCondition(ctx: RefContext, c: s.Condition | undefined, p: Parsed, path: Path): void {
  if (!c) return;
  c.all?.forEach((x, i) => {
    checkCondition(ctx, x, p, [...path, 'all', i]);
  });
  c.any?.forEach((x, i) => {
    checkCondition(ctx, x, p, [...path, 'any', i]);
  });
  checkCondition(ctx, c.not, p, [...path, 'not']);
  c.activity?.forEach((a, i) => {
    if (!ctx.idx.activities.has(a))
      ctx.issues.add('KB_UNKNOWN_REF', p.file, [...path, 'activity', i], `unknown activity "${a}"`, p);
  });
  if (c.answer && !ctx.idx.questions.has(c.answer.question))
    ctx.issues.add(
      'KB_UNKNOWN_REF',
      p.file,
      [...path, 'answer', 'question'],
      `unknown question "${c.answer.question}": add it to questions.yaml`,
      p,
    );
}

/** A parameter id names an entry of parameters.yaml (not checked when parameters.yaml itself is invalid). */
export function checkParameterRef(ctx: RefContext, pid: string, file: string, path: Path, p: Parsed): void {
  if (ctx.kb.data.parameters && !ctx.idx.parameters.has(pid))
    ctx.issues.add('KB_UNKNOWN_REF', file, path, `unknown parameter "${pid}"`, p);
}

/** A subtype names a subtype of its licence category (not checked when the category is unknown). */
export function hasSubtype(ctx: RefContext, code: s.LicenceCode, subtype: string): boolean {
  const cat = ctx.idx.categories.get(code);
  return !cat || !!cat.subtypes?.some((st) => st.id === subtype);
}
