/**
 * Technical limits on untrusted input: how many activities, shareholders, documents… a profile or a manifest
 * may hold, how deep a shareholding tree may go and how long a string may be. They are not legal facts (the
 * law sets none of them); they are far above any real profile or package, and they keep the work of parsing,
 * assessing and answering proportional to a small input. Documented in docs/API.md.
 *
 * checkLimits() walks the raw input once, before any schema, and stops at the first few problems, so that
 * an oversized input costs no more than reading it.
 */
import { type EngineIssue, issueMessages } from './errors.ts';

export const PROFILE_LIMITS = {
  /** entries of service.activities (duplicates count; they are collapsed after validation) */
  activities: 200,
  /** entries of service.coverage */
  coverage: 64,
  /** entries of service.channels */
  channels: 16,
  /** keys of service.answers */
  answers: 200,
  /** characters of any string (names, ids, activity ids, answer keys) */
  stringLength: 500,
  /** objects and arrays nested in each other */
  depth: 8,
} as const;

export const MANIFEST_LIMITS = {
  activities: 200,
  coverage: 64,
  channels: 16,
  answers: 200,
  staff: 500,
  domains: 500,
  servers: 500,
  documents: 1000,
  /** holders in one list (one layer of a shareholding tree) */
  shareholders: 200,
  /** holders in the whole tree, all layers together */
  shareholdersTotal: 2000,
  /** layers of a shareholding tree (the applicant's holders are layer 1) */
  shareholderDepth: 12,
  stringLength: 2000,
  /** objects and arrays nested in each other (a shareholder layer adds two) */
  depth: 40,
} as const;

export interface LimitSpec {
  /** the longest array (or the most keys of an object) under each key name; other arrays: the largest */
  lists: Readonly<Record<string, number>>;
  stringLength: number;
  depth: number;
  /** a key that nests (shareholders): its layers and its entries in total */
  nested?: { key: string; depth: number; total: number };
}

/** issues beyond this many are not looked for: the input is refused anyway */
const MAX_ISSUES = 5;

type Frame = { value: unknown; path: (string | number)[]; depth: number; layer: number };

const show = (path: (string | number)[]) =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : `${s}${s ? '.' : ''}${p}`), '');

/** Problems with the size of an untrusted input, before it is validated; empty when it is within limits. */
export function checkLimits(input: unknown, spec: LimitSpec): EngineIssue[] {
  const issues: EngineIssue[] = [];
  const largest = Math.max(...Object.values(spec.lists));
  const stack: Frame[] = [{ value: input, path: [], depth: 0, layer: 0 }];
  let nestedTotal = 0;
  while (stack.length && issues.length < MAX_ISSUES) {
    const { value, path, depth, layer } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.length > spec.stringLength)
        issues.push(issueMessages.tooLong(show(path), value.length, spec.stringLength));
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= spec.depth) {
      issues.push(issueMessages.tooDeep(show(path), spec.depth));
      continue;
    }
    const key = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
    const size = Array.isArray(value) ? value.length : Object.keys(value).length;
    const max = (key !== undefined ? spec.lists[key] : undefined) ?? largest;
    if (size > max) {
      issues.push(issueMessages.tooMany(show(path), size, max));
      continue;
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    let nextLayer = layer;
    if (spec.nested && Array.isArray(value) && path[path.length - 1] === spec.nested.key) {
      nextLayer = layer + 1;
      nestedTotal += value.length;
      if (nextLayer > spec.nested.depth) {
        issues.push(issueMessages.tooDeep(show(path), spec.nested.depth));
        continue;
      }
      if (nestedTotal > spec.nested.total) {
        issues.push(issueMessages.tooMany(show(path), nestedTotal, spec.nested.total));
        continue;
      }
    }
    for (const [k, v] of entries) {
      if (typeof k === 'string' && k.length > spec.stringLength)
        issues.push(issueMessages.tooLong(show(path), k.length, spec.stringLength));
      stack.push({ value: v, path: [...path, k], depth: depth + 1, layer: nextLayer });
    }
  }
  return issues.slice(0, MAX_ISSUES);
}

export const profileLimitSpec: LimitSpec = {
  lists: {
    activities: PROFILE_LIMITS.activities,
    coverage: PROFILE_LIMITS.coverage,
    channels: PROFILE_LIMITS.channels,
    answers: PROFILE_LIMITS.answers,
  },
  stringLength: PROFILE_LIMITS.stringLength,
  depth: PROFILE_LIMITS.depth,
};

export const manifestLimitSpec: LimitSpec = {
  lists: {
    activities: MANIFEST_LIMITS.activities,
    coverage: MANIFEST_LIMITS.coverage,
    channels: MANIFEST_LIMITS.channels,
    answers: MANIFEST_LIMITS.answers,
    staff: MANIFEST_LIMITS.staff,
    domains: MANIFEST_LIMITS.domains,
    servers: MANIFEST_LIMITS.servers,
    documents: MANIFEST_LIMITS.documents,
    shareholders: MANIFEST_LIMITS.shareholders,
  },
  stringLength: MANIFEST_LIMITS.stringLength,
  depth: MANIFEST_LIMITS.depth,
  nested: {
    key: 'shareholders',
    depth: MANIFEST_LIMITS.shareholderDepth,
    total: MANIFEST_LIMITS.shareholdersTotal,
  },
};
