/** The result as a Markdown document, and saving a text as a file. */
import type { Catalogue, ShownAssessment } from '../api/client.ts';
import { type ApiText, type Lang, textIn } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';
import { saveFile } from '../save-file.ts';
import { checkValue } from './check-value.ts';
import { authorityName } from './provinces.ts';

type T = (id: MessageId, vars?: Record<string, string | number>) => string;
type Reason = ShownAssessment['licences'][number]['reasons'][number];

/** the timeline's steps in the order of their dates */
export const byDate = <S extends { expected: string }>(steps: S[]): S[] =>
  [...steps].sort((x, y) => x.expected.localeCompare(y.expected));

/** a text saved as a file of that media type */
export const download = (name: string, type: string, text: string): void =>
  saveFile(name, new Blob([text], { type: `${type};charset=utf-8` }));

export function assessmentMarkdown(a: ShownAssessment, catalogue: Catalogue, lang: Lang, t: T): string {
  const x = (text: ApiText | null | undefined) => textIn(text, lang);
  const out: string[] = [];
  const cite = (refs: Reason['sources']) =>
    refs.map((s) => {
      const src = a.sources[s.ref];
      const title = `${src?.title ?? s.ref}${s.article ? ` ${s.article}` : ''}`;
      return src?.url ? `    - [${title}](${src.url})` : `    - ${title}`;
    });
  const reasons = (rs: Reason[]) =>
    rs.flatMap((r) => [
      `  - ${t('rule')} \`${r.rule}\`: ${x(r.text)}`,
      ...(r.facts.length
        ? [`    ${t('facts')}: ${r.facts.map((f) => `${f.path} = ${JSON.stringify(f.value)}`).join('; ')}`]
        : []),
      ...(r.parameters ?? []).map(
        (p) =>
          `    ${t('parameters')}: ${x(p.name)} = ${JSON.stringify(p.value)} ${p.unit} (${p.effective.from}${p.effective.to ? `–${p.effective.to}` : '–'})`,
      ),
      ...cite(r.sources),
    ]);
  const req = (r: string) => t(`req_${r}` as MessageId);

  out.push(
    `# ${t('wizardTitle')}`,
    '',
    `**${x(a.summary.headline)}**`,
    '',
    t('resultAsOf', { date: a.asOf, version: a.kbVersion }),
    '',
  );
  out.push(`## ${t('licences')}`, '');
  if (!a.licences.length) out.push(`- ${t('none')}`);
  for (const l of a.licences)
    out.push(
      `- **${l.code}** ${x(l.name)} — ${req(l.requirement)} · ${t('authority')}: ${authorityName(catalogue, l.authority, lang) ?? '—'}`,
      ...reasons(l.reasons),
    );
  if (a.undetermined.length) {
    out.push('', `## ${t('undetermined')}`, '');
    for (const u of a.undetermined)
      out.push(`- ${u.kind} ${u.id}: ${x(u.text)} (${t('dependsOn')}: ${u.missing.join(', ')})`);
  }
  out.push('', `## ${t('filings')}`, '');
  if (!a.filings.length) out.push(`- ${t('none')}`);
  for (const f of a.filings)
    out.push(`- ${x(f.name)} — ${req(f.requirement)} · ${x(f.authorityName)}`, ...reasons(f.reasons));
  out.push('', `## ${t('permits')}`, '');
  if (!a.otherPermits.length) out.push(`- ${t('none')}`);
  for (const p of a.otherPermits)
    out.push(`- ${x(p.name)} — ${req(p.requirement)} · ${x(p.issuer)}`, ...reasons(p.reasons));
  out.push('', `## ${t('eligibility')}`, '');
  out.push(
    `- ${t(a.eligibility.eligible === true ? 'eligibleYes' : a.eligibility.eligible === false ? 'eligibleNo' : 'eligibleUnknown')}`,
  );
  for (const c of a.eligibility.checks)
    out.push(
      `- ${x(c.name)}${c.subject ? ` (${c.subject})` : ''}: ${t(`check_${c.status}` as MessageId)} (${t('required')} ${checkValue(c.required, lang, t, c.unit)}, ${t('actual')} ${checkValue(c.actual, lang, t, c.unit)})`,
      ...cite(c.sources),
    );
  out.push(
    '',
    `## ${t('authority')}`,
    '',
    `- ${x(a.authority.name) || '—'}`,
    ...reasons(a.authority.reasons),
  );
  if (a.pitfalls.length) {
    out.push('', `## ${t('pitfalls')}`, '');
    for (const p of a.pitfalls) out.push(`- **${x(p.title)}**: ${x(p.message)}`, ...cite(p.sources));
  }
  if (a.timeline) {
    out.push('', `## ${t('timeline')}`, '');
    for (const s of byDate(a.timeline.steps))
      out.push(
        `- ${s.expected} ${x(s.name)}${s.latest !== s.expected ? ` (${t('timelineLatest', { date: s.latest })})` : ''}`,
      );
  }
  if (a.questions.length) {
    out.push('', `## ${t('openQuestions')}`, '');
    for (const q of a.questions) out.push(`- ${x(q.text)}`);
  }
  out.push('', `> ${x(a.disclaimer)}`, '');
  return out.join('\n');
}
