/** The shareholding chart of a tree: SVG and PNG of one layout, its size on the page and its holders as rows. */
import type { Shareholder } from '@icpdesk/engine';
import { layoutChart } from './layout.ts';
import { chartPng } from './png.ts';
import { chartSvg } from './svg.ts';

/** the widest an image may be on an A4 page with the usual margins, in pixels at 96 dpi */
const PAGE_PX = 600;

const KIND = { 'natural-person': '自然人', company: '企业法人', state: '国有' } as const;

export interface ShareholdingChart {
  svg: Buffer;
  png: Buffer;
  /** the size on the page, in pixels */
  width: number;
  height: number;
  /** alt text */
  description: string;
  /** every holder, layer by layer: name, kind, country, share, layer */
  rows: string[][];
}

function rowsOf(holders: readonly Shareholder[], layer = 1, out: string[][] = []): string[][] {
  for (const h of holders) {
    out.push([h.name, KIND[h.kind], h.country, `${h.percent}%`, layer === 1 ? '直接股东' : `第${layer}层`]);
    if (h.shareholders) rowsOf(h.shareholders, layer + 1, out);
  }
  return out;
}

export function shareholdingChart(rootName: string, holders: readonly Shareholder[]): ShareholdingChart {
  const l = layoutChart(rootName, holders);
  const scale = Math.min(1, PAGE_PX / l.width);
  const rows = rowsOf(holders);
  return {
    svg: Buffer.from(chartSvg(l), 'utf8'),
    png: chartPng(l),
    width: Math.round(l.width * scale),
    height: Math.round(l.height * scale),
    description: `${rootName}的股权结构：${holders.map((h) => `${h.name} ${h.percent}%`).join('，')}${l.omitted ? `（另有 ${l.omitted} 个上层股东见下表）` : ''}`,
    rows,
  };
}
