/**
 * Foreign share through a shareholding tree: each holder's percentage is multiplied through the layers
 * above it, down to natural persons or the state. A foreign natural person, a foreign state or a company
 * registered abroad counts in full at its layer (the look-through review treats any foreign capital as
 * foreign, including Hong Kong, Macau and Taiwan). A domestic company whose holders are not given is an
 * unknown layer: its share is reported, never guessed.
 */
import type { Shareholder } from './manifest.ts';
import type { ShareholdingResult } from './schemas/precheck.ts';

export type { ShareholdingResult };

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function foreignShare(holders: Shareholder[], path = 'applicant.shareholders'): ShareholdingResult {
  const out: ShareholdingResult = { foreignPercent: 0, unknownPercent: 0, unknownLayers: [], badSums: [] };
  const walk = (list: Shareholder[], at: string, factor: number) => {
    const sum = list.reduce((s, h) => s + h.percent, 0);
    if (Math.abs(sum - 100) > 0.01) out.badSums.push({ path: at, sum: round(sum) });
    list.forEach((h, i) => {
      const share = (h.percent / 100) * factor;
      const here = `${at}[${i}]`;
      if (h.country !== 'CN') out.foreignPercent += share * 100;
      else if (h.kind === 'company') {
        if (h.shareholders) walk(h.shareholders, `${here}.shareholders`, share);
        else {
          out.unknownPercent += share * 100;
          out.unknownLayers.push(here);
        }
      }
    });
  };
  walk(holders, path, 1);
  out.foreignPercent = round(out.foreignPercent);
  out.unknownPercent = round(out.unknownPercent);
  return out;
}
