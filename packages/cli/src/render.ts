/** Human-readable renderings of engine results: plain text for the terminal and Markdown for documents. */
import {
  type Assessment,
  type Check,
  type Comparison,
  type Fact,
  type Impact,
  type ParameterUse,
  type Reason,
  resolveSources,
  type SourceBook,
} from '@icpdesk/engine';
import type { CitedSource, SourceRef, Text } from '@icpdesk/kb';
import { depthMarkdown, depthText, penaltyLines } from './render-depth.ts';

export type Lang = 'zh' | 'en';
export type Format = 'text' | 'json' | 'markdown';

const L = {
  title: { zh: 'icpdesk 评估结果', en: 'icpdesk assessment' },
  asOf: { zh: '截至', en: 'as of' },
  kb: { zh: '规则库', en: 'knowledge base' },
  conclusion: { zh: '结论', en: 'Conclusion' },
  licences: { zh: '增值电信业务经营许可证', en: 'Value-added telecom licences' },
  none: { zh: '无', en: 'none' },
  required: { zh: '必须', en: 'required' },
  recommended: { zh: '建议', en: 'recommended' },
  authority: { zh: '审批机关', en: 'authority' },
  unknownAuthority: { zh: '待定（见问题）', en: 'to be settled (see questions)' },
  confidence: { zh: '可信度', en: 'confidence' },
  high: { zh: '高', en: 'high' },
  medium: { zh: '中', en: 'medium' },
  low: { zh: '低', en: 'low' },
  info: { zh: '提示', en: 'info' },
  reason: { zh: '理由', en: 'reason' },
  facts: { zh: '依据事实', en: 'facts used' },
  sources: { zh: '来源', en: 'sources' },
  note: { zh: '说明', en: 'note' },
  params: { zh: '参数', en: 'parameters' },
  undetermined: { zh: '待确定（取决于下列问题）', en: 'Undetermined (depends on the questions below)' },
  dependsOn: { zh: '取决于', en: 'depends on' },
  filings: { zh: '备案', en: 'Filings' },
  commercial: { zh: '经营性（许可证号下备案）', en: 'commercial (under the licence number)' },
  nonCommercial: { zh: '非经营性', en: 'non-commercial' },
  processing: { zh: '办理时限', en: 'processing time' },
  deadline: { zh: '办理期限（开通后）', en: 'due within (after going online)' },
  permits: { zh: '其他许可与前置审批', en: 'Other permits and pre-approvals' },
  preApproval: { zh: '前置审批', en: 'pre-approval' },
  foreignProhibited: { zh: '禁止外资', en: 'closed to foreign investment' },
  issuer: { zh: '主管部门', en: 'issuer' },
  eligibility: { zh: '申请资格', en: 'Eligibility' },
  eligibleYes: { zh: '符合', en: 'eligible' },
  eligibleNo: { zh: '不符合', en: 'not eligible' },
  eligibleUnknown: { zh: '待定', en: 'undetermined' },
  requiredValue: { zh: '要求', en: 'required' },
  actualValue: { zh: '实际', en: 'actual' },
  missing: { zh: '缺少', en: 'missing' },
  decidingAuthority: { zh: '审批机关', en: 'Deciding authority' },
  timeline: { zh: '时间预估', en: 'Timeline estimate' },
  submittedOn: { zh: '提交日', en: 'submitted on' },
  latest: { zh: '最迟', en: 'latest' },
  notPermitted: { zh: '不允许经营的业务', en: 'Activities that may not be run' },
  pitfalls: { zh: '常见误区', en: 'Pitfalls' },
  questions: { zh: '需要回答的问题', en: 'Open questions' },
  affects: { zh: '影响', en: 'affects' },
  disclaimer: { zh: '免责声明', en: 'Disclaimer' },
  from: { zh: '起', en: 'from' },
} satisfies Record<string, Text>;

const t = (lang: Lang, x: Text) => x[lang];
const conf = (lang: Lang, c: 'high' | 'medium' | 'low') => t(lang, L[c]);

