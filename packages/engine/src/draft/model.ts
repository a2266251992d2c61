/**
 * The drafted document: a template (kb/templates/<id>.yaml) with its placeholders filled from the facts. It
 * is what a renderer lays out (packages/draft: DOCX) and what an API answers; it holds no layout of its own
 * beyond the order of things, the numbers of a report's sections and which words are gaps.
 */
import type { CitedSource, Text } from '@icpdesk/kb';
import type { Shareholder } from '../manifest.ts';

/** a piece of text: either filled (or fixed) words, or a gap where the fact `missing` has no value */
export type DraftRun = { text: string } | { missing: string; label: Text };

export interface DraftSignatureLine {
  label: DraftRun[];
  /** printed after the label; null: a blank to sign, seal or date by hand */
  value: DraftRun[] | null;
  kind: 'seal' | 'signature' | 'date' | 'text';
}

export type DraftBlock =
  | { type: 'heading'; number: string; runs: DraftRun[] }
  | { type: 'paragraph'; runs: DraftRun[] }
  | { type: 'list'; ordered: boolean; items: DraftRun[][] }
  | { type: 'table'; caption: DraftRun[] | null; headings: DraftRun[][]; rows: DraftRun[][][] }
  | {
      type: 'chart';
      chart: 'shareholding';
      caption: DraftRun[] | null;
      /** the company the chart is of (the tree's root) */
      root: DraftRun[];
      /** the shareholder tree; null when it is missing (the block is then a gap) */
      holders: Shareholder[] | null;
      /** the gap when holders is null */
      missing: DraftRun[] | null;
    }
  | { type: 'signature'; lines: DraftSignatureLine[] };

export interface DraftSection {
  id: string;
  /** a report's section number (一、二、…); null in a letter */
  number: string | null;
  /** null in a letter, whose sections have no headings */
  heading: string | null;
  blocks: DraftBlock[];
}

/** a fact the document needs that has no value, and where to give it */
export interface MissingFact {
  id: string;
  label: Text;
  /** where the value is kept (company profile, register …) or what to fill in */
  where: Text;
  origin: string;
  /** how many gaps in the document it leaves */
  count: number;
}

export interface DraftDocument {
  templateId: string;
  /** the material it fulfils (kb/materials.yaml id) */
  material: string;
  /** the material's documentKind, for an application package's manifest */
  documentKind: string | null;
  variant: 'document' | 'alternative';
  layout: 'report' | 'letter';
  title: string;
  sections: DraftSection[];
  missing: MissingFact[];
  /** what the authority requires the document to contain, and where that is written */
  requirements: { id: string; text: Text; sources: CitedSource[] }[];
  /** the template's sources and the requirements', each once */
  sources: CitedSource[];
  confidence: 'high' | 'medium' | 'low';
  note: Text | null;
}

/** true when the run is a gap */
export const isGap = (r: DraftRun): r is { missing: string; label: Text } => 'missing' in r;

/** the text of runs, gaps written as 【待补充：label】 */
export function runsText(runs: readonly DraftRun[]): string {
  return runs.map((r) => (isGap(r) ? gapText(r.label) : r.text)).join('');
}

/** how a gap reads in a drafted document */
export const gapText = (label: Text): string => `【待补充：${label.zh}】`;
