/**
 * The references of numbers.yaml, fees.yaml, penalties.yaml and faq/: ids unique within their kind, and every
 * id they name (activities, parameters, penalties, fees, numbers, pitfalls) known.
 */
import type { Issues, Parsed, Path } from './issues.ts';
import { checkCondition, checkParameterRef, type RefContext } from './refs.ts';
import { uniqueMap } from './unique-ids.ts';

type Known = { has(id: string): boolean };

/** each id of `ids` is in `known` (not checked when the list it would be in did not validate) */
function checkIds(
  ctx: RefContext,
  ids: readonly string[] | undefined,
  known: Known | undefined,
  what: string,
  p: Parsed,
  path: Path,
): void {
  if (!known) return;
  ids?.forEach((x, i) => {
    if (!known.has(x)) ctx.issues.add('KB_UNKNOWN_REF', p.file, [...path, i], `unknown ${what} "${x}"`, p);
  });
}

export function checkDepthRefs(ctx: RefContext): void {
  const { data, parsed } = ctx.kb;
  const issues: Issues = ctx.issues;
  const penalties = data.penalties
    ? uniqueMap(issues, data.penalties.penalties, parsed.penalties, 'penalties', 'penalty')
    : undefined;
  const fees = data.fees ? uniqueMap(issues, data.fees.fees, parsed.fees, 'fees', 'fee') : undefined;
  const numbers = data.numbers
    ? uniqueMap(issues, data.numbers.numbers, parsed.numbers, 'numbers', 'number')
    : undefined;
  const pitfalls = data.pitfalls ? new Set(data.pitfalls.pitfalls.map((x) => x.id)) : undefined;
  const activities = ctx.idx.activities;

  if (parsed.penalties && data.penalties) {
    const pp = parsed.penalties;
    data.penalties.penalties.forEach((x, i) => {
      x.parameters?.forEach((pid, j) => {
        checkParameterRef(ctx, pid, pp.file, ['penalties', i, 'parameters', j], pp);
      });
      checkIds(ctx, x.pitfalls, pitfalls, 'pitfall', pp, ['penalties', i, 'pitfalls']);
    });
  }
  if (parsed.numbers && data.numbers) {
    const pn = parsed.numbers;
    uniqueMap(issues, data.numbers.rules, pn, 'rules', 'number rule');
    const materialIds = new Set(data.materials?.materials.map((m) => m.id));
    data.numbers.materials.forEach((m, i) => {
      if (materialIds.has(m.id))
        issues.add('KB_DUPLICATE_ID', pn.file, ['materials', i, 'id'], `duplicate material id "${m.id}"`, pn);
      materialIds.add(m.id);
      checkCondition(ctx, m.when, pn, ['materials', i, 'when']);
    });
    data.numbers.numbers.forEach((n, i) => {
      checkIds(ctx, n.activities, activities, 'activity', pn, ['numbers', i, 'activities']);
      checkIds(ctx, n.fees, fees, 'fee', pn, ['numbers', i, 'fees']);
      checkCondition(ctx, n.when, pn, ['numbers', i, 'when']);
    });
    data.numbers.rules.forEach((r, i) => {
      r.parameters?.forEach((pid, j) => {
        checkParameterRef(ctx, pid, pn.file, ['rules', i, 'parameters', j], pn);
      });
      checkIds(ctx, r.penalties, penalties, 'penalty', pn, ['rules', i, 'penalties']);
    });
  }
  const faqIds = new Set<string>();
  for (const { p, list } of ctx.kb.faqFiles)
    list.forEach((f, i) => {
      if (faqIds.has(f.id))
        issues.add('KB_DUPLICATE_ID', p.file, ['faqs', i, 'id'], `duplicate answer id "${f.id}"`, p);
      faqIds.add(f.id);
      const at = (k: string): Path => ['faqs', i, 'rests', k];
      f.rests?.parameters?.forEach((pid, j) => {
        checkParameterRef(ctx, pid, p.file, [...at('parameters'), j], p);
      });
      checkIds(ctx, f.rests?.pitfalls, pitfalls, 'pitfall', p, at('pitfalls'));
      checkIds(ctx, f.rests?.penalties, penalties, 'penalty', p, at('penalties'));
      checkIds(ctx, f.rests?.numbers, numbers, 'number', p, at('numbers'));
      checkIds(ctx, f.rests?.fees, fees, 'fee', p, at('fees'));
      checkIds(ctx, f.rests?.activities, activities, 'activity', p, at('activities'));
    });
}
