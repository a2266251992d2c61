/** icpdesk obligations: the dated duties of licences, filings and numbers from a YAML or JSON register. */

import { resolve } from 'node:path';
import {
  filterObligations,
  type Obligation,
  type ObligationsResult,
  obligationKindSchema,
  obligationStatusSchema,
  obligations,
  obligationsInputSchema,
  obligationsPage,
} from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { CliError } from '../errors.ts';
import { type Io, readDocument } from '../io.ts';
import { dateOpt, formatOpt, langOpt } from '../options.ts';
import { type Lang, sourceLines } from '../render.ts';

export interface ObligationsArgs {
  input?: string;
  asOf?: string;
  status?: string;
  kind?: string;
  from?: string;
  to?: string;
  format?: string;
  lang?: string;
  /** read the stored register of this organisation (id or name) instead of a file */
  organisation?: string;
  /** with organisation: only this company's (id) */
  company?: string;
  dataDir?: string;
}

/** a comma-separated option, each value one of `valid` */
function listOpt<T extends string>(
  name: string,
  v: string | undefined,
  valid: readonly T[],
): T[] | undefined {
  if (v === undefined) return undefined;
  const values = v.split(',').map((x) => x.trim());
  const bad = values.filter((x) => !(valid as readonly string[]).includes(x));
  if (bad.length)
    throw new CliError(
      'USAGE',
      `--${name} ${bad.join(',')} is not valid; use one or more of: ${valid.join(', ')}`,
    );
  return values as T[];
}

const statusText: Record<Obligation['status'], [string, string]> = {
  upcoming: ['未开始', 'upcoming'],
  open: ['可办理', 'open'],
  'due-soon': ['即将到期', 'due soon'],
  overdue: ['已逾期', 'overdue'],
  done: ['已完成', 'done'],
  waived: ['已豁免', 'waived'],
};

function dueText(o: Obligation, lang: Lang): string {
  const { opens, due, nominalDue } = o.window;
  if (due === null) return lang === 'zh' ? `自 ${opens ?? '—'} 起持续` : `standing from ${opens ?? '—'}`;
  const moved =
    nominalDue && nominalDue !== due ? (lang === 'zh' ? `（原 ${nominalDue}）` : ` (was ${nominalDue})`) : '';
  const est = o.estimated ? (lang === 'zh' ? ' 估算' : ' estimate') : '';
  return `${opens ? `${opens} … ` : ''}${due}${moved}${est}`;
}

export function renderObligations(r: ObligationsResult, list: Obligation[], lang: Lang, md: boolean): string {
  const i = lang === 'zh' ? 0 : 1;
  const title = lang === 'zh' ? `合规义务 · 截至 ${r.asOf}` : `Obligations · as of ${r.asOf}`;
  const lines: string[] = [md ? `# ${title}` : title, ''];
  if (md) lines.push('| status | due | obligation | of | id |', '| --- | --- | --- | --- | --- |');
  for (const o of list) {
    const rule = r.rules[o.rule]!;
    const of = `${o.belongsTo.label ?? o.belongsTo.id}${o.belongsTo.company ? ` · ${o.belongsTo.company}` : ''}`;
    const status = `${statusText[o.status][i]}${o.late && o.status === 'done' ? (lang === 'zh' ? '（逾期完成）' : ' (late)') : ''}`;
    if (md) {
      lines.push(`| ${status} | ${dueText(o, lang)} | ${rule.name[lang]} | ${of} | \`${o.id}\` |`);
      continue;
    }
    lines.push(`[${status}] ${dueText(o, lang)}  ${rule.name[lang]} — ${of}`);
    lines.push(`    ${rule.duty[lang]}`);
    if (o.doneOn) lines.push(`    ${lang === 'zh' ? '完成于' : 'done on'} ${o.doneOn}`);
    if (o.conflict) lines.push(`    ${o.conflict.note[lang]} → ${o.conflict.governing}`);
    if (o.status === 'overdue' || o.status === 'due-soon')
      lines.push(`    ${lang === 'zh' ? '后果' : 'consequence'}: ${rule.consequence.text[lang]}`);
    const note = o.note ?? rule.note;
    if (note) lines.push(`    ${lang === 'zh' ? '说明' : 'note'}: ${note[lang]}`);
    for (const s of sourceLines(r.sources, rule.sources)) lines.push(`      - ${s}`);
    lines.push(`    id: ${o.id}`);
  }
  if (list.length === 0) lines.push(lang === 'zh' ? '（没有符合条件的义务）' : '(no obligation matches)');
  const cal = r.calendar;
  lines.push(
    '',
    lang === 'zh'
      ? `节假日：${cal.published.join('、')} 年按国务院通知；${cal.estimated.join('、') || '—'} 年按法定节假日估算。`
      : `Holidays: ${cal.published.join(', ')} by State Council notice; ${cal.estimated.join(', ') || '—'} estimated from the statutory holidays.`,
  );
  if (cal.note) lines.push(cal.note[lang]);
  return `${lines.join('\n')}\n`;
}

