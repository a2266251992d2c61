/** The questions whose answers would settle what an assessment leaves open, each with what it affects. */
import type { Kb } from '@icpdesk/kb';
import { fieldQuestions } from './fields.ts';
import type { Check, QuestionOut, Undetermined } from './schemas/assessment.ts';

/** Adds the question that settles a missing fact, noting what it affects. */
function ask(kb: Kb, questions: Map<string, QuestionOut>, path: string, affects: string) {
  let q = questions.get(path);
  if (!q) {
    const qid = path.startsWith('answers.') ? path.slice(8) : path;
    const kq = kb.questions.get(qid);
    q = { id: path, text: kq?.text ?? fieldQuestions[path] ?? { zh: path, en: path }, affects: [] };
    if (kq?.help) q.help = kq.help;
    questions.set(path, q);
  }
  if (!q.affects.includes(affects)) q.affects.push(affects);
}

export function openQuestions(
  kb: Kb,
  undetermined: readonly Undetermined[],
  checks: readonly Check[],
  authorityMissing: readonly string[],
): QuestionOut[] {
  const questions = new Map<string, QuestionOut>();
  for (const u of undetermined)
    for (const m of u.missing) ask(kb, questions, m, `${u.kind}:${u.id}${u.scope ? `:${u.scope}` : ''}`);
  for (const c of checks)
    if (c.missing) ask(kb, questions, c.missing, `eligibility:${c.id}${c.subject ? `:${c.subject}` : ''}`);
  for (const m of authorityMissing) ask(kb, questions, m, 'authority');
  return [...questions.values()];
}