function fmtValue(v: unknown): string {
  if (typeof v === 'number') return v.toLocaleString('en-US');
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'from' in v && 'to' in v) return `${String(v.from)} … ${String(v.to)}`;
  return JSON.stringify(v);
}

function unitText(lang: Lang, u: string): string {
  const m: Record<string, Text> = {
    cny: { zh: '元', en: 'CNY' },
    percent: { zh: '%', en: '%' },
    years: { zh: '年', en: 'years' },
    'calendar-days': { zh: '日（自然日）', en: 'calendar days' },
    'working-days': { zh: '个工作日', en: 'working days' },
    'date-window': { zh: '（每年）', en: '(each year)' },
    count: { zh: '', en: '' },
    bytes: { zh: '字节', en: 'bytes' },
    pattern: { zh: '', en: '' },
  };
  return m[u] ? t(lang, m[u]) : u;
}

export function sourceLine(s: CitedSource): string {
  return `${s.title}${s.article ? ` ${s.article}` : ''}${s.url ? ` <${s.url}>` : ''}`;
}

/** a result's citations as lines, resolved through its source book */
export const sourceLines = (book: SourceBook, refs: readonly SourceRef[]): string[] =>
  resolveSources(book, refs).map(sourceLine);

function factsLine(facts: Fact[]): string {
  return facts.map((f) => `${f.path} = ${JSON.stringify(f.value)}`).join('; ');
}

function paramLine(lang: Lang, p: ParameterUse): string {
  const alt = p.unitAlternatives?.length
    ? ` / ${p.unitAlternatives.map((u) => unitText(lang, u)).join(', ')}?`
    : '';
  return `${p.id} = ${fmtValue(p.value)} ${unitText(lang, p.unit)}${alt} (${p.effective.from} ${t(lang, L.from)}, ${t(lang, L.confidence)} ${conf(lang, p.confidence)})`;
}

class Out {
  lines: string[] = [];
  add(s = '') {
    this.lines.push(s);
  }
  toString() {
    return `${this.lines.join('\n')}\n`;
  }
}

function reasonText(o: Out, lang: Lang, book: SourceBook, r: Reason, ind: string) {
  o.add(`${ind}${t(lang, L.reason)} [${r.rule}]${r.activity ? ` (${r.activity})` : ''}: ${t(lang, r.text)}`);
  if (r.facts.length) o.add(`${ind}  ${t(lang, L.facts)}: ${factsLine(r.facts)}`);
  for (const p of r.parameters ?? []) o.add(`${ind}  ${t(lang, L.params)}: ${paramLine(lang, p)}`);
  if (r.note) o.add(`${ind}  ${t(lang, L.note)}: ${t(lang, r.note)}`);
  o.add(`${ind}  ${t(lang, L.sources)}:`);
  for (const s of sourceLines(book, r.sources)) o.add(`${ind}    - ${s}`);
}

function checkMark(c: Check): string {
  return c.status === 'met' ? '✓' : c.status === 'unmet' ? '✗' : '?';
}

function authorityName(a: Assessment, lang: Lang, id: string | null): string {
  if (!id) return t(lang, L.unknownAuthority);
  if (a.authority.id === id && a.authority.name) return `${t(lang, a.authority.name)} (${id})`;
  return id;
}

