/** The shareholding chart as SVG: boxes with the holders' names, right-angled lines labelled with shares. */
import type { ChartLayout } from './layout.ts';
import { FONT_PX } from './layout.ts';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FONT = 'SimSun, 宋体, Songti SC, serif';

export function chartSvg(l: ChartLayout): string {
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${l.width}" height="${l.height}" viewBox="0 0 ${l.width} ${l.height}" font-family="${FONT}" font-size="${FONT_PX}">`,
    `<rect width="${l.width}" height="${l.height}" fill="#ffffff"/>`,
  ];
  for (const e of l.edges) {
    parts.push(
      `<polyline points="${e.points.map((p) => p.join(',')).join(' ')}" fill="none" stroke="#000000" stroke-width="1.5"/>`,
      `<text x="${e.labelAt[0]}" y="${e.labelAt[1]}" font-size="${FONT_PX - 2}">${esc(e.label)}</text>`,
    );
  }
  for (const b of l.boxes)
    parts.push(
      `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="#ffffff" stroke="#000000" stroke-width="${b.root ? 2.5 : 1.5}"/>`,
      `<text x="${b.x + b.w / 2}" y="${b.y + b.h / 2 + FONT_PX / 2 - 2}" text-anchor="middle"${b.root ? ' font-weight="bold"' : ''}>${esc(b.label)}</text>`,
    );
  parts.push('</svg>');
  return parts.join('');
}
