/** icpdesk kb validate | search */
import { type Kb, KbLoadError, loadKb, searchKb, sourceStats } from '@icpdesk/kb';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { formatOpt, langOpt } from '../options.ts';

export function validateCommand(io: Io, dir: string | undefined): number {
  const started = performance.now();
  try {
    const kb = loadKb(dir, { cacheDir: false });
    const ms = Math.round(performance.now() - started);
    const rules =
      [...kb.activities.values()].reduce((n, a) => n + a.licences.length + a.permits.length, 0) +
      kb.filingRules.length;
    io.out(
      `ok: knowledge base ${kb.version} is valid (${kb.sources.size} sources, ${kb.categories.size} categories, ${kb.authorities.size} authorities, ${kb.parameters.size} parameters, ${kb.activities.size} activities, ${rules} rules, ${kb.permits.size} permits, ${kb.pitfalls.length} pitfalls; ${ms} ms)\n`,
    );
    io.out(sourcesReport(kb));
    return 0;
  } catch (e) {
    if (e instanceof KbLoadError) {
      io.err(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** sources by grade, and the share of high-confidence entries citing an official (grade A) source */
export function sourcesReport(kb: Kb): string {
  const st = sourceStats(kb);
  const g = st.sourcesByGrade;
  const high = st.entriesByConfidence.high;
  const pct = (st.officialShare * 100).toFixed(1);
  return (
    `sources by grade: A ${g.A} (official), B ${g.B} (law firm), C ${g.C} (news, repost), D ${g.D} (agency), E ${g.E} (third-party code)\n` +
    `high-confidence entries with an official source: ${st.highWithOfficial} of ${high} (${pct}%)\n` +
    st.highWithoutOfficial.map((e) => `  without: ${e}\n`).join('')
  );
}

export function searchCommand(
  io: Io,
  kb: Kb,
  a: { words: string[]; format?: string; lang?: string },
): number {
  const lang = langOpt(a.lang);
  const format = formatOpt(a.format, ['text', 'json']);
  const query = a.words.join(' ').trim();
  if (!query) throw new CliError('USAGE', 'kb search needs words, e.g. icpdesk kb search 多方通信');
  const hits = searchKb(kb, query);
  if (format === 'json') {
    io.out(`${JSON.stringify({ query, hits }, null, 2)}\n`);
    return 0;
  }
  if (hits.length === 0) {
    io.out(lang === 'zh' ? `没有找到与"${query}"相关的条目\n` : `nothing matches "${query}"\n`);
    return 0;
  }
  const kindWidth = Math.max(9, ...hits.map((h) => h.kind.length));
  for (const h of hits) io.out(`${h.kind.padEnd(kindWidth)} ${h.id.padEnd(28)} ${h.name[lang]}\n`);
  // a question answered: the answer of the best hit, with where to read its sources
  const [best] = hits;
  if (best?.answer) {
    io.out(`\n${best.answer[lang]}\n`);
    io.out(
      lang === 'zh'
        ? `（来源与依据：icpdesk explain ${best.id}）\n`
        : `(sources: icpdesk explain ${best.id})\n`,
    );
  }
  return 0;
}
