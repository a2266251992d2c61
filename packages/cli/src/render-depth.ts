/**
 * The parts of an assessment about numbers, government fees and penalties, as text lines and Markdown:
 * render.ts adds them to the assessment.
 */
import type { Assessment, PenaltyOut } from '@icpdesk/engine';
import type { Text } from '@icpdesk/kb';

type Lang = 'zh' | 'en';
type SourceLines = (
  refs: Assessment['sources'],
  cited: readonly { ref: string; article?: string }[],
) => string[];

const L = {
  numbers: { zh: '码号资源', en: 'Numbers' },
  numberRules: { zh: '码号使用规则', en: 'Rules for number holders' },
  fees: { zh: '政府收费', en: 'Government fees' },
  free: { zh: '不收费', en: 'no fee' },
  charged: { zh: '收费', en: 'charged' },
  consequence: { zh: '后果', en: 'consequence' },
  allocatedBy: { zh: '分配', en: 'allocated by' },
  open: { zh: '可申请', en: 'open' },
  closed: { zh: '暂不可申请', en: 'not open' },
  unknown: { zh: '待定', en: 'undetermined' },
  carrier: { zh: '基础电信运营商', en: 'the carriers' },
  eachProvince: { zh: '各省通信管理局', en: 'each province’s administration' },
  confidence: { zh: '可信度', en: 'confidence' },
} satisfies Record<string, Text>;

const openText = { yes: L.open, no: L.closed, unknown: L.unknown } as const;

function allocator(n: NonNullable<Assessment['numbers']>[number], lang: Lang): string {
  if (n.allocatedBy === 'basic-operator') return L.carrier[lang];
  return n.authority ?? L.eachProvince[lang];
}

/** the penalties a pitfall leads to, one line each */
export function penaltyLines(ps: readonly PenaltyOut[] | undefined, lang: Lang, ind: string): string[] {
  return (ps ?? []).map((p) => `${ind}→ ${L.consequence[lang]} (${p.id}): ${p.consequence[lang]}`);
}

/** the numbers, their holders' rules and the government fees, as text lines (empty when there are none) */
export function depthText(a: Assessment, lang: Lang, sourceLines: SourceLines): string[] {
  const out: string[] = [];
  if (a.numbers?.length) {
    out.push('', L.numbers[lang]);
    for (const n of a.numbers) {
      out.push(
        `  ${n.open === 'yes' ? '●' : n.open === 'no' ? '○' : '?'} ${n.id} ${n.name[lang]} (${n.pattern}) — ${openText[n.open][lang]} · ${L.allocatedBy[lang]}: ${allocator(n, lang)} · ${L.confidence[lang]}: ${n.confidence}`,
      );
      out.push(`      ${n.text[lang]}`);
      if (n.note) out.push(`      ${n.note[lang]}`);
      for (const s of sourceLines(a.sources, n.sources)) out.push(`      - ${s}`);
    }
    if (a.numberRules?.length) {
      out.push(`  ${L.numberRules[lang]}:`);
      for (const r of a.numberRules) out.push(`    · ${r.name[lang]} (${r.id}): ${r.text[lang]}`);
    }
  }
  if (a.fees?.length) {
    out.push('', L.fees[lang]);
    for (const f of a.fees) {
      out.push(
        `  ${f.charged ? '¥' : '–'} ${f.name[lang]} — ${(f.charged ? L.charged : L.free)[lang]} (${f.id}, ${f.confidence})`,
      );
      if (f.amount) out.push(`      ${f.amount[lang]}`);
      for (const s of sourceLines(a.sources, f.sources)) out.push(`      - ${s}`);
    }
  }
  return out;
}

/** the same as Markdown */
export function depthMarkdown(a: Assessment, lang: Lang): string[] {
  const out: string[] = [];
  if (a.numbers?.length) {
    out.push(`## ${L.numbers[lang]}`, '');
    for (const n of a.numbers)
      out.push(
        `- **${n.name[lang]}** (\`${n.pattern}\`) — ${openText[n.open][lang]}, ${allocator(n, lang)}: ${n.text[lang]}`,
      );
    out.push('');
  }
  if (a.fees?.length) {
    out.push(`## ${L.fees[lang]}`, '');
    for (const f of a.fees)
      out.push(
        `- **${f.name[lang]}** — ${(f.charged ? L.charged : L.free)[lang]}${f.amount ? `: ${f.amount[lang]}` : ''}`,
      );
    out.push('');
  }
  return out;
}
