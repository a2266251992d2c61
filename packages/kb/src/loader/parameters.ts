/** parameters.yaml, parameter by parameter: its decision limits, then the ranges of its versions. */
import type * as s from '../schema.ts';
import { checkVersionOverlaps } from './effective.ts';
import type { Issues, Parsed } from './issues.ts';
import type { ParsedKb } from './parse-kb.ts';

export function checkParameters({ parsed, data }: ParsedKb, issues: Issues): void {
  if (!parsed.parameters || !data.parameters) return;
  const pp = parsed.parameters;
  const decidedBy = new Map<string, string>();
  data.parameters.parameters.forEach((param, i) => {
    checkDecisionLimits(param, i, decidedBy, pp, issues);
    checkVersionOverlaps(param, i, pp, issues);
  });
}

/** one decision limit per procedure: `decidedBy` maps each procedure to the parameter that limits it so far */
function checkDecisionLimits(
  param: s.Parameter,
  i: number,
  decidedBy: Map<string, string>,
  pp: Parsed,
  issues: Issues,
): void {
  param.decisionFor?.forEach((proc, j) => {
    const other = decidedBy.get(proc);
    if (other)
      issues.add(
        'KB_DECISION_LIMIT_TWICE',
        'parameters.yaml',
        ['parameters', i, 'decisionFor', j],
        `"${param.id}" and "${other}" both limit the decision on a ${proc} application: keep one`,
        pp,
      );
    else decidedBy.set(proc, param.id);
  });
}
