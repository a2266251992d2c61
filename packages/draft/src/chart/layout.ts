/**
 * The shareholding chart's geometry: the company at the bottom, its shareholders in the row above, a company
 * shareholder's own holders above it, each line labelled with the share. Pure arithmetic on the tree; the SVG
 * and the PNG are drawn from the same boxes and lines.
 */
import type { Shareholder } from '@icpdesk/engine';

export interface ChartBox {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  /** the root (the applicant) is drawn bolder */
  root: boolean;
}

export interface ChartEdge {
  /** from the holder's bottom centre down to the held company's top centre, at right angles */
  points: [number, number][];
  label: string;
  labelAt: [number, number];
}

export interface ChartLayout {
  width: number;
  height: number;
  boxes: ChartBox[];
  edges: ChartEdge[];
  /** holders left out beyond MAX_BOXES */
  omitted: number;
}

export const FONT_PX = 14;
const BOX_H = 36;
const ROW_GAP = 56;
const COL_GAP = 16;
const MARGIN = 16;
const MAX_BOXES = 120;

/** a box wide enough for its name: CJK characters a full em, others about half */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! > 0x2e80 ? FONT_PX : FONT_PX * 0.6;
  return Math.ceil(w);
}

interface Node {
  label: string;
  share: string;
  children: Node[];
  width: number;
  boxW: number;
}

function toNodes(holders: readonly Shareholder[], budget: { left: number }): Node[] {
  const out: Node[] = [];
  for (const h of holders) {
    if (budget.left <= 0) break;
    budget.left--;
    const boxW = Math.max(96, textWidth(h.name) + 24);
    const children = h.shareholders ? toNodes(h.shareholders, budget) : [];
    out.push({ label: h.name, share: `${h.percent}%`, children, boxW, width: 0 });
  }
  return out;
}

function measure(n: Node): number {
  const kids = n.children.reduce((s, c) => s + measure(c), 0) + COL_GAP * Math.max(0, n.children.length - 1);
  n.width = Math.max(n.boxW, kids);
  return n.width;
}

const depthOf = (n: Node): number => 1 + Math.max(0, ...n.children.map(depthOf));
const countOf = (hs: readonly Shareholder[]): number =>
  hs.reduce((s, h) => s + 1 + countOf(h.shareholders ?? []), 0);

/** lays out the tree under `rootName` */
export function layoutChart(rootName: string, holders: readonly Shareholder[]): ChartLayout {
  const budget = { left: MAX_BOXES };
  const root: Node = {
    label: rootName,
    share: '',
    children: toNodes(holders, budget),
    boxW: Math.max(120, textWidth(rootName) + 32),
    width: 0,
  };
  measure(root);
  const depth = depthOf(root);
  const rowY = (level: number) => MARGIN + (depth - 1 - level) * (BOX_H + ROW_GAP);
  const boxes: ChartBox[] = [];
  const edges: ChartEdge[] = [];
  const place = (n: Node, left: number, level: number): ChartBox => {
    const box = {
      x: left + (n.width - n.boxW) / 2,
      y: rowY(level),
      w: n.boxW,
      h: BOX_H,
      label: n.label,
      root: level === 0,
    };
    boxes.push(box);
    const kidsWidth = n.children.reduce((s, c) => s + c.width, 0) + COL_GAP * (n.children.length - 1);
    let x = left + (n.width - kidsWidth) / 2;
    for (const c of n.children) {
      const cb = place(c, x, level + 1);
      x += c.width + COL_GAP;
      const from: [number, number] = [cb.x + cb.w / 2, cb.y + cb.h];
      const to: [number, number] = [box.x + box.w / 2, box.y];
      const midY = from[1] + ROW_GAP / 2;
      edges.push({
        points: [from, [from[0], midY], [to[0], midY], to],
        label: c.share,
        labelAt: [from[0] + 4, from[1] + ROW_GAP / 4 + 4],
      });
    }
    return box;
  };
  place(root, MARGIN, 0);
  return {
    width: Math.ceil(root.width + 2 * MARGIN),
    height: rowY(0) + BOX_H + MARGIN,
    boxes,
    edges,
    omitted: Math.max(0, countOf(holders) - MAX_BOXES),
  };
}
