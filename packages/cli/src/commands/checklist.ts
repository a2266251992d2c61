/** icpdesk checklist: the materials a licence application needs, from kb data. */
import { type Checklist, checklist } from '@icpdesk/engine';
import { type Kb, licenceCode, procedure } from '@icpdesk/kb';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { dateOpt, formatOpt, langOpt, oneOf } from '../options.ts';
import { type Lang, sourceLines } from '../render.ts';
import { loadProfile } from './assess.ts';

export interface ChecklistArgs {
  licence?: string;
  scope?: string;
  procedure?: string;
  profile?: string;
  asOf?: string;
  format?: string;
  lang?: string;
}

const basisText = { statutory: { zh: '法定', en: 'statutory' }, practice: { zh: '实务', en: 'practice' } };

export function renderChecklist(c: Checklist, lang: Lang, md: boolean): string {
  const title =
    lang === 'zh'
      ? `申请材料清单 · ${c.licence}${c.scope ? ` (${c.scope})` : ''} · ${c.procedure}`
      : `Checklist · ${c.licence}${c.scope ? ` (${c.scope})` : ''} · ${c.procedure}`;
  const lines: string[] = [
    md ? `# ${title}` : title,
    `${lang === 'zh' ? '截至' : 'as of'} ${c.asOf} · ${c.kbVersion}`,
    '',
  ];
  c.items.forEach((it, i) => {
    const flags = [basisText[it.basis][lang], it.format.join('/'), it.providedBy, it.fileTypes.join('/')];
    if (it.deferrable) flags.push(lang === 'zh' ? '可容缺' : 'deferrable');
    if (it.applies === 'unknown')
      flags.push(lang === 'zh' ? `视情况：${it.missing.join(', ')}` : `depends on: ${it.missing.join(', ')}`);
    lines.push(
      md
        ? `${i + 1}. **${it.name[lang]}** (\`${it.documentKind}\`) — ${flags.join(' · ')}`
        : `${String(i + 1).padStart(2)}. ${it.name[lang]} [${it.documentKind}] — ${flags.join(' · ')}`,
    );
    lines.push(`${md ? '   ' : '    '}${it.description[lang]}`);
    if (it.alternative)
      lines.push(`${md ? '   ' : '    '}${lang === 'zh' ? '替代' : 'alternative'}: ${it.alternative[lang]}`);
    if (it.note) lines.push(`${md ? '   ' : '    '}${lang === 'zh' ? '说明' : 'note'}: ${it.note[lang]}`);
    for (const s of sourceLines(c.sources, it.sources)) lines.push(`${md ? '   - ' : '      - '}${s}`);
  });
  if (c.items.length === 0)
    lines.push(
      lang === 'zh'
        ? '（规则库中没有该程序的材料条目）'
        : '(no items in the knowledge base for this procedure)',
    );
  return `${lines.join('\n')}\n`;
}

export async function checklistCommand(io: Io, kb: () => Kb, a: ChecklistArgs): Promise<number> {
  const lang = langOpt(a.lang);
  const format = formatOpt(a.format);
  const asOf = dateOpt(io, 'as-of', a.asOf);
  if (!a.licence)
    throw new CliError('USAGE', `checklist needs --licence (one of: ${licenceCode.options.join(', ')})`);
  if (!a.procedure)
    throw new CliError('USAGE', `checklist needs --procedure (one of: ${procedure.options.join(', ')})`);
  const lic = oneOf('licence', a.licence.toUpperCase(), licenceCode.options, 'B25');
  const proc = oneOf('procedure', a.procedure, procedure.options, 'new');
  const scope =
    a.scope === undefined
      ? undefined
      : oneOf('scope', a.scope, ['internet', 'non-internet'] as const, 'internet');
  if (scope && lic !== 'B25') throw new CliError('USAGE', '--scope goes with --licence B25 only');
  const k = kb();
  const profile = a.profile ? await loadProfile(io, k, a.profile, lang) : undefined;
  const c = checklist(k, {
    licence: lic,
    procedure: proc,
    asOf,
    ...(scope ? { scope } : {}),
    ...(profile ? { profile } : {}),
  });
  io.out(
    format === 'json' ? `${JSON.stringify(c, null, 2)}\n` : renderChecklist(c, lang, format === 'markdown'),
  );
  return 0;
}
