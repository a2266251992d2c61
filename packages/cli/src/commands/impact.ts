/** icpdesk impact: what a proposed change means for a business profile and what the company holds. */
import { type EngineIssue, impact, parseChange, parseRegisterFacts } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { CliError } from '../errors.ts';
import { type Io, readDocument } from '../io.ts';
import { dateOpt, formatOpt, langOpt } from '../options.ts';
import { type Lang, renderImpactText } from '../render.ts';
import { loadProfile } from './assess.ts';

export interface ImpactArgs {
  profile: string;
  change?: string | undefined;
  register?: string | undefined;
  asOf?: string | undefined;
  format?: string | undefined;
  lang?: string | undefined;
}

function invalid(name: string, issues: EngineIssue[], lang: Lang): CliError {
  const lines = issues.map((i) => `  ${i.path || '(root)'}: ${i.message[lang]} [${i.code}]`);
  return new CliError('INVALID_CHANGE', `${name}: ${issues.length} problem(s):\n${lines.join('\n')}`);
}

export async function impactCommand(io: Io, kb: () => Kb, a: ImpactArgs): Promise<number> {
  const lang = langOpt(a.lang);
  const asOf = dateOpt(io, 'as-of', a.asOf);
  const format = formatOpt(a.format, ['text', 'json']);
  if (!a.change) throw new CliError('USAGE', 'impact needs the change: --change <change.yaml>');
  const k = kb();
  const profile = await loadProfile(io, k, a.profile, lang);
  const changeDoc = await readDocument(io, a.change);
  const change = parseChange(k, changeDoc.data);
  if (!change.ok) throw invalid(changeDoc.name, change.issues, lang);
  const registerDoc = a.register ? await readDocument(io, a.register) : { name: '(none)', data: {} };
  const facts = parseRegisterFacts(registerDoc.data);
  if (!facts.ok) throw invalid(registerDoc.name, facts.issues, lang);
  const r = impact(k, profile, change.change, facts.facts, { asOf });
  io.out(format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : renderImpactText(r, lang));
  return 0;
}