export function renderAssessmentText(a: Assessment, lang: Lang): string {
  const o = new Out();
  o.add(`${t(lang, L.title)} · ${t(lang, L.asOf)} ${a.asOf} · ${t(lang, L.kb)} ${a.kbVersion}`);
  o.add(`${t(lang, L.conclusion)}: ${t(lang, a.summary.headline)}`);
  o.add();
  if (a.notPermitted.length) {
    o.add(t(lang, L.notPermitted));
    for (const n of a.notPermitted) {
      o.add(`  ✗ ${n.activity}: ${t(lang, n.message)}`);
      for (const s of sourceLines(a.sources, n.sources)) o.add(`      - ${s}`);
    }
    o.add();
  }
  o.add(t(lang, L.licences));
  if (a.licences.length === 0) o.add(`  ${t(lang, L.none)}`);
  for (const l of a.licences) {
    const nick = l.nicknames.length ? ` (${l.nicknames.join(', ')})` : '';
    o.add(
      `  ● ${l.code}${l.scope ? ` [${l.scope}]` : ''} ${t(lang, l.name)}${nick} — ${t(lang, L[l.requirement])} · ${t(lang, L.authority)}: ${authorityName(a, lang, l.authority)} · ${t(lang, L.confidence)} ${conf(lang, l.confidence)}`,
    );
    for (const r of l.reasons) reasonText(o, lang, a.sources, r, '    ');
  }
  if (a.undetermined.length) {
    o.add();
    o.add(t(lang, L.undetermined));
    for (const u of a.undetermined) {
      o.add(
        `  ? ${u.kind} ${u.id}${u.scope ? ` [${u.scope}]` : ''} — ${t(lang, L[u.requirement])} [${u.rule}]: ${t(lang, u.text)}`,
      );
      o.add(`      ${t(lang, L.dependsOn)}: ${u.missing.join(', ')}`);
    }
  }
  o.add();
  o.add(t(lang, L.filings));
  if (a.filings.length === 0) o.add(`  ${t(lang, L.none)}`);
  for (const f of a.filings) {
    const variant =
      f.variant === 'commercial'
        ? ` · ${t(lang, L.commercial)}`
        : f.variant === 'non-commercial'
          ? ` · ${t(lang, L.nonCommercial)}`
          : '';
    const proc = f.processing
      ? ` · ${t(lang, L.processing)} ${fmtValue(f.processing.value)} ${unitText(lang, f.processing.unit)}`
      : '';
    o.add(
      `  ● ${f.kind} ${t(lang, f.name)} — ${t(lang, L[f.requirement])}${variant} · ${t(lang, f.authorityName)}${proc}`,
    );
    for (const r of f.reasons) reasonText(o, lang, a.sources, r, '    ');
  }
  o.add();
  o.add(t(lang, L.permits));
  if (a.otherPermits.length === 0) o.add(`  ${t(lang, L.none)}`);
  for (const p of a.otherPermits) {
    const flags = [
      p.preApproval ? t(lang, L.preApproval) : '',
      p.foreignProhibited ? t(lang, L.foreignProhibited) : '',
    ]
      .filter(Boolean)
      .join(', ');
    o.add(
      `  ● ${p.id} ${t(lang, p.name)} — ${t(lang, L[p.requirement])} · ${t(lang, L.issuer)}: ${t(lang, p.issuer)}${flags ? ` · ${flags}` : ''}`,
    );
    for (const r of p.reasons) reasonText(o, lang, a.sources, r, '    ');
  }
  o.add();
  const el = a.eligibility.eligible;
  o.add(
    `${t(lang, L.eligibility)}: ${t(lang, el === true ? L.eligibleYes : el === false ? L.eligibleNo : L.eligibleUnknown)}`,
  );
  for (const c of a.eligibility.checks) {
    const req = c.required === null ? '—' : fmtValue(c.required);
    const act = c.actual === null ? '—' : fmtValue(c.actual);
    o.add(
      `  ${checkMark(c)} ${c.id}${c.subject ? ` (${c.subject})` : ''} ${t(lang, c.name)} — ${t(lang, L.requiredValue)} ${req}, ${t(lang, L.actualValue)} ${act} [${c.rule}] · ${t(lang, L.confidence)} ${conf(lang, c.confidence)}`,
    );
    if (c.missing) o.add(`      ${t(lang, L.missing)}: ${c.missing}`);
    for (const p of c.parameters ?? []) o.add(`      ${t(lang, L.params)}: ${paramLine(lang, p)}`);
    if (c.note) o.add(`      ${t(lang, L.note)}: ${t(lang, c.note)}`);
    for (const s of sourceLines(a.sources, c.sources)) o.add(`      - ${s}`);
  }
  if (a.licences.length || a.undetermined.some((u) => u.kind === 'licence')) {
    o.add();
    o.add(`${t(lang, L.decidingAuthority)}: ${authorityName(a, lang, a.authority.id)}`);
    for (const r of a.authority.reasons) reasonText(o, lang, a.sources, r, '  ');
  }
  if (a.timeline) {
    o.add();
    o.add(`${t(lang, L.timeline)} (${t(lang, L.submittedOn)} ${a.timeline.submitOn})`);
    for (const s of a.timeline.steps) {
      const latest = s.latest !== s.expected ? ` (${t(lang, L.latest)} ${s.latest})` : '';
      const ps = s.parameters.map((p) => paramLine(lang, p)).join('; ');
      o.add(`  ${s.expected}${latest}  ${t(lang, s.name)}${ps ? ` — ${ps}` : ''}`);
      if (s.note) o.add(`      ${t(lang, s.note)}`);
    }
    o.add(`  ${t(lang, a.timeline.excluded)}`);
    if (a.timeline.calendarNote) o.add(`  ${t(lang, a.timeline.calendarNote)}`);
  }
  for (const line of depthText(a, lang, sourceLines)) o.add(line);
  if (a.pitfalls.length) {
    o.add();
    o.add(t(lang, L.pitfalls));
    for (const p of a.pitfalls) {
      o.add(`  ! [${t(lang, p.severity === 'info' ? L.info : L[p.severity])}] ${t(lang, p.title)} (${p.id})`);
      o.add(`      ${t(lang, p.message)}`);
      if (p.note) o.add(`      ${t(lang, L.note)}: ${t(lang, p.note)}`);
      for (const line of penaltyLines(p.penalties, lang, '      ')) o.add(line);
      for (const s of sourceLines(a.sources, p.sources)) o.add(`      - ${s}`);
    }
  }
  if (a.questions.length) {
    o.add();
    o.add(t(lang, L.questions));
    a.questions.forEach((q, i) => {
      o.add(`  ${i + 1}. ${t(lang, q.text)} [${q.id}]`);
      if (q.help) o.add(`     ${t(lang, q.help)}`);
      o.add(`     ${t(lang, L.affects)}: ${q.affects.join(', ')}`);
    });
  }
  o.add();
  o.add(`${t(lang, L.disclaimer)}: ${t(lang, a.disclaimer)}`);
  return o.toString();
}

