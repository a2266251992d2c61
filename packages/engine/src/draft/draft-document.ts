/**
 * draftDocument: a template of kb/templates/ filled with fact values. Pure: the kb, the template and the
 * values in, the document model out. A placeholder whose fact has no value becomes a gap (a run naming the
 * fact), and every gap is listed once in `missing` with where to provide it. Blocks marked `onlyIf` are left
 * out when their fact has no value; a report's sections are numbered 一、二、… and its sub-headings （一）…
 */
import {
  chartFacts,
  type DocumentTemplate,
  type Kb,
  type TemplateBlock,
  type TemplateFact,
} from '@icpdesk/kb';
import type { Shareholder } from '../manifest.ts';
import { resolveSources, sourceBook } from '../source-book.ts';
import type { DraftBlock, DraftDocument, DraftRun, DraftSection, MissingFact } from './model.ts';
import { cellText, chineseNumber, type FactValues, listItems, scalarText, tableRows } from './values.ts';

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** the catalogue entry of an id the loader did not know (only for a template built by hand) */
const unknownFact = (id: string): TemplateFact => ({
  id,
  label: { zh: id, en: id },
  type: 'text',
  origin: 'user',
  where: { zh: '由申请人填写', en: 'to be filled in by the applicant' },
});

class Filler {
  readonly missing = new Map<string, MissingFact>();
  constructor(
    private readonly kb: Kb,
    private readonly values: FactValues,
  ) {}

  value(id: string) {
    return this.values[id];
  }

  fact(id: string): TemplateFact {
    return this.kb.templateFacts.get(id) ?? unknownFact(id);
  }

  gap(id: string): DraftRun {
    const f = this.fact(id);
    const seen = this.missing.get(id);
    if (seen) seen.count++;
    else this.missing.set(id, { id, label: f.label, where: f.where, origin: f.origin, count: 1 });
    return { missing: id, label: f.label };
  }

  has(id: string): boolean {
    const f = this.fact(id);
    const v = this.values[id];
    if (f.type === 'list') return listItems(v) !== null;
    if (f.type === 'table') return tableRows(v) !== null;
    return scalarText(f.type, v) !== null;
  }

  /** a text with {{fact.id}} placeholders as runs */
  runs(s: string): DraftRun[] {
    const out: DraftRun[] = [];
    let last = 0;
    for (const m of s.matchAll(PLACEHOLDER)) {
      if (m.index > last) out.push({ text: s.slice(last, m.index) });
      const id = (m[1] ?? '').trim();
      const value = scalarText(this.fact(id).type, this.values[id]);
      out.push(value === null ? this.gap(id) : { text: value });
      last = m.index + m[0].length;
    }
    if (last < s.length) out.push({ text: s.slice(last) });
    return mergeTexts(out);
  }
}

/** adjacent text runs joined, so that a reader sees whole sentences */
function mergeTexts(runs: DraftRun[]): DraftRun[] {
  const out: DraftRun[] = [];
  for (const r of runs) {
    const prev = out.at(-1);
    if (prev && 'text' in prev && 'text' in r) out[out.length - 1] = { text: prev.text + r.text };
    else out.push(r);
  }
  return out;
}

function tableBlock(f: Filler, b: Extract<TemplateBlock, { type: 'table' }>): DraftBlock {
  const caption = b.caption ? f.runs(b.caption) : null;
  if (!b.fact)
    return {
      type: 'table',
      caption,
      headings: (b.headings ?? []).map((h) => f.runs(h)),
      rows: (b.rows ?? []).map((row) => row.map((cell) => f.runs(cell))),
    };
  const fact = f.fact(b.fact);
  const columns = (b.columns ?? fact.columns?.map((c) => c.key) ?? ['name']).map((key) => ({
    key,
    label: fact.columns?.find((c) => c.key === key)?.label.zh ?? key,
  }));
  const headings = b.headings ? b.headings.map((h) => f.runs(h)) : columns.map((c) => [{ text: c.label }]);
  const rows = tableRows(f.value(b.fact));
  return {
    type: 'table',
    caption,
    headings,
    rows: rows
      ? rows.map((row) => columns.map((c) => [{ text: cellText(row[c.key], c.key) }]))
      : [columns.map((_, i) => (i === 0 ? [f.gap(b.fact!)] : []))],
  };
}

function block(f: Filler, b: TemplateBlock, heading: () => string): DraftBlock | null {
  if (b.onlyIf && !f.has(b.onlyIf)) return null;
  switch (b.type) {
    case 'paragraph':
      return { type: 'paragraph', runs: f.runs(b.text) };
    case 'heading':
      return { type: 'heading', number: heading(), runs: f.runs(b.text) };
    case 'list': {
      const ordered = b.ordered ?? false;
      if (!b.fact) return { type: 'list', ordered, items: (b.items ?? []).map((i) => f.runs(i)) };
      const items = listItems(f.value(b.fact));
      return { type: 'list', ordered, items: items ? items.map((text) => [{ text }]) : [[f.gap(b.fact)]] };
    }
    case 'table':
      return tableBlock(f, b);
    case 'chart': {
      const id = chartFacts[b.chart];
      const holders = tableRows(f.value(id)) as Shareholder[] | null;
      return {
        type: 'chart',
        chart: b.chart,
        caption: b.caption ? f.runs(b.caption) : null,
        root: f.runs('{{company.name}}'),
        holders,
        missing: holders ? null : [f.gap(id)],
      };
    }
    case 'signature':
      return {
        type: 'signature',
        lines: b.lines.map((l) => ({
          label: f.runs(l.label),
          value: l.value ? f.runs(l.value) : null,
          kind: l.kind,
        })),
      };
  }
}

/** the document a template makes of these values */
export function draftDocument(kb: Kb, template: DocumentTemplate, values: FactValues): DraftDocument {
  const f = new Filler(kb, values);
  const report = template.layout === 'report';
  const sections: DraftSection[] = template.sections.map((s, i) => {
    let sub = 0;
    const heading = () => (report ? `（${chineseNumber(++sub)}）` : '');
    return {
      id: s.id,
      number: report ? chineseNumber(i + 1) : null,
      heading: report ? s.heading.zh : null,
      blocks: s.blocks.flatMap((b) => block(f, b, heading) ?? []),
    };
  });
  const book = sourceBook(kb, [template.sources, ...template.requirements.map((r) => r.sources)]);
  return {
    templateId: template.id,
    material: template.material,
    documentKind: kb.materials.find((m) => m.id === template.material)?.documentKind ?? null,
    variant: template.variant,
    layout: template.layout,
    title: template.title.zh,
    sections,
    missing: [...f.missing.values()],
    requirements: template.requirements.map((r) => ({
      id: r.id,
      text: r.text,
      sources: resolveSources(book, r.sources),
    })),
    sources: Object.entries(book).map(([ref, info]) => ({ ref, ...info })),
    confidence: template.confidence,
    note: template.note ?? null,
  };
}