export async function obligationsCommand(io: Io, kb: () => Kb, a: ObligationsArgs): Promise<number> {
  const lang = langOpt(a.lang);
  const format = formatOpt(a.format);
  const asOf = dateOpt(io, 'as-of', a.asOf);
  const filter = {
    status: listOpt('status', a.status, obligationStatusSchema.options),
    kind: listOpt('kind', a.kind, obligationKindSchema.options),
    ...(a.from !== undefined ? { from: dateOpt(io, 'from', a.from) } : {}),
    ...(a.to !== undefined ? { to: dateOpt(io, 'to', a.to) } : {}),
  };
  if (a.organisation !== undefined || a.company !== undefined) {
    if (a.input !== undefined || a.organisation === undefined)
      throw new CliError(
        'USAGE',
        'obligations reads either a file or the database (--organisation), not both',
      );
    const r = await storedObligations(io, kb(), a.organisation, a.company, a.dataDir, asOf);
    return print(io, r, filterObligations(r.obligations, filter), format, lang);
  }
  if (a.input === undefined)
    throw new CliError(
      'USAGE',
      'obligations needs a file of licences, filings, numbers, events and annual reports',
    );
  const doc = await readDocument(io, a.input);
  const data = doc.data && typeof doc.data === 'object' ? { ...(doc.data as object), asOf } : doc.data;
  const parsed = obligationsInputSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((x) => `  ${x.path.join('.') || '(file)'}: ${x.message}`);
    throw new CliError(
      'INVALID_INPUT',
      `${doc.name}: ${parsed.error.issues.length} problem${parsed.error.issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`,
    );
  }
  const r = obligations(kb(), parsed.data);
  return print(io, r, filterObligations(r.obligations, filter), format, lang);
}

function print(io: Io, r: ObligationsResult, list: Obligation[], format: string, lang: Lang): number {
  io.out(
    format === 'json'
      ? `${JSON.stringify(obligationsPage(r, list), null, 2)}\n`
      : renderObligations(r, list, lang, format === 'markdown'),
  );
  return 0;
}

/**
 * the obligations of an organisation's stored register (the store's mapping, as the server's
 * GET /api/v1/obligations), or of one of its companies; SQLite in --data-dir, or DATABASE_URL
 */
async function storedObligations(
  io: Io,
  kb: Kb,
  organisation: string,
  company: string | undefined,
  dataDir: string | undefined,
  asOf: string,
): Promise<ObligationsResult> {
  const { migrate, openDb, obligationsOfOrganisation } = await import('@icpdesk/store');
  const db = await openDb({ url: process.env.DATABASE_URL, dataDir: resolve(io.cwd, dataDir ?? 'data') });
  try {
    await migrate(db);
    const orgs = await db.kysely
      .selectFrom('organisations')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', organisation), eb('name', '=', organisation.trim())]))
      .execute();
    if (orgs.length !== 1)
      throw new CliError(
        'USAGE',
        orgs.length
          ? `several organisations are named ${organisation}; give its id`
          : `no organisation ${organisation} in ${db.location}`,
      );
    const r = await obligationsOfOrganisation(db, kb, orgs[0]!.id, asOf);
    if (company === undefined) return r;
    return obligationsPage(
      r,
      r.obligations.filter((o) => o.belongsTo.company === company),
    );
  } finally {
    await db.close();
  }
}