const md = (s: string) => s.replace(/\|/g, '\\|');

function mdSources(book: SourceBook, refs: readonly SourceRef[]): string {
  return resolveSources(book, refs)
    .map((s) => (s.url ? `[${md(s.title)}${s.article ? ` ${s.article}` : ''}](${s.url})` : md(s.title)))
    .join('; ');
}

export function renderAssessmentMarkdown(a: Assessment, lang: Lang): string {
  const o = new Out();
  o.add(`# ${t(lang, L.title)}`);
  o.add();
  o.add(`${t(lang, L.asOf)} **${a.asOf}** · ${t(lang, L.kb)} \`${a.kbVersion}\``);
  o.add();
  o.add(`**${t(lang, L.conclusion)}:** ${t(lang, a.summary.headline)}`);
  o.add();
  if (a.notPermitted.length) {
    o.add(`## ${t(lang, L.notPermitted)}`);
    o.add();
    for (const n of a.notPermitted)
      o.add(`- **${n.activity}**: ${t(lang, n.message)} (${mdSources(a.sources, n.sources)})`);
    o.add();
  }
  o.add(`## ${t(lang, L.licences)}`);
  o.add();
  if (a.licences.length === 0) o.add(t(lang, L.none));
  else {
    o.add(
      `| code | ${t(lang, L.licences)} | ${t(lang, L.required)}? | ${t(lang, L.authority)} | ${t(lang, L.reason)} | ${t(lang, L.sources)} |`,
    );
    o.add('| --- | --- | --- | --- | --- | --- |');
    for (const l of a.licences)
      for (const r of l.reasons)
        o.add(
          `| ${l.code}${l.scope ? ` (${l.scope})` : ''} | ${md(t(lang, l.name))} | ${t(lang, L[l.requirement])} | ${md(authorityName(a, lang, l.authority))} | ${md(t(lang, r.text))} \`${r.rule}\` | ${mdSources(a.sources, r.sources)} |`,
        );
  }
  o.add();
  if (a.undetermined.length) {
    o.add(`## ${t(lang, L.undetermined)}`);
    o.add();
    for (const u of a.undetermined)
      o.add(
        `- **${u.kind} ${u.id}${u.scope ? ` (${u.scope})` : ''}** — ${t(lang, u.text)} (${t(lang, L.dependsOn)}: \`${u.missing.join('`, `')}\`)`,
      );
    o.add();
  }
  o.add(`## ${t(lang, L.filings)}`);
  o.add();
  if (a.filings.length === 0) o.add(t(lang, L.none));
  for (const f of a.filings)
    o.add(
      `- **${t(lang, f.name)}** (\`${f.kind}\`, ${f.variant}) — ${t(lang, f.authorityName)}: ${t(lang, f.reasons[0]!.text)}`,
    );
  o.add();
  o.add(`## ${t(lang, L.permits)}`);
  o.add();
  if (a.otherPermits.length === 0) o.add(t(lang, L.none));
  for (const p of a.otherPermits)
    o.add(
      `- **${t(lang, p.name)}** (\`${p.id}\`) — ${t(lang, L[p.requirement])}, ${t(lang, p.issuer)}: ${t(lang, p.reasons[0]!.text)} (${mdSources(a.sources, p.reasons[0]!.sources)})`,
    );
  o.add();
  const el = a.eligibility.eligible;
  o.add(
    `## ${t(lang, L.eligibility)}: ${t(lang, el === true ? L.eligibleYes : el === false ? L.eligibleNo : L.eligibleUnknown)}`,
  );
  o.add();
  if (a.eligibility.checks.length) {
    o.add(
      `| | check | ${t(lang, L.requiredValue)} | ${t(lang, L.actualValue)} | rule | ${t(lang, L.sources)} |`,
    );
    o.add('| --- | --- | --- | --- | --- | --- |');
    for (const c of a.eligibility.checks)
      o.add(
        `| ${checkMark(c)} | ${c.id}${c.subject ? ` (${c.subject})` : ''} | ${c.required === null ? '—' : fmtValue(c.required)} | ${c.actual === null ? '—' : fmtValue(c.actual)} | \`${c.rule}\` | ${mdSources(a.sources, c.sources)} |`,
      );
    o.add();
  }
  if (a.timeline) {
    o.add(`## ${t(lang, L.timeline)}`);
    o.add();
    o.add(`| ${t(lang, L.timeline)} | expected | ${t(lang, L.latest)} |`);
    o.add('| --- | --- | --- |');
    for (const s of a.timeline.steps) o.add(`| ${t(lang, s.name)} | ${s.expected} | ${s.latest} |`);
    o.add();
    o.add(t(lang, a.timeline.excluded));
    o.add();
  }
  for (const line of depthMarkdown(a, lang)) o.add(line);
  if (a.pitfalls.length) {
    o.add(`## ${t(lang, L.pitfalls)}`);
    o.add();
    for (const p of a.pitfalls)
      o.add(`- **${t(lang, p.title)}** — ${t(lang, p.message)} (${mdSources(a.sources, p.sources)})`);
    o.add();
  }
  if (a.questions.length) {
    o.add(`## ${t(lang, L.questions)}`);
    o.add();
    a.questions.forEach((q, i) => {
      o.add(`${i + 1}. ${t(lang, q.text)} (\`${q.id}\`)`);
    });
    o.add();
  }
  o.add(`> ${t(lang, a.disclaimer)}`);
  return o.toString();
}

