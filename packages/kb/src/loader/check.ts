/**
 * Parses and checks all of kb/: each file against its schema, then what a schema alone cannot check (duplicate
 * ids, unknown references, overlapping effective ranges, one decision limit per procedure). Every problem is
 * collected, in the order of the steps below, and all are reported at once.
 */
import { KbLoadError } from '../errors.ts';
import { checkActivityRefs } from './activity-refs.ts';
import { checkCompleteness } from './completeness.ts';
import { checkDepthRefs } from './depth-refs.ts';
import { checkForeignCapOverlaps } from './effective.ts';
import { checkConditionsRefs, checkFilingRefs, checkMaterialRefs, checkPitfallRefs } from './file-refs.ts';
import type { Bundle, FileData } from './files.ts';
import { Issues } from './issues.ts';
import { checkObligationRefs } from './obligation-refs.ts';
import { checkParameters } from './parameters.ts';
import { type ParsedKb, parseKb } from './parse-kb.ts';
import { checkRuleIds } from './rule-ids.ts';
import { checkSourceRefs } from './source-refs.ts';
import { checkTemplates } from './templates.ts';
import { indexEntries, indexSources, uniqueMap } from './unique-ids.ts';

/** The validated kb, or a KbLoadError with every issue found. */
export function parseAndCheck(dir: string, texts: Map<string, string>): Bundle {
  const issues = new Issues();
  const kb = parseKb(dir, texts, issues);
  checkSourceRefs(kb, indexSources(kb, issues), issues);
  const idx = indexEntries(kb, issues);
  checkCompleteness(kb, idx, issues);
  checkRuleIds(kb, issues);
  const ctx = { kb, idx, issues };
  checkActivityRefs(ctx);
  checkFilingRefs(ctx);
  // materials' ids are checked here, after the filings, as they always were: the order of issues is stable
  uniqueMap(issues, kb.data.materials?.materials, kb.parsed.materials, 'materials', 'material');
  checkMaterialRefs(ctx);
  checkPitfallRefs(ctx);
  checkConditionsRefs(ctx);
  checkObligationRefs(ctx);
  checkForeignCapOverlaps(kb, issues);
  checkParameters(kb, issues);
  checkDepthRefs(ctx);
  checkTemplates(ctx);
  if (issues.list.length > 0) throw new KbLoadError(issues.list);
  return toBundle(kb);
}

/** Only called when there were no issues: then every file is there and valid. */
function toBundle(kb: ParsedKb): Bundle {
  return {
    ...(kb.data as FileData),
    sources: kb.sourceFiles.flatMap((x) => x.list),
    activities: kb.activities.map((x) => x.a),
    faqs: kb.faqFiles.flatMap((x) => x.list),
    templates: kb.templates.list.map((x) => x.t),
    templateFacts: kb.templates.facts?.list ?? [],
  };
}
