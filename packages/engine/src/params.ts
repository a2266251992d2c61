/** A parameter as it appears in a trace: value, unit, dates and sources. */
import type { CitedSource, Confidence, Kb, ParameterAt, Text } from '@icpdesk/kb';

export interface ParameterUse {
  id: string;
  name: Text;
  value: ParameterAt['value'];
  unit: ParameterAt['unit'];
  unitAlternatives?: ParameterAt['unitAlternatives'];
  effective: ParameterAt['effective'];
  confidence: Confidence;
  sources: CitedSource[];
}

export function paramUse(kb: Kb, p: ParameterAt): ParameterUse {
  return {
    id: p.id,
    name: p.name,
    value: p.value,
    unit: p.unit,
    ...(p.unitAlternatives ? { unitAlternatives: p.unitAlternatives } : {}),
    effective: p.effective,
    confidence: p.confidence,
    sources: kb.cite(p.sources),
  };
}