export function renderComparisonText(c: Comparison, lang: Lang): string {
  const o = new Out();
  const title = { zh: 'icpdesk 假设比较（A → B）', en: 'icpdesk what-if comparison (A → B)' };
  o.add(`${t(lang, title)} · ${t(lang, L.asOf)} ${c.asOf} · ${t(lang, L.kb)} ${c.kbVersion}`);
  if (c.same) {
    o.add(t(lang, { zh: '两个档案的评估结果相同。', en: 'Both profiles give the same result.' }));
    return o.toString();
  }
  const section = (label: Text, d: Comparison['licences']) => {
    if (!d.added.length && !d.removed.length && !d.changed.length) return;
    o.add();
    o.add(t(lang, label));
    for (const x of d.added) o.add(`  + ${x.key} ${t(lang, x.name)} (${x.after})`);
    for (const x of d.removed) o.add(`  - ${x.key} ${t(lang, x.name)} (${x.before})`);
    for (const x of d.changed) o.add(`  ~ ${x.key} ${t(lang, x.name)}: ${x.before} → ${x.after}`);
  };
  section(L.licences, c.licences);
  section(L.permits, c.otherPermits);
  section(L.filings, c.filings);
  if (c.checks.length) {
    o.add();
    o.add(t(lang, L.eligibility));
    for (const x of c.checks) o.add(`  ~ ${x.key}: ${x.before ?? '—'} → ${x.after ?? '—'}`);
  }
  if (c.eligible.before !== c.eligible.after) o.add(`  eligible: ${c.eligible.before} → ${c.eligible.after}`);
  if (c.authority.before !== c.authority.after) {
    o.add();
    o.add(`${t(lang, L.decidingAuthority)}: ${c.authority.before ?? '—'} → ${c.authority.after ?? '—'}`);
  }
  if (c.pitfalls.added.length || c.pitfalls.removed.length) {
    o.add();
    o.add(t(lang, L.pitfalls));
    for (const x of c.pitfalls.added) o.add(`  + ${x}`);
    for (const x of c.pitfalls.removed) o.add(`  - ${x}`);
  }
  if (c.questions.added.length || c.questions.removed.length) {
    o.add();
    o.add(t(lang, L.questions));
    for (const x of c.questions.added) o.add(`  + ${x}`);
    for (const x of c.questions.removed) o.add(`  - ${x}`);
  }
  return o.toString();
}

