/**
 * The facts computed from a shareholder tree (kb/templates/facts.yaml, origin shareholders): the ultimate
 * holders — natural persons, the state, a company whose own holders are not given (marked as not traced) —
 * with the share each holds through the layers above it, and the foreign share traced through the tree
 * (shareholding.ts). A tree that does not read as one, or one with untraced layers, leaves the foreign share
 * a gap: it is never guessed.
 */
import { z } from 'zod';
import { type Shareholder, shareholderSchema } from '../manifest.ts';
import { foreignShare } from '../shareholding.ts';
import type { FactRow, FactValue } from './values.ts';

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const UNTRACED = '（其股东未填写，穿透不明）';

/** each ultimate holder with its traced share, in the tree's order */
function ultimateHolders(holders: readonly Shareholder[]): FactRow[] {
  const rows: FactRow[] = [];
  const walk = (list: readonly Shareholder[], factor: number) => {
    for (const h of list) {
      const share = (h.percent / 100) * factor;
      if (h.kind === 'company' && h.shareholders) walk(h.shareholders, share);
      else
        rows.push({
          name: h.kind === 'company' ? `${h.name}${UNTRACED}` : h.name,
          kind: h.kind,
          country: h.country,
          percent: round(share * 100),
        });
    }
  };
  walk(holders, 1);
  return rows;
}

export function shareholderFacts(tree: unknown): Record<string, FactValue | undefined> {
  const parsed = z.array(shareholderSchema).min(1).safeParse(tree);
  if (!parsed.success) return {};
  const traced = foreignShare(parsed.data);
  return {
    'shareholders.ultimate': ultimateHolders(parsed.data),
    'shareholders.foreignPercent': traced.unknownPercent === 0 ? traced.foreignPercent : undefined,
  };
}
