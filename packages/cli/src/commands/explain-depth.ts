/** explain for the entries of numbers.yaml, fees.yaml, penalties.yaml and faq/: answers, numbers, penalties, fees. */
import type { Kb, Text } from '@icpdesk/kb';
import type { CitedEntry } from './explain.ts';

type Add = (
  kind: string,
  id: string,
  name: Text,
  e: CitedEntry,
  details: Record<string, unknown>,
  more?: { text?: Text },
) => void;

export function explainDepth(kb: Kb, id: string, add: Add): void {
  const faq = kb.faqs.get(id);
  if (faq) add('faq', faq.id, faq.question, faq, { ...faq.rests, asked: faq.asked }, { text: faq.answer });
  const n = kb.numbers.get(id);
  if (n)
    add(
      'number',
      n.id,
      n.name,
      n,
      {
        pattern: n.pattern,
        allocatedBy: n.allocatedBy,
        reach: n.reach,
        holders: n.holders,
        licenceFirst: n.licenceFirst,
        activities: n.activities,
        fees: n.fees,
      },
      { text: n.use },
    );
  for (const r of kb.numberRules.filter((x) => x.id === id))
    add('number-rule', r.id, r.name, r, { penalties: r.penalties ?? [] }, { text: r.text });
  const p = kb.penalties.get(id);
  if (p)
    add(
      'penalty',
      p.id,
      p.violation,
      p,
      {
        imposedBy: p.imposedBy,
        creditList: p.creditList,
        parameters: p.parameters ?? [],
        pitfalls: p.pitfalls ?? [],
      },
      { text: p.consequence },
    );
  const f = kb.fees.get(id);
  if (f)
    add(
      'fee',
      f.id,
      f.name,
      f,
      { appliesTo: f.appliesTo, charged: f.charged, yearlyCny: f.yearlyCny },
      {
        ...(f.amount ? { text: f.amount } : {}),
      },
    );
}

export function depthIds(kb: Kb): string[] {
  return [
    ...kb.faqs.keys(),
    ...kb.numbers.keys(),
    ...kb.numberRules.map((r) => r.id),
    ...kb.penalties.keys(),
    ...kb.fees.keys(),
  ];
}
