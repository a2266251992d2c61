/**
 * Which kb material a document of the package fulfils, read for the package's own procedure: the checklist's
 * item of that kind, else a material of the same procedure. A kind that only other procedures use is
 * reported, never cited: a finding rests on the material of the procedure applied for.
 */
import { inForce, type Kb, type Procedure } from '@icpdesk/kb';
import type { ChecklistItem } from '../schemas/checklist.ts';
import type { PrecheckRun } from './run.ts';

export type MaterialRef = Pick<ChecklistItem, 'id' | 'name' | 'fileTypes' | 'providedBy' | 'sources'>;

export type MaterialLookup =
  | { found: true; material: MaterialRef }
  | { found: false; otherProcedures: Procedure[] };

/** a lookup from document kind to the material of this run's procedure */
export function materialLookup(c: PrecheckRun): (kind: string) => MaterialLookup {
  const { kb, m, list, asOf } = c;
  const procedure = m.licence.procedure;
  const onList = new Map(list.items.map((i) => [i.documentKind, i]));
  const byKind = new Map<string, Kb['materials']>();
  for (const x of kb.materials) byKind.set(x.documentKind, [...(byKind.get(x.documentKind) ?? []), x]);
  return (kind) => {
    const item = onList.get(kind);
    if (item) return { found: true, material: item };
    const all = byKind.get(kind) ?? [];
    const mine = all.filter((x) => x.procedures.includes(procedure));
    const material = mine.find((x) => inForce(x.effective, asOf)) ?? mine[0];
    if (material) return { found: true, material };
    return { found: false, otherProcedures: [...new Set(all.flatMap((x) => x.procedures))] };
  };
}
