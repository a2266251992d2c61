/**
 * docs/PACKAGE.md cannot go stale: every finding code the engine can emit, every refusal code of the reader
 * and every manifest field is documented there, and every code its tables name exists.
 */
import { readFileSync } from 'node:fs';
import { ELIGIBILITY_FINDING_PREFIX, manifestSchema, precheckFindingCodes } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { packErrorCodes } from '../src/errors.ts';

const doc = readFileSync(new URL('../../../docs/PACKAGE.md', import.meta.url), 'utf8');
const kb = loadKb();
const findingCodes = [
  ...precheckFindingCodes,
  ...kb.checks.map((c) => `${ELIGIBILITY_FINDING_PREFIX}${c.id}`),
];

type Def = { type: string; shape?: Record<string, { _zod: { def: Def } }>; [k: string]: unknown };
const defOf = (s: unknown) => (s as { _zod: { def: Def } })._zod.def;

/** manifest paths of every field, e.g. documents[].kind, applicant.shareholders[].shareholders */
function fieldPaths(schema: unknown, at: string, seen: Set<unknown>, out: string[]): string[] {
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'nullable') return fieldPaths(def.innerType, at, seen, out);
  if (def.type === 'lazy') {
    if (seen.has(schema)) return out; // the shareholder tree repeats itself
    seen.add(schema);
    return fieldPaths((def.getter as () => unknown)(), at, seen, out);
  }
  if (def.type === 'array') return fieldPaths(def.element, `${at}[]`, seen, out);
  if (def.type === 'object')
    for (const [k, v] of Object.entries(def.shape ?? {})) {
      const p = at ? `${at}.${k}` : k;
      out.push(p);
      fieldPaths(v, p, seen, out);
    }
  return out;
}

/** the codes in the first column of the tables after a heading */
function tableCodes(from: string): string[] {
  const part = doc.slice(doc.indexOf(from));
  return [...part.matchAll(/^\| `([a-z0-9A-Z_-]+)`/gm)].map((m) => m[1]!);
}

describe('docs/PACKAGE.md', () => {
  it('documents every finding code the engine can emit', () => {
    const missing = findingCodes.filter((c) => !doc.includes(`\`${c}\``));
    expect(missing, 'add these finding codes to docs/PACKAGE.md').toEqual([]);
  });

  it('names no finding code the engine does not have', () => {
    const checks = doc.slice(
      doc.indexOf('## What the check does'),
      doc.indexOf('## Packages that are refused'),
    );
    const stale = [...checks.matchAll(/^\| `([a-z0-9-]+)`/gm)]
      .map((m) => m[1]!)
      .filter((c) => !findingCodes.includes(c));
    expect(stale).toEqual([]);
  });

  it('documents every refusal code of the package reader, and no other', () => {
    const codes = Object.keys(packErrorCodes);
    expect(codes.filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
    expect(tableCodes('## Packages that are refused').sort()).toEqual([...codes].sort());
  });

  it('documents every field of the manifest', () => {
    const paths = fieldPaths(manifestSchema, '', new Set(), []);
    expect(paths).toContain('applicant.shareholders[].shareholders');
    expect(paths).toContain('domains[].icpFiling');
    expect(paths.filter((p) => !doc.includes(`\`${p}\``))).toEqual(
      // objects whose fields are documented one by one
      ['applicant', 'applicant.legalRepresentative', 'licence'].filter((p) => !doc.includes(`\`${p}\``)),
    );
  });

  it('shows an example manifest that is valid', async () => {
    const { parseYamlSafely } = await import('../src/safe-yaml.ts');
    const { parseManifest } = await import('@icpdesk/engine');
    const yaml = /## An example\n\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    const parsed = parseYamlSafely(yaml ?? '');
    expect(parsed.ok).toBe(true);
    const m = parsed.ok ? parseManifest(parsed.data) : undefined;
    expect(m?.ok ? [] : m?.issues).toEqual([]);
  });
});
