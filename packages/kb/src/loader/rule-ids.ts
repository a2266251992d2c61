/** Rule ids are unique across the whole kb: a trace names a rule by id alone. */
import type { Issues, Parsed, Path } from './issues.ts';
import type { ParsedKb } from './parse-kb.ts';

export function checkRuleIds({ activities, data, parsed }: ParsedKb, issues: Issues): void {
  const ruleIds = new Map<string, string>();
  const see = (rule: string, file: string, path: Path, p?: Parsed) => {
    const prev = ruleIds.get(rule);
    if (prev) issues.add('KB_DUPLICATE_ID', file, path, `rule id "${rule}" is also used in ${prev}`, p);
    else ruleIds.set(rule, file);
  };
  for (const { p, a } of activities) {
    a.licences.forEach((r, i) => {
      see(r.rule, p.file, ['licences', i, 'rule'], p);
    });
    a.permits.forEach((r, i) => {
      see(r.rule, p.file, ['permits', i, 'rule'], p);
    });
  }
  data.filings?.rules.forEach((r, i) => {
    see(r.rule, 'filings.yaml', ['rules', i, 'rule'], parsed.filings);
  });
  data.conditions?.authorityRules.forEach((r, i) => {
    see(r.id, 'conditions.yaml', ['authorityRules', i, 'id'], parsed.conditions);
  });
}
