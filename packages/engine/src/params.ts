/** A parameter as it appears in a trace: value, unit, dates and sources. */
import type { ParameterAt } from '@icpdesk/kb';
import type { ParameterUse } from './schemas/common.ts';

export type { ParameterUse };

export function paramUse(p: ParameterAt): ParameterUse {
  return {
    id: p.id,
    name: p.name,
    value: p.value,
    unit: p.unit,
    ...(p.unitAlternatives ? { unitAlternatives: p.unitAlternatives } : {}),
    effective: p.effective,
    confidence: p.confidence,
    sources: p.sources,
  };
}
