/** The references inside filings.yaml, materials.yaml, pitfalls.yaml and conditions.yaml. */
import type * as s from '../schema.ts';
import type { Parsed } from './issues.ts';
import { checkCondition, checkParameterRef, hasSubtype, type RefContext } from './refs.ts';

/** filing rules' conditions and the parameters a filing's processing time and deadline come from */
export function checkFilingRefs(ctx: RefContext): void {
  const { parsed, data } = ctx.kb;
  if (!parsed.filings || !data.filings) return;
  const pf = parsed.filings;
  data.filings.rules.forEach((r, i) => {
    checkCondition(ctx, r.when, pf, ['rules', i, 'when']);
  });
  data.filings.filings.forEach((f, i) => {
    for (const key of ['processingParameter', 'deadlineParameter'] as const) {
      const pid = f[key];
      if (pid) checkParameterRef(ctx, pid, 'filings.yaml', ['filings', i, key], pf);
    }
  });
}

export function checkMaterialRefs(ctx: RefContext): void {
  checkWhens(ctx, ctx.kb.parsed.materials, ctx.kb.data.materials?.materials, 'materials');
}

export function checkPitfallRefs(ctx: RefContext): void {
  checkWhens(ctx, ctx.kb.parsed.pitfalls, ctx.kb.data.pitfalls?.pitfalls, 'pitfalls');
}

/** the condition of each entry of a list (absent when its file is invalid) */
function checkWhens(
  ctx: RefContext,
  p: Parsed | undefined,
  list: readonly { when?: s.Condition }[] | undefined,
  path: string,
): void {
  if (!p || !list) return;
  list.forEach((x, i) => {
    checkCondition(ctx, x.when, p, [path, i, 'when']);
  });
}

/** authority rules' conditions, the parameters of checks, foreign caps' conditions and subtypes */
export function checkConditionsRefs(ctx: RefContext): void {
  const { parsed, data } = ctx.kb;
  if (!parsed.conditions || !data.conditions) return;
  const pc = parsed.conditions;
  data.conditions.authorityRules.forEach((x, i) => {
    checkCondition(ctx, x.when, pc, ['authorityRules', i, 'when']);
  });
  data.conditions.checks.forEach((c, i) => {
    for (const [k, pid] of Object.entries(c.parameterByCoverage ?? {}))
      checkParameterRef(ctx, pid, 'conditions.yaml', ['checks', i, 'parameterByCoverage', k], pc);
    c.parameters?.forEach((pid, j) => {
      checkParameterRef(ctx, pid, 'conditions.yaml', ['checks', i, 'parameters', j], pc);
    });
  });
  data.conditions.checks.forEach((c, i) => {
    checkCondition(ctx, c.when, pc, ['checks', i, 'when']);
  });
  data.conditions.foreignProhibitions?.forEach((c, i) => {
    checkCondition(ctx, c.when, pc, ['foreignProhibitions', i, 'when']);
  });
  data.conditions.foreignCaps.forEach((c, i) => {
    checkCondition(ctx, c.when, pc, ['foreignCaps', i, 'when']);
    checkCondition(ctx, c.exceptWhen, pc, ['foreignCaps', i, 'exceptWhen']);
    for (const code of c.categories) {
      if (!c.subtypes) continue;
      for (const st of c.subtypes)
        if (!hasSubtype(ctx, code, st))
          ctx.issues.add(
            'KB_UNKNOWN_REF',
            'conditions.yaml',
            ['foreignCaps', i, 'subtypes'],
            `category ${code} has no subtype "${st}"`,
            pc,
          );
    }
  });
}
