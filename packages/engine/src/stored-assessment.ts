/**
 * Assessments stored before results listed each source once: every conclusion carried its sources in full
 * ({ref, article, title, url, grade}) and there was no `sources` book. `storedAssessment` reads either
 * shape and gives the current one, so stored rows need no migration.
 */
import type { SourceRef } from '@icpdesk/kb';
import type { Assessment } from './schemas/assessment.ts';
import type { SourceBook, SourceInfo } from './schemas/common.ts';
import type { PrecheckResult } from './schemas/precheck.ts';

type Old = SourceRef & Partial<SourceInfo>;

/** replaces every `sources` list of full citations below `v` by references, noting each source in `book` */
function toRefs(v: unknown, book: SourceBook): void {
  if (Array.isArray(v)) {
    for (const x of v) toRefs(x, book);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  for (const [k, x] of Object.entries(o)) {
    if (k === 'sources' && Array.isArray(x)) o[k] = x.map((s: Old) => cite(s, book));
    else toRefs(x, book);
  }
}

function cite(s: Old, book: SourceBook): SourceRef {
  if (s.title !== undefined && !(s.ref in book))
    book[s.ref] = { title: s.title, ...(s.url ? { url: s.url } : {}), grade: s.grade ?? 'E' };
  return s.article ? { ref: s.ref, article: s.article } : { ref: s.ref };
}

/** a stored result (parsed JSON, not shared with anything else) with its sources listed once */
function withSourceBook<T extends { sources: SourceBook }>(parsed: unknown): T {
  const a = parsed as T & { sources?: unknown };
  if (a.sources && typeof a.sources === 'object' && !Array.isArray(a.sources)) return a;
  const book: SourceBook = {};
  toRefs(a, book);
  a.sources = book;
  return a;
}

/** a stored assessment (parsed JSON, not shared with anything else) in the current shape */
export const storedAssessment = (parsed: unknown): Assessment => withSourceBook<Assessment>(parsed);

/**
 * a stored package check (an application's last precheck result) in the current shape: its checklist keeps
 * the book of the materials' sources, the result the book of the findings'
 */
export function storedPrecheckResult(parsed: unknown): PrecheckResult {
  const p = parsed as PrecheckResult;
  if (p.checklist) p.checklist = withSourceBook(p.checklist);
  return withSourceBook<PrecheckResult>(p);
}