// ------------------------------------------------------------------ impact

export function renderImpactText(r: Impact, lang: Lang): string {
  const o = new Out();
  const title = { zh: 'icpdesk 变更影响', en: 'icpdesk change impact' };
  o.add(`${t(lang, title)} · ${t(lang, L.asOf)} ${r.asOf} · ${t(lang, L.kb)} ${r.kbVersion}`);
  for (const line of r.explanation) o.add(t(lang, line));
  o.add();
  const row = (label: Text, before: string, after: string) =>
    o.add(`  ${t(lang, label)}: ${before || '—'}${before === after ? '' : ` → ${after || '—'}`}`);
  o.add(t(lang, { zh: '变更前 → 变更后', en: 'Before → after' }));
  row(L.licences, r.before.licences.join(', '), r.after.licences.join(', '));
  row(L.filings, r.before.filings.join(', '), r.after.filings.join(', '));
  row(L.permits, r.before.permits.join(', '), r.after.permits.join(', '));
  row(L.decidingAuthority, r.before.authority ?? '', r.after.authority ?? '');
  row({ zh: '符合条件', en: 'Eligible' }, String(r.before.eligible), String(r.after.eligible));
  if (r.findings.length) {
    o.add();
    o.add(t(lang, { zh: '影响', en: 'What it means' }));
    for (const f of r.findings) o.add(`  - [${f.kind}] ${t(lang, f.text)}`);
  }
  if (r.deadlines.length) {
    o.add();
    o.add(t(lang, { zh: '到期事项', en: 'Falls due' }));
    for (const d of r.deadlines) {
      const limit = d.parameter ? `${d.parameter.value} ${d.parameter.unit}` : '?';
      const when = d.due ?? t(lang, { zh: '（无日期）', en: '(no date)' });
      const mark = d.stricter ? '' : t(lang, { zh: '（较宽松）', en: ' (less strict)' });
      o.add(`  ${when}  ${t(lang, d.name)}${mark}`);
      o.add(`      ${t(lang, d.what)}`);
      o.add(
        `      ${d.id} · ${d.parameterId ?? '—'}: ${limit} ${d.direction}${d.appliesTo.length ? ` · ${d.appliesTo.join(', ')}` : ''}`,
      );
      if (d.note) o.add(`      ${t(lang, d.note)}`);
      if (d.ruleNote) o.add(`      ${t(lang, d.ruleNote)}`);
    }
  }
  for (const n of r.notes) {
    o.add();
    o.add(t(lang, n));
  }
  return o.toString();
}
