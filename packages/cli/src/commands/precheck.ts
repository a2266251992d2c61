/** icpdesk precheck <dir|zip>: find what the authority would return for correction, before submitting. */
import { resolve } from 'node:path';
import type { Finding, PrecheckResult } from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { checkPackage } from '@icpdesk/pack';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { dateOpt, formatOpt, langOpt } from '../options.ts';
import { type Lang, sourceLines } from '../render.ts';

const sevText = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  info: { zh: '提示', en: 'info' },
};

export function renderPrecheck(
  r: PrecheckResult,
  lang: Lang,
  md: boolean,
  where: (f: Finding) => string,
): string {
  const s = r.summary;
  const lines = [
    md
      ? `# ${lang === 'zh' ? '材料预审' : 'Pre-submission check'} · ${r.applicant}`
      : `${lang === 'zh' ? '材料预审' : 'Pre-submission check'} · ${r.applicant}`,
    `${r.licence} · ${r.procedure} · ${lang === 'zh' ? '截至' : 'as of'} ${r.asOf} · ${r.kbVersion}`,
    lang === 'zh'
      ? `${s.errors} 个错误，${s.warnings} 个警告，${s.infos} 个提示；${s.documents} 份材料；外资比例（穿透）${r.shareholding.foreignPercent}%${r.shareholding.unknownPercent ? `，另有 ${r.shareholding.unknownPercent}% 未能穿透` : ''}`
      : `${s.errors} errors, ${s.warnings} warnings, ${s.infos} notes; ${s.documents} documents; foreign share (traced) ${r.shareholding.foreignPercent}%${r.shareholding.unknownPercent ? `, ${r.shareholding.unknownPercent}% not traced` : ''}`,
    '',
  ];
  for (const f of r.findings) {
    lines.push(`${md ? '- ' : ''}[${sevText[f.severity][lang]}] ${where(f)} ${f.message[lang]} (${f.id})`);
    lines.push(`${md ? '  ' : '    '}${lang === 'zh' ? '修改' : 'fix'}: ${f.fix[lang]}`);
    for (const src of sourceLines(r.sources, f.sources.slice(0, 3)))
      lines.push(`${md ? '  - ' : '      - '}${src}`);
  }
  if (r.findings.length === 0) lines.push(lang === 'zh' ? '未发现问题。' : 'No problems found.');
  return `${lines.join('\n')}\n`;
}

export async function precheckCommand(
  io: Io,
  kb: () => Kb,
  a: { path?: string; asOf?: string; format?: string; lang?: string },
) {
  const lang = langOpt(a.lang);
  const format = formatOpt(a.format);
  const asOf = dateOpt(io, 'as-of', a.asOf);
  if (!a.path) throw new CliError('USAGE', 'precheck needs a package: icpdesk precheck <folder|file.zip>');
  const c = await checkPackage(kb(), resolve(io.cwd, a.path), asOf);
  if (!c.ok && 'error' in c) throw new CliError('INVALID_PACKAGE', `${c.error.message} [${c.error.code}]`);
  const mf = c.manifest;
  if (!c.ok) {
    const lines = c.issues.map((i) => {
      const pos = mf.locate(i.path);
      return `  ${mf.file}${pos.line ? `:${pos.line}:${pos.column}` : ''} ${i.path}: ${i.message[lang]} [${i.code}]`;
    });
    throw new CliError(
      'INVALID_PACKAGE',
      `${mf.file} has ${c.issues.length} problem${c.issues.length === 1 ? '' : 's'}:\n${lines.join('\n')}`,
    );
  }
  const r = c.result;
  const where = (f: Finding) => {
    const pos = mf.locate(f.path);
    return `${mf.file}${pos.line ? `:${pos.line}` : ''} ${f.path}:`;
  };
  io.out(
    format === 'json'
      ? `${JSON.stringify(r, null, 2)}\n`
      : renderPrecheck(r, lang, format === 'markdown', where),
  );
  return r.summary.errors > 0 ? 2 : 0;
}
